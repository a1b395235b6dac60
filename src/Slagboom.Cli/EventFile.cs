using System.Text.Json;
using Slagboom.Domain.Events;
using Slagboom.Rules.Simulation;

namespace Slagboom.Cli;

/// <summary>Reads events from a file (NDJSON, or a JSON array) and writes NDJSON; shared by the events and rules commands.</summary>
internal static class EventFile
{
    /// <summary>
    /// Every valid event of the file with its line (NDJSON) or index (array), and every bad one's reason. An event
    /// without an id gets <c>line-N</c> (or <c>index-N</c>) so that alerts can name it.
    /// </summary>
    public static (List<BarrierEvent> Events, List<string> Problems) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var parser = new EventParser();
        var events = new List<BarrierEvent>();
        var problems = new List<string>();
        var text = bytes.AsSpan();
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        if (text.TrimStart(" \t\r\n"u8).StartsWith("["u8))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text.ToArray());
            }
            catch (JsonException e)
            {
                problems.Add($"not a valid JSON array: {e.Message}");
                return (events, problems);
            }

            using (document)
            {
                var index = 0;
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    Add(parser.Parse(System.Text.Encoding.UTF8.GetBytes(element.GetRawText())), $"index {index}", $"index-{index}", events, problems);
                    index++;
                }
            }

            return (events, problems);
        }

        var line = 0;
        while (!text.IsEmpty)
        {
            line++;
            var end = text.IndexOf((byte)'\n');
            var current = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (current.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            Add(parser.Parse(current), $"line {line}", $"line-{line}", events, problems);
        }

        return (events, problems);
    }

    private static void Add(EventParseResult result, string where, string fallbackId, List<BarrierEvent> events, List<string> problems)
    {
        if (result.Event is { } e)
        {
            events.Add(e.Id is null ? e with { Id = fallbackId } : e);
        }
        else
        {
            problems.Add($"{where}: {result.Error}");
        }
    }

    public static void WriteNdjson(Stream stream, IEnumerable<BarrierEvent> events)
    {
        using var writer = new Utf8JsonWriter(stream);
        foreach (var e in events)
        {
            EventWriter.Write(writer, e);
            writer.Flush();
            writer.Reset();
            stream.WriteByte((byte)'\n');
        }
    }

    public static void WriteLabels(Stream stream, IEnumerable<ScenarioLabel> labels)
    {
        using var writer = new Utf8JsonWriter(stream);
        foreach (var label in labels)
        {
            writer.WriteStartObject();
            writer.WriteString("id", label.Id);
            writer.WriteString("scenario", label.Scenario);
            writer.WriteString("time", label.Time.UtcDateTime);
            writer.WriteStartArray("events");
            foreach (var id in label.Events)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>Reads labels written by <see cref="WriteLabels"/>; null and a reason when a line is bad.</summary>
    public static (List<ScenarioLabel>? Labels, string? Problem) ReadLabels(string path)
    {
        var labels = new List<ScenarioLabel>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                var root = JsonDocument.Parse(text).RootElement;
                labels.Add(new ScenarioLabel(
                    root.GetProperty("id").GetString() ?? throw new KeyNotFoundException("id"),
                    root.GetProperty("scenario").GetString() ?? throw new KeyNotFoundException("scenario"),
                    root.TryGetProperty("time", out var time) ? time.GetDateTimeOffset() : default,
                    [.. root.GetProperty("events").EnumerateArray().Select(e => e.GetString() ?? "")]));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return (null, $"{path} line {line}: expected {{\"id\",\"scenario\",\"time\",\"events\":[ids]}}: {e.Message}");
            }
        }

        return (labels, null);
    }
}
