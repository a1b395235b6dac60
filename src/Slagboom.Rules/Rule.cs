using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>The eight rule types of docs/rules.md.</summary>
public enum RuleType
{
    /// <summary>Every event that meets the conditions.</summary>
    Match,

    /// <summary>A field value on a named watch list (every ANPR candidate counts).</summary>
    Watchlist,

    /// <summary>At least <c>count</c> matching events per group within a time span.</summary>
    Threshold,

    /// <summary>At least <c>count</c> distinct values of a field per group within a time span.</summary>
    DistinctCount,

    /// <summary>Steps in order per group within a span, optionally without an interrupting event.</summary>
    Sequence,

    /// <summary>A first event not followed by a second within a span; fires when the time has passed.</summary>
    Absence,

    /// <summary>The same key at two places farther apart than possible in the time between.</summary>
    Velocity,

    /// <summary>A matching event outside the allowed hours (Europe/Amsterdam).</summary>
    Schedule,
}

/// <summary>How serious an alert is; the control room sorts on it.</summary>
public enum Severity
{
    /// <summary>Worth a look.</summary>
    Low,

    /// <summary>Look soon.</summary>
    Medium,

    /// <summary>Act now.</summary>
    High,

    /// <summary>Act now and escalate.</summary>
    Critical,
}

/// <summary>Allowed hours on some days of the week, local time (a schedule rule fires outside all its windows).</summary>
/// <param name="Days">The days the window applies to.</param>
/// <param name="From">Start, inclusive.</param>
/// <param name="To">End, exclusive; a window whose end is not after its start runs past midnight.</param>
public sealed record HourWindow(IReadOnlySet<DayOfWeek> Days, TimeOnly From, TimeOnly To)
{
    /// <summary>True when <paramref name="local"/> falls inside this window.</summary>
    public bool Contains(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        if (From < To)
        {
            return Days.Contains(local.DayOfWeek) && time >= From && time < To;
        }

        // Past midnight: the evening part belongs to the listed day, the morning part to the day after it.
        return (Days.Contains(local.DayOfWeek) && time >= From) || (Days.Contains(local.AddDays(-1).DayOfWeek) && time < To);
    }
}

/// <summary>
/// One compiled rule: its identity, scope and alert handling, and the fields of its type. Built by
/// <see cref="RuleSetLoader"/> from YAML and immutable afterwards; <see cref="RuleEvaluator"/> runs it.
/// </summary>
public sealed class Rule
{
    internal Rule()
    {
    }

    /// <summary>The rule's id, unique in the rule set; alerts carry it.</summary>
    public required string Id { get; init; }

    /// <summary>A short title for the control room.</summary>
    public required string Title { get; init; }

    /// <summary>What the rule is for, in the writer's words.</summary>
    public string? Description { get; init; }

    /// <summary>The severity of its alerts.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The rule type.</summary>
    public required RuleType Type { get; init; }

    /// <summary>The mainports it applies to; empty for all.</summary>
    public required IReadOnlyList<string> Mainports { get; init; }

    /// <summary>The sites it applies to; empty for all.</summary>
    public required IReadOnlyList<string> Sites { get; init; }

    /// <summary>Conditions every considered event meets (match, watchlist, threshold, distinct, velocity, schedule).</summary>
    public required IReadOnlyList<Condition> Where { get; init; }

    /// <summary>The fields that group events (at most three); the alert key is their values joined with <c>|</c>.</summary>
    public required IReadOnlyList<EventField> By { get; init; }

    /// <summary>Threshold and distinct count: how many.</summary>
    public int Count { get; init; }

    /// <summary>The span of threshold, distinct count, sequence and absence rules.</summary>
    public TimeSpan Within { get; init; }

    /// <summary>Distinct count: the field whose distinct values are counted.</summary>
    public EventField? DistinctField { get; init; }

    /// <summary>Watch list: the list.</summary>
    public Watchlist? List { get; init; }

    /// <summary>Watch list: the field looked up.</summary>
    public EventField ListField { get; init; }

    /// <summary>Watch list: ANPR candidates below this confidence are not looked up.</summary>
    public double MinConfidence { get; init; }

    /// <summary>Sequence: the steps in order; absence: the first event and the one that should follow.</summary>
    public IReadOnlyList<IReadOnlyList<Condition>> Steps { get; init; } = [];

    /// <summary>Sequence: an event that breaks off a sequence in progress; null when none.</summary>
    public IReadOnlyList<Condition>? Without { get; init; }

    /// <summary>Velocity: the field whose value names a place in the place table.</summary>
    public EventField PlaceField { get; init; }

    /// <summary>Velocity: the fastest believable speed between two places.</summary>
    public double MaxSpeedKmh { get; init; }

    /// <summary>Velocity: places closer than this never fire (same building, GPS noise).</summary>
    public double MinDistanceKm { get; init; }

    /// <summary>Velocity: the place table.</summary>
    public IReadOnlyDictionary<string, Place> Places { get; init; } = new Dictionary<string, Place>();

    /// <summary>Schedule: the allowed hours.</summary>
    public IReadOnlyList<HourWindow> Allowed { get; init; } = [];

    /// <summary>Schedule: the time zone of the hours (Europe/Amsterdam).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Suppression: alerts with the same values of these fields within <see cref="SuppressWindow"/> after one are dropped.</summary>
    public IReadOnlyList<EventField> SuppressBy { get; init; } = [];

    /// <summary>Suppression window; zero for none.</summary>
    public TimeSpan SuppressWindow { get; init; }

    /// <summary>At most this many alerts per <see cref="CapWindow"/>; zero for no cap.</summary>
    public int CapAlerts { get; init; }

    /// <summary>The cap's window.</summary>
    public TimeSpan CapWindow { get; init; }

    /// <summary>The file the rule came from.</summary>
    public string File { get; init; } = "";

    /// <summary>The line it starts on.</summary>
    public int Line { get; init; }

    /// <summary>The event kinds the rule can look at (derived from its <c>kind</c> conditions), indexed by <see cref="EventKind"/>.</summary>
    internal bool[] Kinds { get; init; } = [true, true, true, true, true];

    /// <summary>How long per-key state of this rule stays useful after the key was last seen.</summary>
    internal long StateTtlTicks { get; init; }

    internal Condition[] WhereArray { get; init; } = [];

    internal Condition[][] StepArrays { get; init; } = [];

    internal Condition[]? WithoutArray { get; init; }

    internal EventField[] ByArray { get; init; } = [];

    internal EventField[] SuppressByArray { get; init; } = [];

    /// <summary>True when the rule's scope admits <paramref name="e"/>.</summary>
    public bool InScope(BarrierEvent e)
    {
        if (Mainports.Count > 0 && !Contains(Mainports, e.Mainport))
        {
            return false;
        }

        return Sites.Count == 0 || (e.Site is { } site && Contains(Sites, site));
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A loaded rule set: rules, watch lists and the place table, all immutable.</summary>
public sealed class RuleSet
{
    internal RuleSet(IReadOnlyList<Rule> rules, IReadOnlyDictionary<string, Watchlist> watchlists, IReadOnlyDictionary<string, Place> places)
    {
        Rules = rules;
        Watchlists = watchlists;
        Places = places;
    }

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The watch lists by name.</summary>
    public IReadOnlyDictionary<string, Watchlist> Watchlists { get; }

    /// <summary>The place table by id.</summary>
    public IReadOnlyDictionary<string, Place> Places { get; }
}

/// <summary>A problem in a rule file: where (file, line, column) and what, in plain English.</summary>
/// <param name="File">The file, as given to the loader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong.</param>
public sealed record RuleError(string File, int Line, int Column, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
