using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Slagboom.Core.Events;

/// <summary>Where Frigate's events come from: Frigate knows cameras, not mainports or sites.</summary>
/// <param name="Mainport">The mainport of the Frigate installation.</param>
/// <param name="Site">The site, when the installation covers one.</param>
/// <param name="Source">The source name the events get (default <c>frigate</c>).</param>
public sealed record FrigateOrigin(string Mainport, string? Site, string Source = "frigate");

/// <summary>
/// Maps a message of Frigate's <c>frigate/events</c> topic (<c>{"type":"new"|"update"|"end","before":{…},
/// "after":{"id","camera","label","score","top_score","entered_zones","start_time","end_time","frame_time",…}}</c>)
/// to a <c>video</c> event in our format (docs/events.md), which then goes through the same parser as every other
/// event. The object's state is taken from <c>after</c>; the time is <c>end_time</c> for an end, else
/// <c>frame_time</c>, else <c>start_time</c> (Unix seconds). The event id is Frigate's id with the type and time, so
/// that the start, updates and end of one object are separate events sharing <c>track</c>.
/// </summary>
public static class FrigateEvents
{
    /// <summary>Our JSON for the message, or why it cannot be mapped.</summary>
    public static (byte[]? Json, string? Error) Map(ReadOnlySpan<byte> message, FrigateOrigin origin)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "expected a Frigate event object {\"type\",\"before\",\"after\"}");
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var phase = type switch
            {
                "new" => "start",
                "update" => "update",
                "end" => "end",
                _ => null,
            };
            if (phase is null)
            {
                return (null, $"type: expected new, update or end, not '{type}'");
            }

            if (!root.TryGetProperty("after", out var after) || after.ValueKind != JsonValueKind.Object)
            {
                return (null, "after: required, the object's state");
            }

            var seconds = Number(after, phase == "end" ? "end_time" : "frame_time") ?? Number(after, "frame_time") ?? Number(after, "start_time");
            if (seconds is null)
            {
                return (null, "after.start_time: required (Unix seconds)");
            }

            var time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds.Value * 1000));
            var id = Text(after, "id");
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("kind", "video");
                w.WriteString("time", time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                w.WriteString("mainport", origin.Mainport);
                w.WriteString("source", origin.Source);
                if (origin.Site is not null)
                {
                    w.WriteString("site", origin.Site);
                }

                if (id is not null)
                {
                    w.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{id}:{type}:{time.ToUnixTimeMilliseconds()}"));
                    w.WriteString("track", id);
                }

                Copy(w, after, "camera", "camera");
                Copy(w, after, "label", "label");
                // The best score so far when Frigate gives it, else the current frame's.
                if ((Number(after, "top_score") ?? Number(after, "score")) is { } score)
                {
                    w.WriteNumber("score", score);
                }

                if (after.TryGetProperty("entered_zones", out var zones) && zones.ValueKind == JsonValueKind.Array)
                {
                    w.WritePropertyName("zones");
                    zones.WriteTo(w);
                }

                w.WriteString("phase", phase);
                w.WriteEndObject();
            }

            return (buffer.WrittenSpan.ToArray(), null);
        }
    }

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void Copy(Utf8JsonWriter w, JsonElement from, string name, string to)
    {
        if (from.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
        {
            w.WritePropertyName(to);
            v.WriteTo(w);
        }
    }
}
