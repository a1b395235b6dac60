using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>Limits and tuning of an engine.</summary>
public sealed record RuleEngineOptions
{
    /// <summary>Threads that evaluate rules, each owning the keys whose hash falls to it. Default: the number of cores.</summary>
    public int Shards { get; init; } = Environment.ProcessorCount;

    /// <summary>At most this many keys of state per rule per shard; events for new keys beyond it are counted and skipped.</summary>
    public int MaxKeysPerRule { get; init; } = 4_000_000;

    /// <summary>Slots of the queue between producer and shards (a power of two).</summary>
    public int QueueSize { get; init; } = 1 << 16;
}

/// <summary>Counters of an evaluator or engine.</summary>
/// <param name="Events">Events processed.</param>
/// <param name="Alerts">Alerts delivered.</param>
/// <param name="Suppressed">Alerts dropped by suppression.</param>
/// <param name="Capped">Alerts dropped by a cap.</param>
/// <param name="Keys">Keys holding state now.</param>
/// <param name="DroppedKeys">New keys refused because a rule was at <see cref="RuleEngineOptions.MaxKeysPerRule"/>.</param>
public readonly record struct RuleEngineStats(long Events, long Alerts, long Suppressed, long Capped, long Keys, long DroppedKeys);

/// <summary>
/// Runs a rule set over events on one thread: for each event, the rules of its kind, in scope, whose key this
/// evaluator owns (key hash modulo <c>shards</c>). Time is event time: the clock is the latest event time seen,
/// or later when <see cref="AdvanceTo"/> says so; absence rules fire when it passes their deadline.
/// </summary>
/// <remarks>
/// Per-key state is fixed in size (a threshold keeps its last <c>count</c> events, a sequence one slot per step),
/// expires once idle for the rule's span, and is pooled, so that processing allocates nothing once warm except
/// the alerts themselves. Not thread-safe; <see cref="RuleEngine"/> runs one per shard.
/// </remarks>
public sealed class RuleEvaluator
{
    private readonly RuleRuntime[][] _byKind;
    private readonly RuleRuntime[] _all;
    private readonly AlertGate _gate;
    private readonly int _shard;
    private readonly int _shards;
    private readonly int _maxKeys;
    private long _now = long.MinValue;
    private long _nextTimer = long.MaxValue;
    private long _nextSweep = long.MinValue;
    private long _events;
    private long _droppedKeys;

    /// <summary>A single evaluator that owns every key: alerts go to <paramref name="sink"/> in order.</summary>
    public RuleEvaluator(RuleSet rules, Action<Alert> sink, int maxKeysPerRule = 4_000_000)
        : this(rules, new AlertGate(sink), 0, 1, maxKeysPerRule)
    {
    }

    internal RuleEvaluator(RuleSet rules, AlertGate gate, int shard, int shards, int maxKeysPerRule)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _gate = gate;
        _shard = shard;
        _shards = shards;
        _maxKeys = maxKeysPerRule;
        _all = [.. rules.Rules.Select(r => new RuleRuntime(r))];
        _byKind = [.. Enumerable.Range(0, 5).Select(k => _all.Where(r => r.Rule.Kinds[k]).ToArray())];
    }

    internal AlertGate Gate => _gate;

    /// <summary>Counters so far (alerts, suppressed and capped count the whole engine when shared).</summary>
    public RuleEngineStats Stats => new(_events, _gate.Raised, _gate.Suppressed, _gate.Capped, _all.Sum(r => (long)r.KeyCount), _droppedKeys);

    /// <summary>Evaluates one event.</summary>
    public void Process(BarrierEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _events++;
        var time = e.Time.UtcTicks;
        if (time > _now)
        {
            Advance(time, e);
        }

        foreach (var runtime in _byKind[(int)e.Kind])
        {
            var rule = runtime.Rule;
            if (!rule.InScope(e))
            {
                continue;
            }

            switch (rule.Type)
            {
                case RuleType.Match:
                    if (Condition.All(rule.WhereArray, e) && Owns(runtime, e, out var key))
                    {
                        Raise(runtime, key, e, time, e, null);
                    }

                    break;
                case RuleType.Schedule:
                    if (Condition.All(rule.WhereArray, e) && OutsideHours(rule, e) && Owns(runtime, e, out key))
                    {
                        Raise(runtime, key, e, time, e, null);
                    }

                    break;
                case RuleType.Watchlist:
                    Watch(runtime, e, time);
                    break;
                case RuleType.Threshold:
                    if (Condition.All(rule.WhereArray, e) && Owns(runtime, e, out key))
                    {
                        Threshold(runtime, key, e, time);
                    }

                    break;
                case RuleType.DistinctCount:
                    if (Condition.All(rule.WhereArray, e) && Owns(runtime, e, out key))
                    {
                        Distinct(runtime, key, e, time);
                    }

                    break;
                case RuleType.Sequence:
                    if (Owns(runtime, e, out key))
                    {
                        Sequence(runtime, key, e, time);
                    }

                    break;
                case RuleType.Absence:
                    if (Owns(runtime, e, out key))
                    {
                        Absence(runtime, key, e, time);
                    }

                    break;
                case RuleType.Velocity:
                    if (Condition.All(rule.WhereArray, e) && Owns(runtime, e, out key))
                    {
                        Velocity(runtime, key, e, time);
                    }

                    break;
            }
        }
    }

    /// <summary>Moves the clock to <paramref name="time"/> (a clock tick with no event): absence rules whose deadline passed fire.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        if (time.UtcTicks > _now)
        {
            Advance(time.UtcTicks, null);
        }
    }

    private void Advance(long time, BarrierEvent? trigger)
    {
        _now = time;
        if (time >= _nextTimer)
        {
            FireTimers(trigger);
        }

        if (time >= _nextSweep)
        {
            var next = long.MaxValue;
            foreach (var runtime in _all)
            {
                if (time >= runtime.NextSweep)
                {
                    runtime.Sweep(time);
                }

                next = Math.Min(next, runtime.NextSweep);
            }

            _nextSweep = next;
        }
    }

    private bool Owns(RuleRuntime runtime, BarrierEvent e, out GroupKey key)
    {
        var by = runtime.Rule.ByArray;
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

        key = new GroupKey(a, b, c);
        if (a is null || (by.Length > 1 && b is null) || (by.Length > 2 && c is null))
        {
            return false;
        }

        return _shards == 1 || (uint)key.GetHashCode() % (uint)_shards == (uint)_shard;
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

    private void Raise(RuleRuntime runtime, GroupKey key, BarrierEvent? trigger, long time, BarrierEvent single, BarrierEvent[]? many)
    {
        var rule = runtime.Rule;
        var last = many is null ? single : many[^1];
        var suppressKey = rule.SuppressByArray.Length == 0 ? key : SuppressKey(rule, last);
        if (!_gate.Admit(rule, suppressKey, time))
        {
            return;
        }

        _gate.Deliver(new Alert
        {
            RuleId = rule.Id,
            Title = rule.Title,
            Severity = rule.Severity,
            Type = rule.Type,
            Key = key.ToString(),
            Time = new DateTimeOffset(time, TimeSpan.Zero),
            Mainport = last.Mainport,
            Site = last.Site,
            Events = many ?? [single],
            Trigger = trigger,
        });
    }

    private static GroupKey SuppressKey(Rule rule, BarrierEvent e)
    {
        var by = rule.SuppressByArray;
        return new GroupKey(
            EventFields.Text(e, by[0], 0),
            by.Length > 1 ? EventFields.Text(e, by[1], 0) : null,
            by.Length > 2 ? EventFields.Text(e, by[2], 0) : null);
    }

    private void Watch(RuleRuntime runtime, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        if (!Condition.All(rule.WhereArray, e))
        {
            return;
        }

        var list = rule.List!;
        for (var i = 0; EventFields.Text(e, rule.ListField, i) is { } value; i++)
        {
            if (e is AnprEvent anpr && rule.ListField == EventField.Plate && anpr.Candidates[i].Confidence < rule.MinConfidence)
            {
                continue;
            }

            if (list.Contains(value))
            {
                // Owned by the shard of the value on the list, so that suppression by key sees every hit.
                var key = new GroupKey(value, null, null);
                if (_shards == 1 || (uint)key.GetHashCode() % (uint)_shards == (uint)_shard)
                {
                    Raise(runtime, key, e, time, e, null);
                }

                return;
            }
        }
    }

    private T? State<T>(RuleRuntime runtime, GroupKey key, long time, bool create)
        where T : KeyState, new()
    {
        if (runtime.States.TryGetValue(key, out var found))
        {
            found.LastSeen = time;
            return (T)found;
        }

        if (!create)
        {
            return null;
        }

        if (runtime.States.Count >= _maxKeys)
        {
            runtime.Sweep(_now);
            if (runtime.States.Count >= _maxKeys)
            {
                _droppedKeys++;
                return null;
            }
        }

        var state = runtime.Pool.Count > 0 ? (T)runtime.Pool.Pop() : new T();
        state.Reset(runtime.Rule);
        state.LastSeen = time;
        runtime.States.Add(key, state);
        return state;
    }

    private void Threshold(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        if (State<CountState>(runtime, key, time, create: true) is not { } s)
        {
            return;
        }

        // A ring of the last `count` events: the rule fires when the oldest of them is within the span.
        s.Events[s.Head] = e;
        s.Times[s.Head] = time;
        s.Head = (s.Head + 1) % rule.Count;
        s.Filled = Math.Min(s.Filled + 1, rule.Count);
        if (s.Filled == rule.Count && time - s.Times[s.Head] <= rule.Within.Ticks)
        {
            var events = new BarrierEvent[rule.Count];
            for (var i = 0; i < rule.Count; i++)
            {
                events[i] = s.Events[(s.Head + i) % rule.Count]!;
            }

            s.Reset(rule);
            s.LastSeen = time;
            Raise(runtime, key, e, time, e, events);
        }
    }

    private void Distinct(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        if (EventFields.Text(e, rule.DistinctField!.Value, 0) is not { } value || State<CountState>(runtime, key, time, create: true) is not { } s)
        {
            return;
        }

        // Drop values last seen before the span, then count this one (once per distinct value).
        var kept = 0;
        var found = -1;
        for (var i = 0; i < s.Filled; i++)
        {
            if (time - s.Times[i] > rule.Within.Ticks)
            {
                continue;
            }

            s.Times[kept] = s.Times[i];
            s.Events[kept] = s.Events[i];
            s.Values[kept] = s.Values[i];
            if (string.Equals(s.Values[kept], value, StringComparison.OrdinalIgnoreCase))
            {
                found = kept;
            }

            kept++;
        }

        for (var i = kept; i < s.Filled; i++)
        {
            s.Events[i] = null;
            s.Values[i] = null;
        }

        s.Filled = kept;
        var slot = found >= 0 ? found : s.Filled++;
        s.Times[slot] = time;
        s.Events[slot] = e;
        s.Values[slot] = value;
        if (s.Filled >= rule.Count)
        {
            var events = new BarrierEvent[s.Filled];
            Array.Copy(s.Events, events, s.Filled);
            Array.Sort(events, static (x, y) => x.Time.CompareTo(y.Time));
            s.Reset(rule);
            s.LastSeen = time;
            Raise(runtime, key, e, time, e, events);
        }
    }

    private void Sequence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var steps = rule.StepArrays;
        var s = State<SequenceState>(runtime, key, time, create: false);
        if (s is not null && s.Step > 0 && time - s.Start > rule.Within.Ticks)
        {
            s.Clear();
        }

        if (s is not null && s.Step > 0 && rule.WithoutArray is { } without && Condition.All(without, e))
        {
            s.Clear();
            return;
        }

        if (s is not null && s.Step > 0 && Condition.All(steps[s.Step], e))
        {
            s.Events[s.Step++] = e;
            if (s.Step == steps.Length)
            {
                var events = (BarrierEvent[])s.Events.Clone();
                s.Clear();
                Raise(runtime, key, e, time, e, events);
            }

            return;
        }

        // A new first step restarts a sequence still at its first step: the later start leaves more of the span.
        if ((s is null || s.Step <= 1) && Condition.All(steps[0], e))
        {
            s ??= State<SequenceState>(runtime, key, time, create: true);
            if (s is null)
            {
                return;
            }

            s.Clear();
            s.Start = time;
            s.Events[0] = e;
            s.Step = 1;
        }
    }

    private void Absence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var steps = rule.StepArrays;
        var s = State<AbsenceState>(runtime, key, time, create: false);
        if (s is { First: not null } && Condition.All(steps[1], e))
        {
            // The expected event came in time (a late one has already fired: the clock moved first).
            s.First = null;
            s.Deadline = long.MaxValue;
            return;
        }

        if (s is { First: not null } || !Condition.All(steps[0], e))
        {
            return;
        }

        s ??= State<AbsenceState>(runtime, key, time, create: true);
        if (s is null)
        {
            return;
        }

        s.First = e;
        s.Deadline = time + rule.Within.Ticks;
        runtime.Timers.Enqueue(key, s.Deadline);
        _nextTimer = Math.Min(_nextTimer, s.Deadline);
    }

    private void FireTimers(BarrierEvent? trigger)
    {
        var next = long.MaxValue;
        foreach (var runtime in _all)
        {
            if (runtime.Rule.Type != RuleType.Absence)
            {
                continue;
            }

            while (runtime.Timers.TryPeek(out var key, out var deadline))
            {
                if (deadline > _now)
                {
                    next = Math.Min(next, deadline);
                    break;
                }

                runtime.Timers.Dequeue();

                // Lazy deletion: the timer counts only if the key still waits for exactly this deadline.
                if (runtime.States.TryGetValue(key, out var found) && found is AbsenceState { First: { } first } s && s.Deadline == deadline)
                {
                    s.First = null;
                    s.Deadline = long.MaxValue;
                    Raise(runtime, key, trigger, deadline, first, null);
                }
            }
        }

        _nextTimer = next;
    }

    private void Velocity(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var placeName = EventFields.Text(e, rule.PlaceField, 0);
        if (placeName is null || !rule.Places.TryGetValue(placeName, out var place))
        {
            if (e.Site is null || !rule.Places.TryGetValue(e.Site, out place))
            {
                return;
            }
        }

        if (State<VelocityState>(runtime, key, time, create: true) is not { } s)
        {
            return;
        }

        if (s.Last is { } previous && s.Place is { } from && !ReferenceEquals(from, place))
        {
            var km = from.DistanceKm(place);
            var hours = (time - s.Time) / (double)TimeSpan.TicksPerHour;
            if (km >= rule.MinDistanceKm && (hours <= 0 || km / hours > rule.MaxSpeedKmh))
            {
                Raise(runtime, key, e, time, e, [previous, e]);
            }
        }

        s.Last = e;
        s.Place = place;
        s.Time = time;
    }

    /// <summary>A rule with its per-shard state.</summary>
    private sealed class RuleRuntime(Rule rule)
    {
        public Rule Rule { get; } = rule;

        public Dictionary<GroupKey, KeyState> States { get; } = [];

        public Stack<KeyState> Pool { get; } = new();

        public PriorityQueue<GroupKey, long> Timers { get; } = new();

        public long NextSweep { get; private set; } = long.MinValue;

        public int KeyCount => States.Count;

        private long Interval => Math.Max(TimeSpan.TicksPerMinute, Rule.StateTtlTicks / 2);

        /// <summary>Forgets keys idle longer than the rule can use them; their state goes back to the pool.</summary>
        public void Sweep(long now)
        {
            NextSweep = now == long.MinValue ? long.MinValue : now + Interval;
            if (States.Count == 0 || Rule.StateTtlTicks == 0)
            {
                return;
            }

            var before = now - Rule.StateTtlTicks;
            foreach (var (key, state) in States)
            {
                if (state.LastSeen < before && state is not AbsenceState { First: not null })
                {
                    States.Remove(key);
                    state.Reset(Rule);
                    if (Pool.Count < 65_536)
                    {
                        Pool.Push(state);
                    }
                }
            }

            if (Rule.Type == RuleType.Absence && Timers.Count > 4 * (States.Count + 1024))
            {
                // Drop stale timers (their keys got the expected event) so the queue stays bounded.
                var live = new List<(GroupKey, long)>();
                while (Timers.TryDequeue(out var key, out var deadline))
                {
                    if (States.TryGetValue(key, out var s) && s is AbsenceState a && a.Deadline == deadline)
                    {
                        live.Add((key, deadline));
                    }
                }

                foreach (var (key, deadline) in live)
                {
                    Timers.Enqueue(key, deadline);
                }
            }
        }
    }

    private abstract class KeyState
    {
        public long LastSeen;

        public abstract void Reset(Rule rule);
    }

    private sealed class CountState : KeyState
    {
        public BarrierEvent?[] Events = [];
        public long[] Times = [];
        public string?[] Values = [];
        public int Head;
        public int Filled;

        public override void Reset(Rule rule)
        {
            if (Events.Length != rule.Count)
            {
                Events = new BarrierEvent?[rule.Count];
                Times = new long[rule.Count];
                Values = rule.Type == RuleType.DistinctCount ? new string?[rule.Count] : [];
            }
            else
            {
                Array.Clear(Events);
                Array.Clear(Values);
            }

            Head = 0;
            Filled = 0;
        }
    }

    private sealed class SequenceState : KeyState
    {
        public BarrierEvent[] Events = [];
        public int Step;
        public long Start;

        public override void Reset(Rule rule)
        {
            if (Events.Length != rule.StepArrays.Length)
            {
                Events = new BarrierEvent[rule.StepArrays.Length];
            }

            Clear();
        }

        public void Clear()
        {
            Array.Clear(Events);
            Step = 0;
        }
    }

    private sealed class AbsenceState : KeyState
    {
        public BarrierEvent? First;
        public long Deadline = long.MaxValue;

        public override void Reset(Rule rule)
        {
            First = null;
            Deadline = long.MaxValue;
        }
    }

    private sealed class VelocityState : KeyState
    {
        public BarrierEvent? Last;
        public Place? Place;
        public long Time;

        public override void Reset(Rule rule)
        {
            Last = null;
            Place = null;
        }
    }
}
