using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Events;

/// <summary>
/// Writes a <see cref="BarrierEvent"/> back in the documented format (<c>docs/events.md</c>), so that what is
/// stored reads back through <see cref="EventParser"/> to the same event: the kind's own fields for
/// <see cref="StoredEvent.Payload"/>, or the whole event (common fields and payload) for exports, backtests and
/// alerts.
/// </summary>
public static class EventJson
{
    /// <summary>The kind's own fields as a JSON object (the common fields are columns).</summary>
    public static string Payload(BarrierEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteKindFields(w, e);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The whole event as one JSON object, as a source would send it.</summary>
    public static string Full(BarrierEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(320);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteCommon(w, e.Kind, e.Time.UtcDateTime, e.Mainport, e.Source, e.Site, e.Id);
            WriteKindFields(w, e);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The whole event of a stored row: its columns and its payload joined into one object.</summary>
    public static string Full(StoredEvent row)
    {
        var buffer = new ArrayBufferWriter<byte>(320);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteCommon(w, row.Kind, row.Time, row.Mainport, row.Source, row.Site, row.EventId);
            using var payload = JsonDocument.Parse(row.Payload);
            foreach (var property in payload.RootElement.EnumerateObject())
            {
                property.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The stored row as a typed event again (through the parser, which checked it on arrival).</summary>
    public static BarrierEvent Read(StoredEvent row, EventParser parser)
    {
        var parsed = parser.Parse(Full(row));
        return parsed.Event ?? throw new InvalidOperationException($"Stored event {row.Id} no longer parses: {parsed.Error}");
    }

    /// <summary>The lower-case word for a kind, as in the JSON.</summary>
    public static string Word(EventKind kind) => kind switch
    {
        EventKind.Access => "access",
        EventKind.Anpr => "anpr",
        EventKind.Video => "video",
        EventKind.Fence => "fence",
        EventKind.Gate => "gate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind for a word (<c>anpr</c>), or null.</summary>
    public static EventKind? KindOf(string word) => word switch
    {
        "access" => EventKind.Access,
        "anpr" => EventKind.Anpr,
        "video" => EventKind.Video,
        "fence" => EventKind.Fence,
        "gate" => EventKind.Gate,
        _ => null,
    };

    private static void WriteCommon(Utf8JsonWriter w, EventKind kind, DateTime time, string mainport, string source, string? site, string? id)
    {
        w.WriteString("kind", Word(kind));
        w.WriteString("time", DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        w.WriteString("mainport", mainport);
        w.WriteString("source", source);
        if (site is not null)
        {
            w.WriteString("site", site);
        }

        if (id is not null)
        {
            w.WriteString("id", id);
        }
    }

    private static void WriteKindFields(Utf8JsonWriter w, BarrierEvent e)
    {
        switch (e)
        {
            case AccessEvent a:
                w.WriteString("pass", a.Pass);
                w.WriteString("reader", a.Reader);
                Optional(w, "zone", a.Zone);
                w.WriteBoolean("granted", a.Granted);
                Optional(w, "reason", a.Reason);
                w.WriteString("method", a.Method == AccessMethod.Biometric ? "biometric" : "badge");
                break;
            case AnprEvent n:
                w.WriteString("camera", n.Camera);
                w.WriteString("direction", Word(n.Direction));
                Optional(w, "country", n.Country);
                w.WriteStartArray("candidates");
                var prefix = n.Country is null ? null : n.Country + ":";
                foreach (var c in n.Candidates)
                {
                    w.WriteStartObject();
                    // With a country the parser adds the prefix itself.
                    w.WriteString("plate", prefix is not null && c.Plate.StartsWith(prefix, StringComparison.Ordinal) ? c.Plate[prefix.Length..] : c.Plate);
                    w.WriteNumber("confidence", c.Confidence);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case VideoEvent v:
                w.WriteString("camera", v.Camera);
                w.WriteString("label", v.Label.ToString().ToLowerInvariant());
                Strings(w, "zones", v.Zones);
                w.WriteNumber("score", v.Score);
                w.WriteString("phase", v.Phase.ToString().ToLowerInvariant());
                Optional(w, "track", v.Track);
                break;
            case FenceEvent f:
                w.WriteString("sensor", f.Sensor);
                w.WriteString("zone", f.Zone);
                w.WriteString("alarm", f.Alarm.ToString().ToLowerInvariant());
                break;
            case GateEvent g:
                w.WriteString("gate", g.Gate);
                w.WriteString("direction", Word(g.Direction));
                Strings(w, "containers", g.Containers);
                Optional(w, "plate", g.Plate);
                Optional(w, "carrierEan", g.CarrierEan);
                Optional(w, "driverCard", g.DriverCard);
                Optional(w, "visit", g.Visit);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name);
        }
    }

    private static string Word(Direction direction) => direction switch
    {
        Direction.In => "in",
        Direction.Out => "out",
        _ => "unknown",
    };

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
