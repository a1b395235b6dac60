using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>
/// The stateless half of evaluating an event, done once per event by whichever thread parsed it: for each rule of
/// the event's kind that is in scope and whose conditions hold, the key the rule groups by, which shard owns that
/// key, and what the stateful half needs (which steps of a sequence or absence the event meets, a velocity's place).
/// Shards then only update the state of the keys they own, so that the work per event is not repeated per shard.
/// </summary>
/// <remarks>Immutable and thread-safe: it reads the rule set only.</remarks>
internal sealed class RuleRouter
{
    private readonly Rule[] _rules;
    private readonly int[][] _byKind;

    public RuleRouter(RuleSet rules)
    {
        _rules = [.. rules.Rules];
        _byKind = [.. Enumerable.Range(0, 5).Select(k => Enumerable.Range(0, _rules.Length).Where(i => _rules[i].Kinds[k]).ToArray())];
    }

    /// <summary>The rules, by the index <see cref="WorkItem.Rule"/> uses.</summary>
    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>Appends to <paramref name="work"/>, per owning shard, what each rule must do with <paramref name="e"/>.</summary>
    public void Route(BarrierEvent e, int index, WorkLists work)
    {
        foreach (var ruleIndex in _byKind[(int)e.Kind])
        {
            var rule = _rules[ruleIndex];
            if (!rule.InScope(e))
            {
                continue;
            }

            var bits = 0;
            Place? place = null;
            GroupKey key;
            switch (rule.Type)
            {
                case RuleType.Match or RuleType.Threshold:
                    if (!Condition.All(rule.WhereArray, e) || !Key(rule, e, out key))
                    {
                        continue;
                    }

                    break;
                case RuleType.Schedule:
                    if (!Condition.All(rule.WhereArray, e) || !OutsideHours(rule, e) || !Key(rule, e, out key))
                    {
                        continue;
                    }

                    break;
                case RuleType.Watchlist:
                    if (!Condition.All(rule.WhereArray, e) || Listed(rule, e) is not { } listed)
                    {
                        continue;
                    }

                    // Owned by the shard of the value on the list, so that suppression by key sees every hit.
                    key = new GroupKey(listed, null, null);
                    break;
                case RuleType.DistinctCount:
                    if (!Condition.All(rule.WhereArray, e) || EventFields.Text(e, rule.DistinctField!.Value, 0) is null || !Key(rule, e, out key))
                    {
                        continue;
                    }

                    break;
                case RuleType.Sequence:
                    if ((bits = SequenceBits(rule, e)) == 0 || !Key(rule, e, out key))
                    {
                        continue;
                    }

                    break;
                case RuleType.Absence:
                    bits = (Condition.All(rule.StepArrays[0], e) ? AbsenceFirst : 0) | (Condition.All(rule.StepArrays[1], e) ? AbsenceThen : 0);
                    if (bits == 0 || !Key(rule, e, out key))
                    {
                        continue;
                    }

                    break;
                case RuleType.Velocity:
                    if (!Condition.All(rule.WhereArray, e) || (place = PlaceOf(rule, e)) is null || !Key(rule, e, out key))
                    {
                        continue;
                    }

                    break;
                default:
                    continue;
            }

            work.Add(work.Shards == 1 ? 0 : (int)((uint)key.GetHashCode() % (uint)work.Shards), new WorkItem(index, ruleIndex, bits, key, place));
        }
    }

    /// <summary>An absence's bit: the event is the first one (it starts the wait).</summary>
    public const int AbsenceFirst = 1;

    /// <summary>An absence's bit: the event is the expected one (it ends the wait).</summary>
    public const int AbsenceThen = 2;

    /// <summary>A sequence's bit: the event meets <c>without</c> (it breaks a started sequence).</summary>
    public const int SequenceWithout = 1;

    /// <summary>A sequence's bit for step <paramref name="step"/> (0-based): the event meets that step.</summary>
    public static int SequenceStep(int step) => 2 << step;

    private static int SequenceBits(Rule rule, BarrierEvent e)
    {
        var bits = rule.WithoutArray is { } without && Condition.All(without, e) ? SequenceWithout : 0;
        var steps = rule.StepArrays;
        for (var i = 0; i < steps.Length; i++)
        {
            if (Condition.All(steps[i], e))
            {
                bits |= SequenceStep(i);
            }
        }

        return bits;
    }

    /// <summary>The key of <paramref name="e"/> for <paramref name="rule"/>; false when a field it groups by is missing.</summary>
    private static bool Key(Rule rule, BarrierEvent e, out GroupKey key)
    {
        var by = rule.ByArray;
        string? a, b = null, c = null;
        if (by.Length == 0)
        {
            a = NaturalKey(e);
        }
        else
        {
            a = EventFields.Text(e, by[0], 0);
            if (by.Length > 1)
            {
                b = EventFields.Text(e, by[1], 0);
                if (by.Length > 2)
                {
                    c = EventFields.Text(e, by[2], 0);
                }
            }
        }

        if (a is null || (by.Length > 1 && b is null) || (by.Length > 2 && c is null))
        {
            key = default;
            return false;
        }

        key = new GroupKey(a, b, c);
        return true;
    }

    /// <summary>What an event is about when a rule names no <c>by</c> fields.</summary>
    private static string? NaturalKey(BarrierEvent e) => e switch
    {
        AccessEvent a => a.Pass,
        AnprEvent n => n.Plate,
        VideoEvent v => v.Camera,
        FenceEvent f => f.Sensor,
        GateEvent g => g.Visit ?? g.Plate ?? g.Gate,
        _ => e.Source,
    };

    private static bool OutsideHours(Rule rule, BarrierEvent e)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(e.Time.UtcDateTime, rule.TimeZone);
        foreach (var window in rule.Allowed)
        {
            if (window.Contains(local))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first value of the rule's list field that is on its watch list (plates: with enough confidence), or null.</summary>
    private static string? Listed(Rule rule, BarrierEvent e)
    {
        var list = rule.List!;
        for (var i = 0; EventFields.Text(e, rule.ListField, i) is { } value; i++)
        {
            if (e is AnprEvent anpr && rule.ListField == EventField.Plate && anpr.Candidates[i].Confidence < rule.MinConfidence)
            {
                continue;
            }

            if (list.Contains(value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Where a velocity rule places the event: its <c>at</c> field, else its site; null when neither is a known place.</summary>
    private static Place? PlaceOf(Rule rule, BarrierEvent e)
    {
        if (EventFields.Text(e, rule.PlaceField, 0) is { } name && rule.Places.TryGetValue(name, out var place))
        {
            return place;
        }

        return e.Site is { } site && rule.Places.TryGetValue(site, out place) ? place : null;
    }
}

/// <summary>One rule's work on one event for the shard that owns its key (<see cref="RuleRouter"/>).</summary>
/// <param name="Event">The event's index in its batch.</param>
/// <param name="Rule">The rule's index in the rule set.</param>
/// <param name="Bits">Which of a sequence's or absence's conditions the event meets.</param>
/// <param name="Key">The key the rule groups the event by.</param>
/// <param name="Place">A velocity rule's place of the event.</param>
internal readonly record struct WorkItem(int Event, int Rule, int Bits, GroupKey Key, Place? Place);

/// <summary>Work items per shard, in event order; reused from batch to batch (allocation-free once warm).</summary>
internal sealed class WorkLists
{
    private readonly WorkItem[][] _items;
    private readonly int[] _counts;

    public WorkLists(int shards)
    {
        Shards = shards;
        _items = [.. Enumerable.Range(0, shards).Select(_ => new WorkItem[64])];
        _counts = new int[shards];
    }

    public int Shards { get; }

    public void Add(int shard, in WorkItem item)
    {
        ref var items = ref _items[shard];
        var count = _counts[shard];
        if (count == items.Length)
        {
            Array.Resize(ref items, count * 2);
        }

        items[count] = item;
        _counts[shard] = count + 1;
    }

    public ReadOnlySpan<WorkItem> For(int shard) => _items[shard].AsSpan(0, _counts[shard]);

    /// <summary>Empties every list (the items keep no events alive: they hold only keys and places).</summary>
    public void Clear()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _items[i].AsSpan(0, _counts[i]).Clear();
            _counts[i] = 0;
        }
    }
}
