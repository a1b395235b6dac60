using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Slagboom.Domain.Events;
using Slagboom.Rules;
using Slagboom.Rules.Simulation;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom rules test --rules DIR --events FILE [--until TIME]</c>: replays events through a rule set and prints
/// the alerts as JSON lines (docs/rules.md, "Alerts"); <c>slagboom rules evaluate … --labels FILE</c>: precision and
/// recall of each rule against labelled scenarios. Pure: no database. Exit 0 success, 1 some events bad (each on
/// stderr as <c>line N: reason</c>, the rest replayed), 2 usage errors and bad rules (<c>FILE:LINE:COLUMN: what</c>).
/// </summary>
internal static class RulesCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliApp app)
    {
        var rules = new Command("rules", "Try rules on events before they go live.");
        rules.Subcommands.Add(CreateTest(app));
        rules.Subcommands.Add(CreateEvaluate(app));
        return rules;
    }

    private static (Option<DirectoryInfo> Rules, Option<FileInfo> Events, Option<string?> Until) Common() =>
    (
        new Option<DirectoryInfo>("--rules") { Description = "The rule set: a folder of .yaml files (docs/rules.md).", Required = true },
        new Option<FileInfo>("--events") { Description = "The events: NDJSON (one per line) or a JSON array (docs/events.md).", Required = true },
        new Option<string?>("--until") { Description = "Move the clock to this time (ISO 8601) after the last event, so that absence rules due by then fire." }
    );

    private static Command CreateTest(CliApp app)
    {
        var (rules, events, until) = Common();
        var test = new Command("test", "Replay events through a rule set and print the alerts it raises as JSON lines.") { rules, events, until };
        test.SetAction((parse, _) => TestAsync(app, parse.GetValue(rules)!, parse.GetValue(events)!, parse.GetValue(until), null, false));
        return test;
    }

    private static Command CreateEvaluate(CliApp app)
    {
        var (rules, events, until) = Common();
        var labels = new Option<FileInfo>("--labels") { Description = "Labelled scenarios (JSON lines, as written by 'events generate --labels').", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var evaluate = new Command("evaluate", "Report each rule's precision and recall against labelled scenarios.") { rules, events, until, labels, json };
        evaluate.SetAction((parse, _) => TestAsync(app, parse.GetValue(rules)!, parse.GetValue(events)!, parse.GetValue(until), parse.GetValue(labels), parse.GetValue(json)));
        return evaluate;
    }

    private static async Task<int> TestAsync(CliApp app, DirectoryInfo rulesDir, FileInfo eventsFile, string? untilText, FileInfo? labelsFile, bool json)
    {
        DateTimeOffset? until = null;
        if (untilText is not null)
        {
            if (!DateTimeOffset.TryParse(untilText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                await app.Error.WriteLineAsync($"--until: expected an ISO 8601 time, not '{untilText}'");
                return CliApp.Usage;
            }

            until = parsed;
        }

        if (!eventsFile.Exists)
        {
            await app.Error.WriteLineAsync($"No such file: {eventsFile.FullName}");
            return CliApp.Usage;
        }

        if (labelsFile is { Exists: false })
        {
            await app.Error.WriteLineAsync($"No such file: {labelsFile.FullName}");
            return CliApp.Usage;
        }

        var loaded = RuleSetLoader.LoadDirectory(rulesDir.FullName);
        if (loaded.RuleSet is not { } ruleSet)
        {
            foreach (var error in loaded.Errors)
            {
                await app.Error.WriteLineAsync(error.ToString());
            }

            return CliApp.Usage;
        }

        List<ScenarioLabel>? labels = null;
        if (labelsFile is not null)
        {
            (labels, var problem) = EventFile.ReadLabels(labelsFile.FullName);
            if (labels is null)
            {
                await app.Error.WriteLineAsync(problem);
                return CliApp.Usage;
            }
        }

        var (events, problems) = EventFile.Read(eventsFile.FullName);
        foreach (var problem in problems)
        {
            await app.Error.WriteLineAsync(problem);
        }

        // Event time decides: a file gathered from several sources is replayed in time order (stable for equal times).
        var ordered = events.OrderBy(e => e.Time).ToList();
        var alerts = new List<Alert>();
        var evaluator = new RuleEvaluator(ruleSet, alerts.Add);
        foreach (var e in ordered)
        {
            evaluator.Process(e);
        }

        if (until is { } end)
        {
            evaluator.AdvanceTo(end);
        }

        if (labels is null)
        {
            foreach (var alert in alerts)
            {
                await app.Out.WriteLineAsync(JsonSerializer.Serialize(AlertLine.From(alert), Json));
            }
        }
        else
        {
            await WriteScoreAsync(app, RuleScoring.Score(ruleSet, alerts, labels), json);
        }

        await app.Error.WriteLineAsync($"events {events.Count + problems.Count}, bad {problems.Count}, alerts {alerts.Count}");
        return problems.Count == 0 ? CliApp.Success : CliApp.Negative;
    }

    private static async Task WriteScoreAsync(CliApp app, RuleSetScore score, bool json)
    {
        if (json)
        {
            await app.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                rules = score.Rules.Select(r => new { rule = r.RuleId, alerts = r.Alerts, truePositives = r.TruePositives, precision = r.Precision, scenario = r.Scenario, caught = r.Caught, ofScenario = r.OfKind, recall = r.Recall }),
                scenarios = score.Scenarios,
                caught = score.Caught,
                missed = score.Missed,
                falseAlerts = score.FalseAlerts,
            }, Json));
            return;
        }

        await app.Out.WriteLineAsync($"{"rule",-16} {"alerts",6} {"true",5} {"precision",9} {"recall",7}  scenario");
        foreach (var r in score.Rules)
        {
            await app.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{r.RuleId,-16} {r.Alerts,6} {r.TruePositives,5} {Percent(r.Precision),9} {Percent(r.Recall),7}  {r.Scenario ?? "-"} ({r.Caught}/{r.OfKind})"));
        }

        await app.Out.WriteLineAsync($"scenarios caught {score.Caught}/{score.Scenarios}, false alerts {score.FalseAlerts}{(score.Missed.Count > 0 ? ", missed " + string.Join(" ", score.Missed) : "")}");
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P0", CultureInfo.InvariantCulture) : "-";

    /// <summary>One alert as a JSON line (docs/rules.md, "Alerts").</summary>
    internal sealed record AlertLine(string Rule, string Title, string Severity, string Type, string Key, DateTimeOffset Time, string Mainport, string? Site, IReadOnlyList<string?> Events)
    {
        public static AlertLine From(Alert a) => new(a.RuleId, a.Title, a.Severity.ToString().ToLowerInvariant(), TypeName(a.Type), a.Key, a.Time, a.Mainport, a.Site, a.EventIds);

        private static string TypeName(RuleType type) => type == RuleType.DistinctCount ? "distinct" : type.ToString().ToLowerInvariant();
    }
}
