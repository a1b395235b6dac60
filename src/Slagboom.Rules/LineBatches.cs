using System.Collections.Concurrent;
using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>
/// NDJSON lines on their way into a <see cref="RuleEngine"/>: a few reusable batches of up to <see cref="Lines"/>
/// lines each (copied, so the caller's buffer is free as soon as it has posted them). A batch is parsed and routed
/// (<see cref="RuleRouter"/>) once, by the first thread to claim it — the producer (newest batch first) or a shard
/// that reached it in the ring (oldest first) — and then each shard does its own part of the work. At most <see cref="MaxBatches"/> exist, which bounds the events in flight
/// (few events survive to be promoted by the garbage collector while they wait).
/// </summary>
internal sealed class LineBatches(int shards, RuleRouter router, LineJournal journal)
{
    /// <summary>Lines per batch.</summary>
    public const int Lines = 64;

    private const int MaxBatches = 16;
    private readonly ConcurrentQueue<LineBatch> _free = new();
    private readonly (LineBatch? Batch, long Sequence)[] _posted = new (LineBatch?, long)[MaxBatches];
    private readonly EventParser _parser = new();
    private int _created;
    private long _sequence;

    /// <summary>A batch to fill (producer thread): a free one, a new one, or — when all are in use — one that comes free while this thread waits (and parses, when <paramref name="help"/>).</summary>
    public LineBatch Rent(Action throwIfFailed, bool help)
    {
        var spin = default(SpinWait);
        while (true)
        {
            if (_free.TryDequeue(out var batch))
            {
                return batch;
            }

            if (_created < MaxBatches)
            {
                _created++;
                return new LineBatch(shards, router, journal);
            }

            throwIfFailed();
            if (!help || !HelpOne())
            {
                spin.SpinOnce(sleep1Threshold: 30);
            }
        }
    }

    /// <summary>Remembers a batch the producer has just published, so that it can help parse it.</summary>
    public void Posted(LineBatch batch)
    {
        var sequence = ++_sequence;
        batch.Sequence = sequence;
        _posted[sequence % MaxBatches] = (batch, sequence);
    }

    /// <summary>Parses posted batches, newest first, while at least <paramref name="waiting"/> are still unclaimed (producer thread).</summary>
    public void HelpWhileWaiting(int waiting)
    {
        while (Unclaimed() >= waiting && HelpOne())
        {
        }
    }

    /// <summary>Parses the newest posted batch nobody has claimed (producer thread); false when there is none.</summary>
    public bool HelpOne()
    {
        for (var back = 0; back < MaxBatches; back++)
        {
            var (batch, sequence) = _posted[(_sequence - back + MaxBatches) % MaxBatches];
            if (batch is not null && batch.Sequence == sequence && batch.TryParse(_parser))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A shard has evaluated the batch; the last one returns it for reuse.</summary>
    public void Done(LineBatch batch)
    {
        if (Interlocked.Decrement(ref batch.Pending) == 0)
        {
            batch.Clear();
            _free.Enqueue(batch);
        }
    }

    private int Unclaimed()
    {
        var count = 0;
        foreach (var (batch, sequence) in _posted)
        {
            if (batch is not null && batch.Sequence == sequence && batch.IsRaw)
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>Up to <see cref="LineBatches.Lines"/> NDJSON lines, copied, the events parsed from them and the rules' work on those events.</summary>
internal sealed class LineBatch(int shards, RuleRouter router, LineJournal journal)
{
    private const int Raw = 0;
    private const int Parsing = 1;
    private const int Parsed = 2;
    private readonly List<int> _chunks = [];
    private int _state = Parsed;
    private int _firstIndex;
    private Action<int, string>? _invalid;

    /// <summary>The parsed events, in line order; null for a line that was not a valid event.</summary>
    public BarrierEvent?[] Events { get; } = new BarrierEvent?[LineBatches.Lines];

    /// <summary>Each line's handle in the <see cref="LineJournal"/>.</summary>
    public long[] Lines { get; } = new long[LineBatches.Lines];

    /// <summary>Per shard, the rules' work on the parsed events (<see cref="RuleRouter"/>), in event order.</summary>
    public WorkLists Work { get; } = new(shards);

    public int Count { get; private set; }

    /// <summary>Shards that have not yet evaluated the batch.</summary>
    public int Pending;

    /// <summary>Which posting of the batch this is (batches are reused).</summary>
    public long Sequence;

    public bool IsRaw => Volatile.Read(ref _state) == Raw;

    public bool IsParsed => Volatile.Read(ref _state) == Parsed;

    /// <summary>Copies lines into the journal (producer thread, before the batch is published).</summary>
    public void Fill(ReadOnlySpan<byte> data, ReadOnlySpan<(int Offset, int Length)> lines, int firstIndex, Action<int, string>? invalid)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var (offset, length) = lines[i];
            Lines[i] = journal.Append(data.Slice(offset, length), out var chunk);
            if (_chunks.Count == 0 || _chunks[^1] != chunk)
            {
                // Counted at once, so that the journal does not reuse the chunk for the rest of this batch.
                journal.Reading(chunk);
                _chunks.Add(chunk);
            }
        }

        Count = lines.Length;
        _firstIndex = firstIndex;
        _invalid = invalid;
        Pending = shards;
        Volatile.Write(ref _state, Raw);
    }

    /// <summary>Claims and parses the batch; false when another thread claimed it first.</summary>
    public bool TryParse(EventParser parser)
    {
        if (Volatile.Read(ref _state) != Raw || Interlocked.CompareExchange(ref _state, Parsing, Raw) != Raw)
        {
            return false;
        }

        try
        {
            for (var i = 0; i < Count; i++)
            {
                var result = parser.Parse(journal.Line(Lines[i]));
                Events[i] = result.Event;
                if (result.Event is { } parsed)
                {
                    router.Route(parsed, i, Work);
                }
                else
                {
                    _invalid?.Invoke(_firstIndex + i, result.Error!);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _state, Parsed);
        }

        return true;
    }

    /// <summary>Lets go of the events and the journal's chunks, so that the batch keeps nothing alive while it waits for reuse.</summary>
    public void Clear()
    {
        foreach (var chunk in _chunks)
        {
            journal.DoneReading(chunk);
        }

        _chunks.Clear();
        Events.AsSpan(0, Count).Clear();
        Work.Clear();
        _invalid = null;
    }
}
