using System.Text.Json;

namespace Slagboom.Domain.Events;

/// <summary>
/// Writes a <see cref="BarrierEvent"/> as the JSON object of <c>docs/events.md</c>, with normalised values, so that
/// <see cref="EventParser"/> reads back an equal event. For files (NDJSON), storage and replays.
/// </summary>
public static class EventWriter
{
    /// <summary>Writes <paramref name="e"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, BarrierEvent e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);
        writer.WriteStartObject();
        writer.WriteString("kind"u8, e.Kind switch
        {
            EventKind.Access => "access",
            EventKind.Anpr => "anpr",
            EventKind.Video => "video",
            EventKind.Fence => "fence",
            _ => "gate",
        });
        writer.WriteString("time"u8, e.Time.UtcDateTime);
        writer.WriteString("mainport"u8, e.Mainport);
        writer.WriteString("source"u8, e.Source);
        Optional(writer, "site"u8, e.Site);
        Optional(writer, "id"u8, e.Id);
        switch (e)
        {
            case AccessEvent a:
                writer.WriteString("pass"u8, a.Pass);
                writer.WriteString("reader"u8, a.Reader);
                Optional(writer, "zone"u8, a.Zone);
                writer.WriteBoolean("granted"u8, a.Granted);
                Optional(writer, "reason"u8, a.Reason);
                writer.WriteString("method"u8, a.Method == AccessMethod.Badge ? "badge" : "biometric");
                break;
            case AnprEvent n:
                writer.WriteString("camera"u8, n.Camera);
                writer.WriteString("direction"u8, Name(n.Direction));
                Optional(writer, "country"u8, n.Country);
                writer.WriteStartArray("candidates"u8);
                foreach (var c in n.Candidates)
                {
                    writer.WriteStartObject();
                    // Without the country prefix: the parser adds it back from "country".
                    var colon = n.Country is null ? -1 : c.Plate.IndexOf(':', StringComparison.Ordinal);
                    writer.WriteString("plate"u8, colon < 0 ? c.Plate : c.Plate[(colon + 1)..]);
                    writer.WriteNumber("confidence"u8, c.Confidence);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case VideoEvent v:
                writer.WriteString("camera"u8, v.Camera);
                writer.WriteString("label"u8, v.Label.ToString().ToLowerInvariant());
                writer.WriteStartArray("zones"u8);
                foreach (var zone in v.Zones)
                {
                    writer.WriteStringValue(zone);
                }

                writer.WriteEndArray();
                writer.WriteNumber("score"u8, v.Score);
                writer.WriteString("phase"u8, v.Phase.ToString().ToLowerInvariant());
                Optional(writer, "track"u8, v.Track);
                break;
            case FenceEvent f:
                writer.WriteString("sensor"u8, f.Sensor);
                writer.WriteString("zone"u8, f.Zone);
                writer.WriteString("alarm"u8, f.Alarm.ToString().ToLowerInvariant());
                break;
            case GateEvent g:
                writer.WriteString("gate"u8, g.Gate);
                writer.WriteString("direction"u8, Name(g.Direction));
                writer.WriteStartArray("containers"u8);
                foreach (var container in g.Containers)
                {
                    writer.WriteStringValue(container);
                }

                writer.WriteEndArray();
                Optional(writer, "plate"u8, g.Plate);
                Optional(writer, "carrierEan"u8, g.CarrierEan);
                Optional(writer, "driverCard"u8, g.DriverCard);
                Optional(writer, "visit"u8, g.Visit);
                break;
            default:
                break;
        }

        writer.WriteEndObject();
    }

    private static string Name(Direction d) => d switch
    {
        Direction.In => "in",
        Direction.Out => "out",
        _ => "unknown",
    };

    private static void Optional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
