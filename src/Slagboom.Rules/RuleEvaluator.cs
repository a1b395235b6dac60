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
                runtime.Info[found].LastSeen = time;
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

        runtime.Info[slot].LastSeen = time;
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
        ref var info = ref runtime.Info[slot];
        ref var entry = ref runtime.Entries[at + info.Counter];
        entry.Event = e;
        entry.Time = time;
        info.Counter = (info.Counter + 1) % width;
        info.Filled = Math.Min(info.Filled + 1, width);
        if (info.Filled == width && time - runtime.Entries[at + info.Counter].Time <= rule.Within.Ticks)
        {
            var events = new BarrierEvent[width];
            for (var i = 0; i < width; i++)
            {
                events[i] = runtime.Entries[at + ((info.Counter + i) % width)].Event!;
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
        var entries = runtime.Entries.AsSpan(at, rule.Count);
        ref var filled = ref runtime.Info[slot].Counter;
        var kept = 0;
        var found = -1;
        for (var i = 0; i < filled; i++)
        {
            if (time - entries[i].Time > rule.Within.Ticks)
            {
                continue;
            }

            entries[kept] = entries[i];
            if (string.Equals(entries[kept].Value, value, StringComparison.OrdinalIgnoreCase))
            {
                found = kept;
            }

            kept++;
        }

        entries[kept..filled].Clear();
        filled = kept;
        entries[found >= 0 ? found : filled++] = new Entry { Event = e, Value = value, Time = time };
        if (filled >= rule.Count)
        {
            var raised = Kept(entries[..filled]);
            Array.Sort(raised, static (x, y) => x.Time.CompareTo(y.Time));
            runtime.Clear(slot);
            Raise(runtime, key, e, time, e, raised);
        }
    }

    /// <summary>A copy of kept events for an alert (every entry is set).</summary>
    private static BarrierEvent[] Kept(ReadOnlySpan<Entry> kept)
    {
        var events = new BarrierEvent[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            events[i] = kept[i].Event!;
        }

        return events;
    }

    private void Sequence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var steps = rule.StepArrays;
        var slot = Slot(runtime, key, time, create: false);
        if (slot >= 0 && runtime.Info[slot].Counter > 0 && time - runtime.Info[slot].Mark > rule.Within.Ticks)
        {
            runtime.Clear(slot);
        }

        if (slot >= 0 && runtime.Info[slot].Counter > 0 && rule.WithoutArray is { } without && Condition.All(without, e))
        {
            runtime.Clear(slot);
            return;
        }

        if (slot >= 0 && runtime.Info[slot].Counter is > 0 and var step && Condition.All(steps[step], e))
        {
            runtime.Entries[(slot * steps.Length) + step].Event = e;
            runtime.Info[slot].Counter = step + 1;
            if (step + 1 == steps.Length)
            {
                var events = Kept(runtime.Entries.AsSpan(slot * steps.Length, steps.Length));
                runtime.Clear(slot);
                Raise(runtime, key, e, time, e, events);
            }

            return;
        }

        // A new first step restarts a sequence still at its first step: the later start leaves more of the span.
        if ((slot < 0 || runtime.Info[slot].Counter <= 1) && Condition.All(steps[0], e))
        {
            if (slot < 0 && (slot = Slot(runtime, key, time, create: true)) < 0)
            {
                return;
            }

            runtime.Clear(slot);
            runtime.Info[slot].Mark = time;
            runtime.Entries[slot * steps.Length].Event = e;
            runtime.Info[slot].Counter = 1;
        }
    }

    private void Absence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var steps = rule.StepArrays;
        var slot = Slot(runtime, key, time, create: false);
        var waiting = slot >= 0 && runtime.Entries[slot].Event is not null;
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
        runtime.Entries[slot].Event = e;
        runtime.Info[slot].Mark = deadline;
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
                if (runtime.Slots.TryGetValue(key, out var slot) && runtime.Entries[slot].Event is { } first && runtime.Info[slot].Mark == deadline)
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

        ref var info = ref runtime.Info[slot];
        ref var last = ref runtime.Entries[slot];
        if (last.Event is { } previous && info.Place is { } from && !ReferenceEquals(from, place))
        {
            var km = from.DistanceKm(place);
            var hours = (time - info.Mark) / (double)TimeSpan.TicksPerHour;
            if (km >= rule.MinDistanceKm && (hours <= 0 || km / hours > rule.MaxSpeedKmh))
            {
                Raise(runtime, key, e, time, e, [previous, e]);
            }
        }

        last.Event = e;
        info.Place = place;
        info.Mark = time;
    }

    /// <summary>
    /// A rule with its per-shard state: a map from key to slot, and each slot's state in two arrays of small structs
    /// (no object per key, so that a million keys cost the garbage collector two large arrays, not millions of small
    /// objects, and a key's state is one or two cache lines): <see cref="Info"/> once per slot and <see cref="Width"/>
    /// <see cref="Entries"/> per slot.
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

        /// <summary>Entries per slot in <see cref="Entries"/>.</summary>
        public int Width { get; }

        public Dictionary<GroupKey, int> Slots { get; } = [];

        /// <summary>Per slot: what a rule keeps once per key.</summary>
        public SlotInfo[] Info = [];

        /// <summary>
        /// Per slot × <see cref="Width"/>: the events kept (a threshold's ring, a distinct count's values with their
        /// events, a sequence's steps, an absence's first event, a velocity's last one), each with its time.
        /// </summary>
        public Entry[] Entries = [];

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

            if (_next == Info.Length)
            {
                Grow(Math.Max(4096, _next * 4));
            }

            return _next++;
        }

        /// <summary>Forgets what a slot holds (the key keeps it).</summary>
        public void Clear(int slot)
        {
            Entries.AsSpan(slot * Width, Width).Clear();
            Info[slot] = new SlotInfo { LastSeen = Info[slot].LastSeen, Mark = Rule.Type == RuleType.Absence ? long.MaxValue : 0 };
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
                if (Info[slot].LastSeen < before && !(absence && Entries[slot].Event is not null))
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
                    if (Slots.TryGetValue(key, out var slot) && Entries[slot].Event is not null && Info[slot].Mark == deadline)
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
            var from = Info.Length;
            Array.Resize(ref Info, slots);
            Array.Resize(ref Entries, slots * Width);
            if (Rule.Type == RuleType.Absence)
            {
                foreach (ref var info in Info.AsSpan(from))
                {
                    info.Mark = long.MaxValue;
                }
            }
        }
    }

    /// <summary>What a rule keeps once per key; one small struct, so that a key's state is a cache line or two.</summary>
    private struct SlotInfo
    {
        /// <summary>The time the key was last used.</summary>
        public long LastSeen;

        /// <summary>A sequence's start, an absence's deadline, a velocity's last time.</summary>
        public long Mark;

        /// <summary>A threshold's ring head, a distinct count's number of values, a sequence's next step.</summary>
        public int Counter;

        /// <summary>A threshold's number of events in the ring.</summary>
        public int Filled;

        /// <summary>A velocity's last place.</summary>
        public Place? Place;
    }

    /// <summary>One kept event with its time and, for a distinct count, its value.</summary>
    private struct Entry
    {
        public BarrierEvent? Event;
        public string? Value;
        public long Time;
    }
}
