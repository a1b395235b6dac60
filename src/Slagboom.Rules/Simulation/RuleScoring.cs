namespace Slagboom.Rules.Simulation;

/// <summary>How one rule did against the labels.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Alerts">Alerts it raised.</param>
/// <param name="TruePositives">Alerts that share an event with a labelled scenario.</param>
/// <param name="Scenario">The scenario kind its true alerts mostly belong to; null when it caught none.</param>
/// <param name="Caught">Scenarios of that kind it caught.</param>
/// <param name="OfKind">Scenarios of that kind in the labels.</param>
public sealed record RuleScore(string RuleId, int Alerts, int TruePositives, string? Scenario, int Caught, int OfKind)
{
    /// <summary>True alerts / alerts; null when the rule raised none.</summary>
    public double? Precision => Alerts == 0 ? null : (double)TruePositives / Alerts;

    /// <summary>Scenarios of its kind caught / scenarios of its kind; null when it caught none.</summary>
    public double? Recall => OfKind == 0 ? null : (double)Caught / OfKind;
}

/// <summary>The scores of a rule set: per rule, and whether every scenario was caught without false alerts.</summary>
/// <param name="Rules">Per rule, in rule-set order.</param>
/// <param name="Scenarios">Labelled scenarios.</param>
/// <param name="Caught">Scenarios at least one alert shares an event with.</param>
/// <param name="Missed">The ids of the scenarios no alert caught.</param>
/// <param name="FalseAlerts">Alerts that share no event with any scenario.</param>
public sealed record RuleSetScore(IReadOnlyList<RuleScore> Rules, int Scenarios, int Caught, IReadOnlyList<string> Missed, int FalseAlerts);

/// <summary>
/// Scores alerts against labelled scenarios: an alert is true when one of its events belongs to a scenario, and
/// then catches that scenario. A rule's recall is taken over the scenario kind it catches most, since each rule is
/// written for one kind of trouble.
/// </summary>
public static class RuleScoring
{
    /// <summary>Scores <paramref name="alerts"/> of <paramref name="rules"/> against <paramref name="labels"/>.</summary>
    public static RuleSetScore Score(RuleSet rules, IEnumerable<Alert> alerts, IReadOnlyList<ScenarioLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(labels);
        var byEvent = new Dictionary<string, List<ScenarioLabel>>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            foreach (var id in label.Events)
            {
                if (!byEvent.TryGetValue(id, out var list))
                {
                    byEvent[id] = list = [];
                }

                list.Add(label);
            }
        }

        var caughtBy = rules.Rules.ToDictionary(r => r.Id, _ => new HashSet<ScenarioLabel>(), StringComparer.Ordinal);
        var counts = rules.Rules.ToDictionary(r => r.Id, _ => (Alerts: 0, True: 0), StringComparer.Ordinal);
        var caught = new HashSet<ScenarioLabel>();
        var falseAlerts = 0;
        foreach (var alert in alerts)
        {
            var hit = alert.EventIds.Where(id => id is not null && byEvent.ContainsKey(id)).SelectMany(id => byEvent[id!]).ToHashSet();
            var (a, t) = counts.GetValueOrDefault(alert.RuleId);
            counts[alert.RuleId] = (a + 1, t + (hit.Count > 0 ? 1 : 0));
            if (hit.Count == 0)
            {
                falseAlerts++;
                continue;
            }

            caught.UnionWith(hit);
            if (caughtBy.TryGetValue(alert.RuleId, out var set))
            {
                set.UnionWith(hit);
            }
        }

        var scores = rules.Rules.Select(rule =>
        {
            var (a, t) = counts[rule.Id];
            var kind = caughtBy[rule.Id].GroupBy(l => l.Scenario).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.Key;
            return new RuleScore(rule.Id, a, t, kind,
                kind is null ? 0 : caughtBy[rule.Id].Count(l => l.Scenario == kind),
                kind is null ? 0 : labels.Count(l => l.Scenario == kind));
        }).ToList();
        return new RuleSetScore(scores, labels.Count, caught.Count, [.. labels.Where(l => !caught.Contains(l)).Select(l => l.Id)], falseAlerts);
    }
}
