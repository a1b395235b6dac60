using System.Runtime.InteropServices;
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
    public int QueueSize { get; init; } = 1 << 10;
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
/// Per-key state is fixed in size (a threshold keeps its last <c>count</c> events, a sequence one per step), lives
/// in per-rule arrays indexed by a slot per key, expires once idle for the rule's span and its slot is reused, so
/// that processing allocates nothing once warm except the alerts themselves. Not thread-safe; <see cref="RuleEngine"/> runs one per shard.
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

    /// <summary>
    /// The state slot of <paramref name="key"/> for a rule (its idle clock set to <paramref name="time"/>), or −1:
    /// none yet and <paramref name="create"/> is false, or the rule holds <see cref="RuleEngineOptions.MaxKeysPerRule"/> keys.
    /// </summary>
    private int Slot(RuleRuntime runtime, GroupKey key, long time, bool create)
    {
        var slots = runtime.Slots;
        if (!create || slots.Count >= _maxKeys)
        {
            if (slots.TryGetValue(key, out var found))
            {
                runtime.LastSeen[found] = time;
                return found;
            }

            if (!create)
            {
                return -1;
            }

            runtime.Sweep(_now);
            if (slots.Count >= _maxKeys)
            {
                _droppedKeys++;
                return -1;
            }
        }

        // One hash lookup finds the key or adds it; a new key takes a free slot (allocation-free once warm).
        runtime.ReserveKey();
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, key, out var exists);
        if (!exists)
        {
            slot = runtime.Take();
        }

        runtime.LastSeen[slot] = time;
        return slot;
    }

    private void Threshold(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var slot = Slot(runtime, key, time, create: true);
        if (slot < 0)
        {
            return;
        }

        // A ring of the last `count` events: the rule fires when the oldest of them is within the span.
        var width = rule.Count;
        var at = slot * width;
        ref var head = ref runtime.Counters[slot];
        ref var filled = ref runtime.Filled[slot];
        runtime.Events[at + head] = e;
        runtime.Times[at + head] = time;
        head = (head + 1) % width;
        filled = Math.Min(filled + 1, width);
        if (filled == width && time - runtime.Times[at + head] <= rule.Within.Ticks)
        {
            var events = new BarrierEvent[width];
            for (var i = 0; i < width; i++)
            {
                events[i] = runtime.Events[at + ((head + i) % width)]!;
            }

            runtime.Clear(slot);
            Raise(runtime, key, e, time, e, events);
        }
    }

    private void Distinct(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        if (EventFields.Text(e, rule.DistinctField!.Value, 0) is not { } value)
        {
            return;
        }

        var slot = Slot(runtime, key, time, create: true);
        if (slot < 0)
        {
            return;
        }

        // Drop values last seen before the span, then count this one (once per distinct value).
        var at = slot * rule.Count;
        var times = runtime.Times.AsSpan(at, rule.Count);
        var events = runtime.Events.AsSpan(at, rule.Count);
        var values = runtime.Values.AsSpan(at, rule.Count);
        ref var filled = ref runtime.Counters[slot];
        var kept = 0;
        var found = -1;
        for (var i = 0; i < filled; i++)
        {
            if (time - times[i] > rule.Within.Ticks)
            {
                continue;
            }

            times[kept] = times[i];
            events[kept] = events[i];
            values[kept] = values[i];
            if (string.Equals(values[kept], value, StringComparison.OrdinalIgnoreCase))
            {
                found = kept;
            }

            kept++;
        }

        events[kept..filled].Clear();
        values[kept..filled].Clear();
        filled = kept;
        var at2 = found >= 0 ? found : filled++;
        times[at2] = time;
        events[at2] = e;
        values[at2] = value;
        if (filled >= rule.Count)
        {
            var raised = Kept(events[..filled]);
            Array.Sort(raised, static (x, y) => x.Time.CompareTo(y.Time));
            runtime.Clear(slot);
            Raise(runtime, key, e, time, e, raised);
        }
    }

    /// <summary>A copy of kept events for an alert (every entry is set).</summary>
    private static BarrierEvent[] Kept(ReadOnlySpan<BarrierEvent?> kept)
    {
        var events = new BarrierEvent[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            events[i] = kept[i]!;
        }

        return events;
    }

    private void Sequence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var steps = rule.StepArrays;
        var slot = Slot(runtime, key, time, create: false);
        if (slot >= 0 && runtime.Counters[slot] > 0 && time - runtime.Marks[slot] > rule.Within.Ticks)
        {
            runtime.Clear(slot);
        }

        if (slot >= 0 && runtime.Counters[slot] > 0 && rule.WithoutArray is { } without && Condition.All(without, e))
        {
            runtime.Clear(slot);
            return;
        }

        if (slot >= 0 && runtime.Counters[slot] is > 0 and var step && Condition.All(steps[step], e))
        {
            runtime.Events[(slot * steps.Length) + step] = e;
            runtime.Counters[slot] = step + 1;
            if (step + 1 == steps.Length)
            {
                var events = Kept(runtime.Events.AsSpan(slot * steps.Length, steps.Length));
                runtime.Clear(slot);
                Raise(runtime, key, e, time, e, events);
            }

            return;
        }

        // A new first step restarts a sequence still at its first step: the later start leaves more of the span.
        if ((slot < 0 || runtime.Counters[slot] <= 1) && Condition.All(steps[0], e))
        {
            if (slot < 0 && (slot = Slot(runtime, key, time, create: true)) < 0)
            {
                return;
            }

            runtime.Clear(slot);
            runtime.Marks[slot] = time;
            runtime.Events[slot * steps.Length] = e;
            runtime.Counters[slot] = 1;
        }
    }

    private void Absence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var steps = rule.StepArrays;
        var slot = Slot(runtime, key, time, create: false);
        var waiting = slot >= 0 && runtime.Events[slot] is not null;
        if (waiting && Condition.All(steps[1], e))
        {
            // The expected event came in time (a late one has already fired: the clock moved first).
            runtime.Clear(slot);
            return;
        }

        if (waiting || !Condition.All(steps[0], e))
        {
            return;
        }

        if (slot < 0 && (slot = Slot(runtime, key, time, create: true)) < 0)
        {
            return;
        }

        var deadline = time + rule.Within.Ticks;
        runtime.Events[slot] = e;
        runtime.Marks[slot] = deadline;
        runtime.Timers.Enqueue(key, deadline);
        _nextTimer = Math.Min(_nextTimer, deadline);
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
                if (runtime.Slots.TryGetValue(key, out var slot) && runtime.Events[slot] is { } first && runtime.Marks[slot] == deadline)
                {
                    runtime.Clear(slot);
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

        var slot = Slot(runtime, key, time, create: true);
        if (slot < 0)
        {
            return;
        }

        if (runtime.Events[slot] is { } previous && runtime.Places[slot] is { } from && !ReferenceEquals(from, place))
        {
            var km = from.DistanceKm(place);
            var hours = (time - runtime.Marks[slot]) / (double)TimeSpan.TicksPerHour;
            if (km >= rule.MinDistanceKm && (hours <= 0 || km / hours > rule.MaxSpeedKmh))
            {
                Raise(runtime, key, e, time, e, [previous, e]);
            }
        }

        runtime.Events[slot] = e;
        runtime.Places[slot] = place;
        runtime.Marks[slot] = time;
    }

    /// <summary>
    /// A rule with its per-shard state: a map from key to slot, and the state of every slot in arrays (no object per
    /// key, so that a million keys cost the garbage collector a few large arrays, not millions of small objects).
    /// Which arrays a rule uses depends on its type; <see cref="Width"/> entries per slot where it keeps several events.
    /// </summary>
    private sealed class RuleRuntime
    {
        private int[] _free = [];
        private int _freeCount;
        private int _mapCapacity;
        private int _next;

        public RuleRuntime(Rule rule)
        {
            Rule = rule;
            Width = rule.Type switch
            {
                RuleType.Threshold or RuleType.DistinctCount => rule.Count,
                RuleType.Sequence => rule.StepArrays.Length,
                _ => 1,
            };
        }

        public Rule Rule { get; }

        /// <summary>Entries per slot in <see cref="Events"/>, <see cref="Times"/> and <see cref="Values"/>.</summary>
        public int Width { get; }

        public Dictionary<GroupKey, int> Slots { get; } = [];

        /// <summary>Per slot: the time the key was last used.</summary>
        public long[] LastSeen = [];

        /// <summary>Per slot × width: the events kept (threshold ring, distinct values' events, sequence steps, absence's first, velocity's last).</summary>
        public BarrierEvent?[] Events = [];

        /// <summary>Per slot × width: the times of a threshold's or distinct count's events.</summary>
        public long[] Times = [];

        /// <summary>Per slot × width: a distinct count's values.</summary>
        public string?[] Values = [];

        /// <summary>Per slot: a threshold's ring head, a distinct count's number of values, a sequence's next step.</summary>
        public int[] Counters = [];

        /// <summary>Per slot: a threshold's number of events in the ring.</summary>
        public int[] Filled = [];

        /// <summary>Per slot: a sequence's start, an absence's deadline, a velocity's last time.</summary>
        public long[] Marks = [];

        /// <summary>Per slot: a velocity's last place.</summary>
        public Place?[] Places = [];

        public PriorityQueue<GroupKey, long> Timers { get; } = new();

        public long NextSweep { get; private set; } = long.MinValue;

        public int KeyCount => Slots.Count;

        private long Interval => Math.Max(TimeSpan.TicksPerMinute, Rule.StateTtlTicks / 2);

        /// <summary>
        /// Makes room in <see cref="Slots"/> for one more key before it is added. Key maps and slot arrays grow
        /// fourfold: growing a map of millions of keys is a copy of all of it, so it should happen rarely.
        /// </summary>
        public void ReserveKey()
        {
            if (Slots.Count >= _mapCapacity)
            {
                _mapCapacity = Slots.EnsureCapacity(Math.Max(4096, _mapCapacity * 4));
            }
        }

        /// <summary>A cleared slot for a new key: a freed one, or the next one.</summary>
        public int Take()
        {
            if (_freeCount > 0)
            {
                return _free[--_freeCount];
            }

            if (_next == LastSeen.Length)
            {
                Grow(Math.Max(4096, _next * 4));
            }

            return _next++;
        }

        /// <summary>Forgets what a slot holds (the key keeps it).</summary>
        public void Clear(int slot)
        {
            if (Events.Length > 0)
            {
                Events.AsSpan(slot * Width, Width).Clear();
            }

            if (Values.Length > 0)
            {
                Values.AsSpan(slot * Width, Width).Clear();
            }

            if (Places.Length > 0)
            {
                Places[slot] = null;
            }

            Counters[slot] = 0;
            Filled[slot] = 0;
            Marks[slot] = Rule.Type == RuleType.Absence ? long.MaxValue : 0;
        }

        /// <summary>Forgets keys idle longer than the rule can use them; their slots are cleared and reused.</summary>
        public void Sweep(long now)
        {
            NextSweep = now == long.MinValue ? long.MinValue : now + Interval;
            if (Slots.Count == 0 || Rule.StateTtlTicks == 0)
            {
                return;
            }

            var before = now - Rule.StateTtlTicks;
            var absence = Rule.Type == RuleType.Absence;
            foreach (var (key, slot) in Slots)
            {
                if (LastSeen[slot] < before && !(absence && Events[slot] is not null))
                {
                    Slots.Remove(key);
                    Clear(slot);
                    if (_freeCount == _free.Length)
                    {
                        Array.Resize(ref _free, Math.Max(1024, _free.Length * 2));
                    }

                    _free[_freeCount++] = slot;
                }
            }

            if (absence && Timers.Count > 4 * (Slots.Count + 1024))
            {
                // Drop stale timers (their keys got the expected event) so the queue stays bounded.
                var live = new List<(GroupKey, long)>();
                while (Timers.TryDequeue(out var key, out var deadline))
                {
                    if (Slots.TryGetValue(key, out var slot) && Events[slot] is not null && Marks[slot] == deadline)
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

        private void Grow(int slots)
        {
            Array.Resize(ref LastSeen, slots);
            Array.Resize(ref Counters, slots);
            Array.Resize(ref Filled, slots);
            var from = Marks.Length;
            Array.Resize(ref Marks, slots);
            if (Rule.Type == RuleType.Absence)
            {
                Marks.AsSpan(from).Fill(long.MaxValue);
            }

            switch (Rule.Type)
            {
                case RuleType.Threshold or RuleType.DistinctCount or RuleType.Sequence or RuleType.Absence or RuleType.Velocity:
                    Array.Resize(ref Events, slots * Width);
                    break;
            }

            if (Rule.Type is RuleType.Threshold or RuleType.DistinctCount)
            {
                Array.Resize(ref Times, slots * Width);
            }

            if (Rule.Type == RuleType.DistinctCount)
            {
                Array.Resize(ref Values, slots * Width);
            }

            if (Rule.Type == RuleType.Velocity)
            {
                Array.Resize(ref Places, slots);
            }
        }
    }
}
