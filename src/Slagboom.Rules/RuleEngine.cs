using System.Runtime.InteropServices;
using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>
/// The real-time rules engine: one producer posts events; <see cref="RuleEngineOptions.Shards"/> threads each run a
/// <see cref="RuleEvaluator"/> and keep state only for the keys whose hash falls to them, so each key's state lives
/// on one core without locks. The stateless half of evaluation (scope, conditions, keys: <see cref="RuleRouter"/>)
/// is done once per event; each shard then sees every event (its clock moves with all of them) but works only on
/// its own keys. Events travel through a preallocated ring; a full ring makes <c>Post</c> wait (back-pressure,
/// nothing dropped). Lines posted with <see cref="PostLines"/> are kept in a <see cref="LineJournal"/>, and state
/// keeps handles to them rather than parsed events.
/// </summary>
/// <remarks>
/// Alerts reach the sink one at a time, from a shard thread, right after the event that raised them; their order
/// across keys is not fixed. Suppression and caps are shared by all shards. <c>Post</c>,
/// <see cref="AdvanceTo"/> and <see cref="Drain"/> are for one producer thread.
/// </remarks>
public sealed class RuleEngine : IDisposable
{
    private readonly Slot[] _ring;
    private readonly long _mask;
    private readonly RuleEvaluator[] _shards;
    private readonly Thread[] _threads;
    private readonly PaddedLong[] _consumed;
    private PaddedLong _published;
    private volatile bool _stopping;
    private readonly LineBatches _batches;
    private readonly LineJournal _journal;

    // Fewer shards than cores leave this thread a core of its own: it then parses whenever batches queue up and while
    // it waits for room. With a shard per core it only copies lines: parsing here would take time from the shards,
    // which parse for themselves (measured: 2 shards on 2 cores, 290,000–330,000 events/s against 270,000–290,000).
    private readonly bool _helpEagerly;
    private readonly Action _throwIfFailed;
    private Exception? _failure;

    /// <summary>Starts the shard threads.</summary>
    public RuleEngine(RuleSet rules, Action<Alert> sink, RuleEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new RuleEngineOptions();
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, options.QueueSize));
        _ring = new Slot[size];
        _mask = size - 1;
        var shards = Math.Max(1, options.Shards);
        var gate = new AlertGate(sink);
        var journal = new LineJournal(shards, options.JournalChunkBytes, options.JournalMaxBytes);
        _shards = [.. Enumerable.Range(0, shards).Select(i => new RuleEvaluator(rules, gate, i, shards, options.MaxKeysPerRule, journal))];
        _consumed = new PaddedLong[shards];
        _batches = new LineBatches(shards, new RuleRouter(rules), journal);
        _journal = journal;
        _helpEagerly = shards < Environment.ProcessorCount;
        _throwIfFailed = ThrowIfFailed;
        _threads = [.. Enumerable.Range(0, shards).Select(i => new Thread(() => Run(i)) { IsBackground = true, Name = $"rules-shard-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Counters over all shards (events counted once).</summary>
    public RuleEngineStats Stats
    {
        get
        {
            var s = _shards.Select(e => e.Stats).ToArray();
            return new RuleEngineStats(s[0].Events, s[0].Alerts, s[0].Suppressed, s[0].Capped, s.Sum(x => x.Keys), s.Sum(x => x.DroppedKeys));
        }
    }

    /// <summary>Chunks the journal of posted lines has made so far.</summary>
    internal int JournalChunks => _journal.Chunks;

    /// <summary>Hands one event to the shards; waits while the ring is full.</summary>
    public void Post(BarrierEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Publish(new Slot(e, 0, null));
    }

    /// <summary>Hands several events to the shards at once (one hand-over for all: cheaper per event than one by one).</summary>
    public void Post(ReadOnlySpan<BarrierEvent> events)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        var sequence = _published.Value;
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e);
            WaitForRoom(sequence);
            _ring[sequence & _mask] = new Slot(e, 0, null);
            sequence++;
            if ((sequence & 255) == 0)
            {
                Volatile.Write(ref _published.Value, sequence);
            }
        }

        Volatile.Write(ref _published.Value, sequence);
    }

    /// <summary>Moves every shard's clock to <paramref name="time"/>, so that absence rules fire without new events.</summary>
    public void AdvanceTo(DateTimeOffset time) => Publish(new Slot(null, time.UtcTicks, null));

    /// <summary>
    /// Hands NDJSON lines (one event per line, as <see cref="EventParser"/> reads them) to the engine, in order. The
    /// lines are copied into the engine's journal in batches of up to <see cref="LineBatches.Lines"/>; each batch is
    /// parsed and routed by whichever thread gets to it first — this one, or a shard that would otherwise wait — and
    /// then evaluated by every shard in order. Parsing is much of the work per event, so on few cores it is shared
    /// between the producer and the shards instead of holding up the producer alone. Lines that are not a valid event are skipped and go to
    /// <paramref name="invalid"/> with their index in <paramref name="lines"/> and the reason; it is called on the
    /// thread that parsed them, before <see cref="Drain"/> returns.
    /// </summary>
    public void PostLines(ReadOnlySpan<byte> data, ReadOnlySpan<(int Offset, int Length)> lines, Action<int, string>? invalid = null)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        for (var first = 0; first < lines.Length; first += LineBatches.Lines)
        {
            var batch = _batches.Rent(_throwIfFailed, _helpEagerly);
            batch.Fill(data, lines.Slice(first, Math.Min(LineBatches.Lines, lines.Length - first)), first, invalid);
            Publish(new Slot(null, 0, batch));

            // Parse here only while batches are waiting; a shard that runs out of parsed batches parses the oldest.
            _batches.Posted(batch);
            if (_helpEagerly)
            {
                _batches.HelpWhileWaiting(2);
            }
        }
    }

    /// <summary>Waits until every posted event has been evaluated; rethrows a failure of a shard.</summary>
    public void Drain()
    {
        var target = Volatile.Read(ref _published.Value);
        var spin = default(SpinWait);
        while (MinConsumed() < target)
        {
            ThrowIfFailed();
            spin.SpinOnce(sleep1Threshold: 30);
        }

        ThrowIfFailed();
    }

    /// <summary>Stops the shard threads (after what was posted has been evaluated).</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        try
        {
            Drain();
        }
        finally
        {
            _stopping = true;
            foreach (var thread in _threads)
            {
                thread.Join();
            }
        }
    }

    private void Publish(Slot slot)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        var sequence = _published.Value;
        WaitForRoom(sequence);
        _ring[sequence & _mask] = slot;
        Volatile.Write(ref _published.Value, sequence + 1);
    }

    private void WaitForRoom(long sequence)
    {
        if (sequence - _ring.Length < _minConsumedCache)
        {
            return;
        }

        // Make what was written so far visible, or a shard may wait for it while we wait for the shard.
        Volatile.Write(ref _published.Value, sequence);
        var spin = default(SpinWait);
        while (sequence - _ring.Length >= MinConsumed())
        {
            ThrowIfFailed();
            if (!_helpEagerly || !_batches.HelpOne())
            {
                spin.SpinOnce(sleep1Threshold: 30);
            }
        }
    }

    private long _minConsumedCache;

    private long MinConsumed()
    {
        var min = long.MaxValue;
        for (var i = 0; i < _consumed.Length; i++)
        {
            min = Math.Min(min, Volatile.Read(ref _consumed[i].Value));
        }

        _minConsumedCache = min;
        return min;
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw new InvalidOperationException("a rules shard failed", failure);
        }
    }

    private void Run(int shard)
    {
        var evaluator = _shards[shard];
        var parser = new EventParser();
        long next = 0;
        var idle = 0;
        try
        {
            while (true)
            {
                var available = Volatile.Read(ref _published.Value);
                if (next == available)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    // Spin briefly, then yield, then sleep: a quiet engine costs no core, a busy one no wake-up.
                    idle++;
                    if (idle < 50)
                    {
                        Thread.SpinWait(20);
                    }
                    else if (idle < 200)
                    {
                        Thread.Yield();
                    }
                    else
                    {
                        Thread.Sleep(1);
                    }

                    continue;
                }

                idle = 0;
                while (next < available)
                {
                    ref var slot = ref _ring[next & _mask];
                    if (slot.Event is { } e)
                    {
                        evaluator.Process(e);
                    }
                    else if (slot.Batch is { } batch)
                    {
                        evaluator.CompactIfAsked();
                        WaitParsed(batch, next, parser);
                        var work = batch.Work.For(shard);
                        var at = 0;
                        for (var i = 0; i < batch.Count; i++)
                        {
                            if (batch.Events[i] is { } parsed)
                            {
                                var from = at;
                                while (at < work.Length && work[at].Event == i)
                                {
                                    at++;
                                }

                                evaluator.Process(parsed, work[from..at], batch.Lines[i]);
                            }
                        }

                        _batches.Done(batch);
                    }
                    else
                    {
                        evaluator.AdvanceTo(new DateTimeOffset(slot.Tick, TimeSpan.Zero));
                    }

                    next++;
                    if ((next & 255) == 0)
                    {
                        Volatile.Write(ref _consumed[shard].Value, next);
                    }
                }

                Volatile.Write(ref _consumed[shard].Value, next);
            }
        }
        catch (Exception e)
        {
            Volatile.Write(ref _failure, e);
            Volatile.Write(ref _consumed[shard].Value, long.MaxValue);
        }
    }

    /// <summary>
    /// Makes sure the batch at <paramref name="sequence"/> is parsed: parses it, or — while another thread does —
    /// parses later batches already in the ring instead of waiting idle.
    /// </summary>
    private void WaitParsed(LineBatch batch, long sequence, EventParser parser)
    {
        var spin = default(SpinWait);
        while (!batch.TryParse(parser) && !batch.IsParsed)
        {
            if (!ParseAhead(sequence + 1, parser))
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Parses the first unclaimed batch among the next few published after <paramref name="from"/> (a shard's slots there cannot be reused before it passes them).</summary>
    private bool ParseAhead(long from, EventParser parser)
    {
        var available = Math.Min(Volatile.Read(ref _published.Value), from + 64);
        for (var sequence = from; sequence < available; sequence++)
        {
            if (_ring[sequence & _mask].Batch is { IsRaw: true } batch && batch.TryParse(parser))
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Slot(BarrierEvent? Event, long Tick, LineBatch? Batch);

    /// <summary>A counter alone on its cache line, so that shards do not slow each other down.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)]
        public long Value;
    }
}
