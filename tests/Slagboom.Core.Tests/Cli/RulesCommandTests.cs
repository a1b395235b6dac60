using System.Text.Json;
using Slagboom.Cli;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Cli;

/// <summary><c>slagboom rules test|evaluate</c>, <c>events generate</c> and <c>bench rules</c>: output shapes and exit codes, in-process, no database.</summary>
public sealed class RulesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("slagboom-rules-").FullName;

    private static string SampleRules => Path.Combine(RepositoryRoot.Path, "rules", "sample");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, new Dictionary<string, string?>());
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task RulesTest_PrintsAlertsAsJsonLines_AndReportsBadEventsWithTheirLine()
    {
        var events = Path.Combine(_dir, "events.ndjson");
        await File.WriteAllLinesAsync(events,
        [
            """{"kind":"access","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"acs","site":"ECT-DELTA","id":"a1","pass":"P-9","reader":"ECT-DELTA-R1","granted":false,"reason":"revoked"}""",
            """{"kind":"access","time":"2026-11-27T10:01:00Z","mainport":"RTM","source":"acs","pass":"P-9"}""",
            "",
            """{"kind":"fence","time":"2026-11-27T10:02:00Z","mainport":"RTM","source":"f","sensor":"F-1","zone":"north","alarm":"cut"}""",
        ]);

        var (code, output, error) = await RunAsync("rules", "test", "--rules", SampleRules, "--events", events);

        Assert.Equal(1, code);
        Assert.Contains("line 2: reader: required for an access event", error, StringComparison.Ordinal);
        var alerts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Equal(["rule", "title", "severity", "type", "key", "time", "mainport", "site", "events"], alerts[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("RTM-ACC-001", alerts[0].GetProperty("rule").GetString());
        Assert.Equal("high", alerts[0].GetProperty("severity").GetString());
        Assert.Equal("P-9", alerts[0].GetProperty("key").GetString());
        Assert.Equal(["a1"], alerts[0].GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("RTM-FEN-001", alerts[1].GetProperty("rule").GetString());
        Assert.Equal(["line-4"], alerts[1].GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task RulesTest_Until_FiresAbsenceRules()
    {
        var events = Path.Combine(_dir, "gate.ndjson");
        await File.WriteAllTextAsync(events, """{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos","site":"RWG","id":"g1","gate":"in-1","direction":"in","visit":"TAR-1"}""");

        var without = await RunAsync("rules", "test", "--rules", SampleRules, "--events", events);
        var with = await RunAsync("rules", "test", "--rules", SampleRules, "--events", events, "--until", "2026-11-27T14:00:00Z");

        Assert.Equal((0, ""), (without.Code, without.Out));
        Assert.Equal(0, with.Code);
        var alert = JsonDocument.Parse(with.Out).RootElement;
        Assert.Equal(("RTM-GATE-001", "TAR-1"), (alert.GetProperty("rule").GetString(), alert.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task RulesTest_BadRules_ExitTwoWithFileAndLine()
    {
        var rules = Directory.CreateDirectory(Path.Combine(_dir, "bad")).FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "r.yaml"), "id: X\ntitle: t\ntype: match\nwhere: { colour: red }\n");
        var events = Path.Combine(_dir, "none.ndjson");
        await File.WriteAllTextAsync(events, "");

        var (code, output, error) = await RunAsync("rules", "test", "--rules", rules, "--events", events);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("r.yaml:4:", error, StringComparison.Ordinal);
        Assert.Contains("unknown event field 'colour'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesTest_MissingEventsFile_ExitTwo()
    {
        var (code, _, error) = await RunAsync("rules", "test", "--rules", SampleRules, "--events", Path.Combine(_dir, "nope.ndjson"));

        Assert.Equal(2, code);
        Assert.Contains("No such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateThenEvaluate_SampleRulesCatchEveryScenarioWithoutFalseAlerts()
    {
        var events = Path.Combine(_dir, "week.ndjson");
        var labels = Path.Combine(_dir, "labels.ndjson");

        var generated = await RunAsync("events", "generate", "--days", "7", "--seed", "11", "--out", events, "--labels", labels);
        var evaluated = await RunAsync("rules", "evaluate", "--rules", SampleRules, "--events", events, "--labels", labels, "--json");

        Assert.Equal(0, generated.Code);
        Assert.Equal(0, evaluated.Code);
        var score = JsonDocument.Parse(evaluated.Out).RootElement;
        var scenarios = score.GetProperty("scenarios").GetInt32();
        Assert.True(scenarios >= 6);
        Assert.Equal(scenarios, score.GetProperty("caught").GetInt32());
        Assert.Equal(0, score.GetProperty("falseAlerts").GetInt32());
        Assert.Empty(score.GetProperty("missed").EnumerateArray());
        Assert.All(score.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("alerts").GetInt32() > 0),
            r => Assert.Equal(1.0, r.GetProperty("precision").GetDouble()));
        var again = await RunAsync("events", "generate", "--days", "7", "--seed", "11");
        Assert.Equal(await File.ReadAllTextAsync(events), again.Out);
    }

    [Fact]
    public async Task BenchRules_SmallRun_PrintsTheContractObject()
    {
        var (code, output, error) = await RunAsync("bench", "rules", "--events", "20000", "--keys", "5000", "--paced-events", "5000", "--json");

        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["events", "keys", "rules", "eventsPerSecond", "p99LatencyMs", "peakMemoryMb", "baseline", "ratio"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["keys", "eventsPerSecond"], json.GetProperty("baseline").EnumerateObject().Select(p => p.Name));
        Assert.Equal((20000, 5000, 20), (json.GetProperty("events").GetInt32(), json.GetProperty("keys").GetInt32(), json.GetProperty("rules").GetInt32()));
        Assert.True(json.GetProperty("eventsPerSecond").GetDouble() > 0);
        Assert.True(json.GetProperty("p99LatencyMs").GetDouble() >= 0, "the paced phase raised alerts and measured their latency");
        Assert.Equal(5000, json.GetProperty("baseline").GetProperty("keys").GetInt32());
        Assert.True(json.GetProperty("ratio").GetDouble() > 0);
        Assert.Matches(@"engine \(after a warm-up of [0-9.]+ s\): .* [1-9][0-9,]* alerts", error);
    }
}
