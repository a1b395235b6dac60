using System.Text;
using System.Text.Json;
using Slagboom.Domain.Events;
using Slagboom.Rules.Simulation;

namespace Slagboom.Rules.Tests;

/// <summary><see cref="RuleEngine.PostLines"/>: NDJSON parsed by whichever thread is free, evaluated in order by every shard.</summary>
public sealed class EngineLinesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PostLines_RaisesWhatOneEvaluatorRaises_OnAGeneratedWeek(int shards)
    {
        var (rules, data, lines, end, expected) = GeneratedWeek();
        var actual = new List<Alert>();
        var invalid = new List<int>();
        using (var engine = new RuleEngine(rules, actual.Add, new RuleEngineOptions { Shards = shards }))
        {
            // In uneven pieces, as a stream arrives, so that batches do not line up with the calls.
            for (var first = 0; first < lines.Length; first += 997)
            {
                engine.PostLines(data, lines.AsSpan(first, Math.Min(997, lines.Length - first)), (i, _) => invalid.Add(i));
            }

            engine.AdvanceTo(end);
            engine.Drain();
            Assert.Equal(lines.Length, engine.Stats.Events);
        }

        Assert.Empty(invalid);
        Assert.True(expected.Count > 10, $"the week raised only {expected.Count} alerts");
        Assert.Equal(expected.Select(Describe).Order(), actual.Select(Describe).Order());
    }

    [Fact]
    public void PostLines_ReusesTheChunksOfLinesNoStateKeeps_AndAlertsStillCarryTheirEvents()
    {
        var (rules, data, lines, end, expected) = GeneratedWeek();

        // 4 KiB chunks: a week of lines fills thousands; state keeps few of them, so most are reused.
        const int chunkBytes = 4096;
        var actual = new List<Alert>();
        int chunks;
        using (var engine = new RuleEngine(rules, actual.Add, new RuleEngineOptions { Shards = 2, JournalChunkBytes = chunkBytes }))
        {
            engine.PostLines(data, lines);
            engine.AdvanceTo(end);
            engine.Drain();
            chunks = engine.JournalChunks;
        }

        var filled = data.Length / chunkBytes;
        Assert.True(chunks < filled / 2, $"{chunks:N0} chunks made for {filled:N0} chunks of lines: few were reused");
        Assert.Equal(expected.Select(Describe).Order(), actual.Select(Describe).Order());
    }

    [Fact]
    public void PostLines_OverTheJournalLimit_TurnsOldKeptLinesIntoEvents_SoThatTheirChunksAreReused()
    {
        var (rules, data, lines, end, expected) = GeneratedWeek();

        // The sample velocity rules keep a pass's last event for a day, so nearly every chunk of a day's lines holds
        // one kept line: without a limit the journal keeps about a day of lines.
        const int chunkBytes = 8192;
        const long limit = 256 * 1024;
        int Chunks(long maxBytes, List<Alert> alerts)
        {
            using var engine = new RuleEngine(rules, alerts.Add, new RuleEngineOptions { Shards = 2, JournalChunkBytes = chunkBytes, JournalMaxBytes = maxBytes });
            engine.PostLines(data, lines);
            engine.AdvanceTo(end);
            engine.Drain();
            return engine.JournalChunks;
        }

        var unlimited = new List<Alert>();
        var limited = new List<Alert>();
        var chunksUnlimited = Chunks(long.MaxValue, unlimited);
        var chunksLimited = Chunks(limit, limited);

        // The limit's 32 chunks, plus those of the lines in flight (up to 16 batches of 64 lines) and of the passes
        // under way when it was reached: about 65 here, against about 240 without a limit.
        Assert.True(chunksLimited * 2 < chunksUnlimited, $"{chunksLimited:N0} chunks with a limit, {chunksUnlimited:N0} without");
        Assert.True(chunksLimited < 3 * limit / chunkBytes, $"{chunksLimited:N0} chunks of {chunkBytes:N0} bytes under a limit of {limit:N0} bytes");
        Assert.Equal(expected.Select(Describe).Order(), unlimited.Select(Describe).Order());
        Assert.Equal(expected.Select(Describe).Order(), limited.Select(Describe).Order());
    }

    [Fact]
    public void PostLines_ReportsBadLinesWithTheirIndexAndReason_AndEvaluatesTheRest()
    {
        var loaded = RuleSetLoader.Load([("t.yaml", """
            id: D1
            title: Denied
            type: match
            where: { kind: access, granted: false }
            by: pass
            """)]);
        var rules = loaded.RuleSet!;

        // Long video lines (32 zones of 150 characters) make a batch larger than its starting buffer.
        var zones = string.Join(",", Enumerable.Range(0, 32).Select(i => $"\"{new string('z', 148)}{i:D2}\""));
        var video = $$"""{"kind":"video","time":"2026-11-27T10:00:01Z","mainport":"RTM","source":"f","camera":"C1","label":"person","zones":[{{zones}}],"score":0.9,"phase":"start"}""";
        var text = new List<string>
        {
            """{"kind":"access","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"acs","pass":"P1","reader":"R1","granted":false}""",
            """{"kind":"access","time":""",
            """{"kind":"access","time":"2026-11-27T10:00:02Z","mainport":"RTM","source":"acs","reader":"R1","granted":false}""",
        };
        text.AddRange(Enumerable.Repeat(video, 100));
        text.Add("""{"kind":"access","time":"2026-11-27T10:00:03Z","mainport":"RTM","source":"acs","pass":"P2","reader":"R1","granted":false}""");
        var (data, lines) = Ndjson(text);

        var alerts = new List<Alert>();
        var invalid = new List<(int Index, string Reason)>();
        using (var engine = new RuleEngine(rules, alerts.Add, new RuleEngineOptions { Shards = 2 }))
        {
            engine.PostLines(data, lines, (i, reason) =>
            {
                lock (invalid)
                {
                    invalid.Add((i, reason));
                }
            });
            engine.Drain();
            Assert.Equal(text.Count - 2, engine.Stats.Events);
        }

        Assert.Equal([1, 2], invalid.Select(x => x.Index).Order());
        Assert.StartsWith("not valid JSON", invalid.Single(x => x.Index == 1).Reason, StringComparison.Ordinal);
        Assert.Equal("pass: required for an access event", invalid.Single(x => x.Index == 2).Reason);
        Assert.Equal(["P1", "P2"], alerts.Select(a => a.Key).Order());
    }

    /// <summary>A generated week of the sample port as NDJSON, and the alerts one evaluator raises over it (the expected ones).</summary>
    private static (RuleSet Rules, byte[] Data, (int Offset, int Length)[] Lines, DateTimeOffset End, List<Alert> Expected) GeneratedWeek()
    {
        var loaded = RuleSetLoader.LoadDirectory(SampleRulesTests.SampleRules);
        Assert.True(loaded.RuleSet is not null, string.Join("\n", loaded.Errors));
        var port = PortSimulator.Generate(7, 42, new DateOnly(2026, 11, 23));
        var (data, lines) = Ndjson(port.Events.Select(Line));
        var end = port.Events[^1].Time.AddDays(1);
        var expected = new List<Alert>();
        var evaluator = new RuleEvaluator(loaded.RuleSet!, expected.Add);
        var parser = new EventParser();
        foreach (var (offset, length) in lines)
        {
            evaluator.Process(parser.Parse(data.AsSpan(offset, length)).Event!);
        }

        evaluator.AdvanceTo(end);
        return (loaded.RuleSet!, data, lines, end, expected);
    }

    // The whole of every event behind an alert: the engine keeps lines and parses them again for alerts.
    private static string Describe(Alert a) => $"{a.RuleId}/{a.Key}/{a.Time:O}/{string.Join(",", a.Events.Select(Line))}";

    private static string Line(BarrierEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            EventWriter.Write(writer, e);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static (byte[] Data, (int Offset, int Length)[] Lines) Ndjson(IEnumerable<string> lines)
    {
        var data = new MemoryStream();
        var spans = new List<(int, int)>();
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            spans.Add(((int)data.Position, bytes.Length));
            data.Write(bytes);
            data.WriteByte((byte)'\n');
        }

        return (data.ToArray(), [.. spans]);
    }
}
