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

    /// <summary>Bytes per chunk of the journal that keeps posted lines (<see cref="LineJournal"/>); small in tests, to make chunks turn over.</summary>
    internal int JournalChunkBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Bytes of posted lines the engine may hold for its state (the journal). Beyond it, the shards turn the lines
    /// kept in the older half of the journal into parsed events, so that chunks pinned by a few long-lived entries
    /// (a velocity keeps a pass's last event for a day) can be reused. Default 256 MiB.
    /// </summary>
    public long JournalMaxBytes { get; init; } = 256L << 20;
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
    private readonly RuleRuntime[] _all;
    private readonly RuleRouter _router;
    private readonly WorkLists _scratch;
    private readonly AlertGate _gate;
    private readonly int _shard;
    private readonly int _maxKeys;
    private long _now = long.MinValue;
    private long _nextTimer = long.MaxValue;
    private long _nextSweep = long.MinValue;
    private long _events;
    private long _droppedKeys;
    private readonly LineJournal? _journal;
    private readonly int[]? _held;
    private EventParser? _reparser;
    private BarrierEvent? _event;
    private long _line;
    private long _compactedBelow;

    /// <summary>A single evaluator that owns every key: alerts go to <paramref name="sink"/> in order.</summary>
    public RuleEvaluator(RuleSet rules, Action<Alert> sink, int maxKeysPerRule = 4_000_000)
        : this(rules, new AlertGate(sink), 0, 1, maxKeysPerRule)
    {
    }

    internal RuleEvaluator(RuleSet rules, AlertGate gate, int shard, int shards, int maxKeysPerRule, LineJournal? journal = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _gate = gate;
        _shard = shard;
        _router = new RuleRouter(rules);
        _scratch = new WorkLists(shards);
        _maxKeys = maxKeysPerRule;
        _journal = journal;
        _held = journal?.HeldBy(shard);
        _all = [.. _router.Rules.Select(r => new RuleRuntime(r, _held))];
    }

    internal AlertGate Gate => _gate;

    /// <summary>Counters so far (alerts, suppressed and capped count the whole engine when shared).</summary>
    public RuleEngineStats Stats => new(_events, _gate.Raised, _gate.Suppressed, _gate.Capped, _all.Sum(r => (long)r.KeyCount), _droppedKeys);

    /// <summary>Evaluates one event.</summary>
    public void Process(BarrierEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _scratch.Clear();
        _router.Route(e, 0, _scratch);
        Process(e, _scratch.For(_shard), 0);
    }

    /// <summary>
    /// Evaluates one event whose stateless half <see cref="RuleRouter"/> has done: <paramref name="work"/> holds this
    /// evaluator's items for it. The clock moves with every event, owned keys or not. <paramref name="line"/> is the
    /// event's handle in the engine's <see cref="LineJournal"/> (state then keeps the handle, not the event), or 0.
    /// </summary>
    internal void Process(BarrierEvent e, ReadOnlySpan<WorkItem> work, long line)
    {
        _events++;
        _event = e;
        _line = line;
        var time = e.Time.UtcTicks;
        if (time > _now)
        {
            Advance(time, e);
        }

        foreach (ref readonly var item in work)
        {
            var runtime = _all[item.Rule];
            switch (runtime.Rule.Type)
            {
                case RuleType.Match or RuleType.Schedule or RuleType.Watchlist:
                    Raise(runtime, item.Key, e, time, e, null);
                    break;
                case RuleType.Threshold:
                    Threshold(runtime, item.Key, e, time);
                    break;
                case RuleType.DistinctCount:
                    Distinct(runtime, item.Key, e, time);
                    break;
                case RuleType.Sequence:
                    Sequence(runtime, item.Key, e, time, item.Bits);
                    break;
                case RuleType.Absence:
                    Absence(runtime, item.Key, e, time, item.Bits);
                    break;
                case RuleType.Velocity:
                    Velocity(runtime, item.Key, e, time, item.Place!);
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

    /// <summary>
    /// The state slot of <paramref name="key"/> for a rule (its idle clock set to <paramref name="time"/>), or −1:
    /// none yet and <paramref name="create"/> is false, or the rule holds <see cref="RuleEngineOptions.MaxKeysPerRule"/> keys.
    /// </summary>
    private int Slot(RuleRuntime runtime, in GroupKey key, long time, bool create)
    {
        var keys = runtime.Keys;
        var slot = keys.Find(key);
        if (slot < 0)
        {
            if (!create)
            {
                return -1;
            }

            if (keys.Count >= _maxKeys)
            {
                runtime.Sweep(_now);
                if (keys.Count >= _maxKeys)
                {
                    _droppedKeys++;
                    return -1;
                }
            }

            // A new key takes a free slot (allocation-free once warm).
            slot = runtime.Take();
            keys.Add(key, slot);
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
        var ring = runtime.Entries.Row(slot);
        ref var info = ref runtime.Info[slot];
        ref var entry = ref ring[info.Counter];
        Keep(ref entry, e);
        entry.Time = time;
        info.Counter = (info.Counter + 1) % width;
        info.Filled = Math.Min(info.Filled + 1, width);
        if (info.Filled == width && time - ring[info.Counter].Time <= rule.Within.Ticks)
        {
            var events = new BarrierEvent[width];
            for (var i = 0; i < width; i++)
            {
                events[i] = Resolve(ring[(info.Counter + i) % width]);
            }

            runtime.Clear(slot);
            Raise(runtime, key, e, time, e, events);
        }
    }

    private void Distinct(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time)
    {
        var rule = runtime.Rule;
        var value = EventFields.Text(e, rule.DistinctField!.Value, 0)!; // the router checked it is there

        var slot = Slot(runtime, key, time, create: true);
        if (slot < 0)
        {
            return;
        }

        // Drop values last seen before the span, then count this one (once per distinct value).
        var entries = runtime.Entries.Row(slot);
        ref var filled = ref runtime.Info[slot].Counter;
        var kept = 0;
        var found = -1;
        for (var i = 0; i < filled; i++)
        {
            if (time - entries[i].Time > rule.Within.Ticks)
            {
                Release(ref entries[i]);
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
        ref var entry = ref entries[found >= 0 ? found : filled++];
        Keep(ref entry, e);
        entry.Value = value;
        entry.Time = time;
        if (filled >= rule.Count)
        {
            var raised = Kept(entries[..filled]);
            Array.Sort(raised, static (x, y) => x.Time.CompareTo(y.Time));
            runtime.Clear(slot);
            Raise(runtime, key, e, time, e, raised);
        }
    }

    /// <summary>A copy of kept events for an alert (every entry is set).</summary>
    private BarrierEvent[] Kept(ReadOnlySpan<Entry> kept)
    {
        var events = new BarrierEvent[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            events[i] = Resolve(kept[i]);
        }

        return events;
    }

    /// <summary>Turns kept lines older than the journal asks for into parsed events (<see cref="LineJournal.CompactBelow"/>).</summary>
    internal void CompactIfAsked()
    {
        if (_journal is null || _journal.CompactBelow is var below && below <= _compactedBelow)
        {
            return;
        }

        _compactedBelow = below;
        var parser = _reparser ??= new EventParser();
        foreach (var runtime in _all)
        {
            runtime.Materialize(below, _journal, parser);
        }
    }

    /// <summary>Keeps the current event in an entry — as its line's handle when it came as a line — letting go of what the entry held.</summary>
    private void Keep(ref Entry entry, BarrierEvent e)
    {
        Release(ref entry);
        if (_line != 0)
        {
            entry.Line = _line;
            _held![LineJournal.ChunkOf(_line)]++;
        }
        else
        {
            entry.Event = e;
        }
    }

    /// <summary>Lets go of the event an entry keeps (its line's chunk may then be reused).</summary>
    private void Release(ref Entry entry)
    {
        entry.DropLine(_held);
        entry.Event = null;
    }

    /// <summary>The event an entry keeps: the object, or the event parsed again from its line.</summary>
    private BarrierEvent Resolve(in Entry entry) =>
        entry.Event ?? (entry.Line == _line && _event is not null ? _event : _journal!.Parse(entry.Line, _reparser ??= new EventParser()));

    private void Sequence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time, int bits)
    {
        var rule = runtime.Rule;
        var steps = rule.StepArrays;
        var slot = Slot(runtime, key, time, create: false);
        if (slot >= 0 && runtime.Info[slot].Counter > 0 && time - runtime.Info[slot].Mark > rule.Within.Ticks)
        {
            runtime.Clear(slot);
        }

        if (slot >= 0 && runtime.Info[slot].Counter > 0 && (bits & RuleRouter.SequenceWithout) != 0)
        {
            runtime.Clear(slot);
            return;
        }

        if (slot >= 0 && runtime.Info[slot].Counter is > 0 and var step && (bits & RuleRouter.SequenceStep(step)) != 0)
        {
            Keep(ref runtime.Entries.Row(slot)[step], e);
            runtime.Info[slot].Counter = step + 1;
            if (step + 1 == steps.Length)
            {
                var events = Kept(runtime.Entries.Row(slot));
                runtime.Clear(slot);
                Raise(runtime, key, e, time, e, events);
            }

            return;
        }

        // A new first step restarts a sequence still at its first step: the later start leaves more of the span.
        if ((slot < 0 || runtime.Info[slot].Counter <= 1) && (bits & RuleRouter.SequenceStep(0)) != 0)
        {
            if (slot < 0 && (slot = Slot(runtime, key, time, create: true)) < 0)
            {
                return;
            }

            runtime.Clear(slot);
            runtime.Info[slot].Mark = time;
            Keep(ref runtime.Entries[slot], e);
            runtime.Info[slot].Counter = 1;
        }
    }

    private void Absence(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time, int bits)
    {
        var rule = runtime.Rule;
        var slot = Slot(runtime, key, time, create: false);
        var waiting = slot >= 0 && runtime.Entries[slot].Has;
        if (waiting && (bits & RuleRouter.AbsenceThen) != 0)
        {
            // The expected event came in time (a late one has already fired: the clock moved first).
            runtime.Clear(slot);
            return;
        }

        if (waiting || (bits & RuleRouter.AbsenceFirst) == 0)
        {
            return;
        }

        if (slot < 0 && (slot = Slot(runtime, key, time, create: true)) < 0)
        {
            return;
        }

        var deadline = time + rule.Within.Ticks;
        Keep(ref runtime.Entries[slot], e);
        runtime.Info[slot].Mark = deadline;
        runtime.Timers.Enqueue(slot, deadline);
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

            while (runtime.Timers.TryPeek(out var slot, out var deadline))
            {
                if (deadline > _now)
                {
                    next = Math.Min(next, deadline);
                    break;
                }

                runtime.Timers.Dequeue();

                // Lazy deletion: the timer counts only if the slot's key still waits for exactly this deadline.
                if (runtime.Waits(slot, deadline))
                {
                    var first = Resolve(runtime.Entries[slot]);
                    runtime.Clear(slot);
                    Raise(runtime, runtime.Keys.KeyOf(slot), trigger, deadline, first, null);
                }
            }
        }

        _nextTimer = next;
    }

    private void Velocity(RuleRuntime runtime, GroupKey key, BarrierEvent e, long time, Place place)
    {
        var rule = runtime.Rule;
        var slot = Slot(runtime, key, time, create: true);
        if (slot < 0)
        {
            return;
        }

        ref var info = ref runtime.Info[slot];
        ref var last = ref runtime.Entries[slot];
        if (last.Has && info.Place is { } from && !ReferenceEquals(from, place))
        {
            var km = from.DistanceKm(place);
            var hours = (time - info.Mark) / (double)TimeSpan.TicksPerHour;
            if (km >= rule.MinDistanceKm && (hours <= 0 || km / hours > rule.MaxSpeedKmh))
            {
                Raise(runtime, key, e, time, e, [Resolve(last), e]);
            }
        }

        Keep(ref last, e);
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
        private readonly int[]? _held;
        private int[] _free = [];
        private int _freeCount;
        private int _next;

        public RuleRuntime(Rule rule, int[]? held)
        {
            _held = held;
            Rule = rule;
            Width = rule.Type switch
            {
                RuleType.Threshold or RuleType.DistinctCount => rule.Count,
                RuleType.Sequence => rule.StepArrays.Length,
                _ => 1,
            };
            var slots = Segments<Entry>.SlotsFor(Width);
            Info = new Segments<SlotInfo>(1, slots, rule.Type == RuleType.Absence ? static infos => infos.Fill(new SlotInfo { Mark = long.MaxValue }) : null);
            Entries = new Segments<Entry>(Width, slots);
        }

        public Rule Rule { get; }

        /// <summary>Entries per slot in <see cref="Entries"/>.</summary>
        public int Width { get; }

        public KeyTable Keys { get; } = new();

        /// <summary>Per slot: what a rule keeps once per key.</summary>
        public Segments<SlotInfo> Info { get; }

        /// <summary>
        /// Per slot × <see cref="Width"/>: the events kept (a threshold's ring, a distinct count's values with their
        /// events, a sequence's steps, an absence's first event, a velocity's last one), each with its time.
        /// </summary>
        public Segments<Entry> Entries { get; }

        /// <summary>An absence's deadlines by slot (stale ones are skipped when they come up: see <see cref="Waits"/>).</summary>
        public PriorityQueue<int, long> Timers { get; } = new();

        public long NextSweep { get; private set; } = long.MinValue;

        public int KeyCount => Keys.Count;

        private long Interval => Math.Max(TimeSpan.TicksPerMinute, Rule.StateTtlTicks / 2);

        /// <summary>True when an absence's slot holds a key that still waits for exactly <paramref name="deadline"/>.</summary>
        public bool Waits(int slot, long deadline) => Keys.Holds(slot) && Entries[slot].Has && Info[slot].Mark == deadline;

        /// <summary>A cleared slot for a new key: a freed one, or the next one (slot arrays grow fourfold, so rarely).</summary>
        public int Take()
        {
            if (_freeCount > 0)
            {
                return _free[--_freeCount];
            }

            if (_next == Info.Capacity)
            {
                Info.Grow();
                Entries.Grow();
            }

            return _next++;
        }

        /// <summary>Forgets what a slot holds (the key keeps it).</summary>
        public void Clear(int slot)
        {
            var entries = Entries.Row(slot);
            foreach (ref var entry in entries)
            {
                entry.DropLine(_held);
            }

            entries.Clear();
            Info[slot] = new SlotInfo { LastSeen = Info[slot].LastSeen, Mark = Rule.Type == RuleType.Absence ? long.MaxValue : 0 };
        }

        /// <summary>Replaces the handles of kept lines in chunks older than <paramref name="below"/> with the parsed events.</summary>
        public void Materialize(long below, LineJournal journal, EventParser parser)
        {
            for (var slot = 0; slot < _next; slot++)
            {
                foreach (ref var entry in Entries.Row(slot))
                {
                    if (entry.Line != 0 && journal.GenerationOf(entry.Line) < below)
                    {
                        entry.Event = journal.Parse(entry.Line, parser);
                        entry.DropLine(_held);
                    }
                }
            }
        }

        /// <summary>Forgets keys idle longer than the rule can use them; their slots are cleared and reused.</summary>
        public void Sweep(long now)
        {
            NextSweep = now == long.MinValue ? long.MinValue : now + Interval;
            if (Keys.Count == 0 || Rule.StateTtlTicks == 0)
            {
                return;
            }

            var before = now - Rule.StateTtlTicks;
            var absence = Rule.Type == RuleType.Absence;
            for (var slot = 0; slot < _next; slot++)
            {
                if (Keys.Holds(slot) && Info[slot].LastSeen < before && !(absence && Entries[slot].Has))
                {
                    Keys.Remove(slot);
                    Clear(slot);
                    if (_freeCount == _free.Length)
                    {
                        Array.Resize(ref _free, Math.Max(1024, _free.Length * 2));
                    }

                    _free[_freeCount++] = slot;
                }
            }

            if (absence && Timers.Count > 4 * (Keys.Count + 1024))
            {
                // Drop stale timers (their keys got the expected event) so the queue stays bounded.
                var live = new List<(int, long)>();
                while (Timers.TryDequeue(out var slot, out var deadline))
                {
                    if (Waits(slot, deadline))
                    {
                        live.Add((slot, deadline));
                    }
                }

                Timers.EnqueueRange(live);
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

    /// <summary>One kept event — the object, or its line's handle in the engine's journal — with its time and, for a distinct count, its value.</summary>
    private struct Entry
    {
        public BarrierEvent? Event;
        public long Line;
        public string? Value;
        public long Time;

        public readonly bool Has => Event is not null || Line != 0;

        /// <summary>Lets go of the line handle, if any: the shard no longer holds a line in its chunk.</summary>
        public void DropLine(int[]? held)
        {
            if (Line != 0)
            {
                held![LineJournal.ChunkOf(Line)]--;
                Line = 0;
            }
        }
    }
}
