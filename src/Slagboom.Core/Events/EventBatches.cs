using System.Text.Json;

namespace Slagboom.Core.Events;

/// <summary>The events of one body or file, each as its own slice of JSON, or why the whole cannot be read.</summary>
public sealed record EventBatch(IReadOnlyList<RawEvent> Events, string? Error);

/// <summary>
/// Cuts a body into single events without parsing them (the <see cref="Slagboom.Domain.Events.EventParser"/> does
/// that, one by one, so that one bad event refuses only itself): a JSON array into its elements, NDJSON into its
/// non-blank lines. Indexes count from 0 over the elements or the non-blank lines.
/// </summary>
public static class EventBatches
{
    public static EventBatch SplitArray(ReadOnlyMemory<byte> body)
    {
        var events = new List<RawEvent>();
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return new EventBatch([], "Expected a JSON array of events (or NDJSON with Content-Type application/x-ndjson).");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                events.Add(new RawEvent(events.Count, body[start..(int)reader.BytesConsumed]));
            }

            if (reader.Read())
            {
                return new EventBatch([], "Nothing may follow the array.");
            }
        }
        catch (JsonException e)
        {
            // The array itself is broken, so no element boundary can be trusted.
            return new EventBatch([], $"Not a valid JSON array: {e.Message}");
        }

        return new EventBatch(events, null);
    }

    public static EventBatch SplitLines(ReadOnlyMemory<byte> body)
    {
        var events = new List<RawEvent>();
        var span = body.Span;
        var start = 0;
        while (start < span.Length)
        {
            var end = span[start..].IndexOf((byte)'\n');
            var stop = end < 0 ? span.Length : start + end;
            var line = body[start..stop];
            if (!line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                events.Add(new RawEvent(events.Count, line));
            }

            start = stop + 1;
        }

        return new EventBatch(events, null);
    }
}
