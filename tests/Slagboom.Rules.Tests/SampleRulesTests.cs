using Slagboom.Domain.Events;
using Slagboom.Rules.Simulation;

namespace Slagboom.Rules.Tests;

/// <summary>The shipped sample rule set against generated weeks of the port: every scenario caught, nothing else raised.</summary>
public sealed class SampleRulesTests
{
    internal static string SampleRules
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Slagboom.slnx")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "rules", "sample");
        }
    }

    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    [InlineData(11)]
    public void GeneratedWeek_EveryScenarioCaught_NoFalseAlert(int seed)
    {
        var loaded = RuleSetLoader.LoadDirectory(SampleRules);
        Assert.True(loaded.RuleSet is not null, string.Join("\n", loaded.Errors));
        var port = PortSimulator.Generate(7, seed, new DateOnly(2026, 11, 23));
        var alerts = new List<Alert>();
        var evaluator = new RuleEvaluator(loaded.RuleSet!, alerts.Add);
        var parser = new EventParser();
        foreach (var e in port.Events)
        {
            // Through NDJSON and back, as a file replay does: what the rules see is what a file carries.
            using var buffer = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                EventWriter.Write(writer, e);
            }

            evaluator.Process(parser.Parse(buffer.ToArray()).Event!);
        }

        var score = RuleScoring.Score(loaded.RuleSet!, alerts, port.Labels);

        Assert.Equal(PortSimulator.ScenarioKinds.Order(), port.Labels.Select(l => l.Scenario).Distinct().Order());
        Assert.Empty(score.Missed);
        Assert.Equal(0, score.FalseAlerts);
        Assert.Equal(port.Labels.Count, score.Caught);
        Assert.All(score.Rules.Where(r => r.Alerts > 0), r => Assert.Equal(1.0, r.Precision));
        Assert.All(score.Rules.Where(r => r.Scenario is not null), r => Assert.Equal(1.0, r.Recall));
    }

    [Fact]
    public void Generator_IsSeeded_AndItsEventsParse()
    {
        var a = PortSimulator.Generate(1, 3, new DateOnly(2026, 11, 23));
        var b = PortSimulator.Generate(1, 3, new DateOnly(2026, 11, 23));
        var c = PortSimulator.Generate(1, 4, new DateOnly(2026, 11, 23));

        Assert.Equal(a.Events.Select(e => e.ToString()), b.Events.Select(e => e.ToString()));
        Assert.NotEqual(a.Events.Select(e => e.ToString()), c.Events.Select(e => e.ToString()));
        Assert.True(a.Events.Count > 5000);
        var parser = new EventParser();
        foreach (var e in a.Events.Take(3000))
        {
            using var buffer = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                EventWriter.Write(writer, e);
            }

            var parsed = parser.Parse(buffer.ToArray());
            Assert.True(parsed.IsValid, parsed.Error);
        }
    }

    [Fact]
    public void Scoring_CountsAFalseAlertAndAMissedScenario()
    {
        var rules = Events.Load("id: R1\ntitle: t\ntype: match\nwhere: { kind: fence }\n");
        var hit = Events.Fence(0, "S1");
        var other = Events.Fence(1, "S2");
        var labels = new List<ScenarioLabel> { new("S1", "x", hit.Time, [hit.Id!]), new("S2", "y", hit.Time, ["nope"]) };

        var score = RuleScoring.Score(rules, Events.Run(rules, hit, other), labels);

        Assert.Equal((1, 1, 2), (score.FalseAlerts, score.Caught, score.Scenarios));
        Assert.Equal(["S2"], score.Missed);
        Assert.Equal(0.5, score.Rules[0].Precision);
        Assert.Equal(1.0, score.Rules[0].Recall);
    }
}
