using System.Buffers.Binary;
using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>
/// The NDJSON lines an engine was given, kept in large byte chunks so that rule state can hold an event as an
/// 8-byte handle to its line instead of the parsed object. A parsed event then lives only while its batch is
/// evaluated: the garbage collector never has to promote (copy) the millions of events that state keeps, which
/// had cost about as much as all the rest of the work per event. The few events an alert needs are parsed again
/// from their lines (the parser is deterministic, so they are equal to the originals).
/// </summary>
/// <remarks>
/// Chunks are written by the producer thread only. Each shard counts, per chunk, the handles its state holds; a
/// full chunk is reused once no batch that reads it is in flight and no shard holds a handle into it. So memory
/// follows what state keeps (a chunk stays while one kept line is in it), and no allocation happens once warm.
/// </remarks>
internal sealed class LineJournal
{
    /// <summary>At most this many chunks exist (with 1 MiB chunks: far beyond any memory this machine has).</summary>
    public const int MaxChunks = 1 << 16;

    private readonly int _chunkBytes;
    private readonly long _maxBytes;
    private readonly long[] _generations = new long[MaxChunks];
    private long _generation;
    private long _compactBelow;
    private readonly byte[]?[] _chunks = new byte[MaxChunks][];
    private readonly int[] _batchesReading = new int[MaxChunks];
    private readonly int[][] _held;
    private readonly Stack<int> _free = new();
    private readonly List<int> _full = [];
    private int _current = -1;
    private int _position;
    private int _created;

    public LineJournal(int shards, int chunkBytes = 1 << 20, long maxBytes = long.MaxValue)
    {
        _chunkBytes = chunkBytes;
        _maxBytes = maxBytes;
        _held = [.. Enumerable.Range(0, shards).Select(_ => new int[MaxChunks])];
    }

    /// <summary>Chunks made so far (reused ones count once).</summary>
    public int Chunks => _created;

    /// <summary>
    /// Shards turn kept lines in chunks of an older generation than this into parsed events (and let go of their
    /// handles), so that chunks pinned by a few long-lived entries are freed: raised when the journal holds more than
    /// its limit of bytes. 0 while it never did.
    /// </summary>
    public long CompactBelow => Volatile.Read(ref _compactBelow);

    /// <summary>When the chunk of <paramref name="handle"/> was last begun (a counter; larger is newer).</summary>
    public long GenerationOf(long handle) => _generations[ChunkOf(handle)];

    /// <summary>Per chunk, the handles into it that <paramref name="shard"/>'s state holds (written by that shard only).</summary>
    public int[] HeldBy(int shard) => _held[shard];

    /// <summary>Copies a line in (producer thread) and gives its handle; <paramref name="chunk"/> is the chunk it went to.</summary>
    public long Append(ReadOnlySpan<byte> line, out int chunk)
    {
        var needed = line.Length + sizeof(int);
        if (_current < 0 || _position + needed > _chunks[_current]!.Length)
        {
            NextChunk(needed);
        }

        var bytes = _chunks[_current]!;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(_position), line.Length);
        line.CopyTo(bytes.AsSpan(_position + sizeof(int)));
        var handle = Handle(_current, _position);
        _position += needed;
        chunk = _current;
        return handle;
    }

    /// <summary>The bytes of a line by its handle (any thread that got the handle through the engine's queue).</summary>
    public ReadOnlySpan<byte> Line(long handle)
    {
        var chunk = (int)((handle >> 32) - 1);
        var offset = (int)handle;
        var bytes = _chunks[chunk]!;
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
        return bytes.AsSpan(offset + sizeof(int), length);
    }

    /// <summary>The chunk a handle points into.</summary>
    public static int ChunkOf(long handle) => (int)((handle >> 32) - 1);

    /// <summary>A batch that reads lines in <paramref name="chunk"/> was posted (producer thread).</summary>
    public void Reading(int chunk) => Interlocked.Increment(ref _batchesReading[chunk]);

    /// <summary>A batch that read lines in <paramref name="chunk"/> has been evaluated by every shard.</summary>
    public void DoneReading(int chunk) => Interlocked.Decrement(ref _batchesReading[chunk]);

    /// <summary>Parses the event of a handle again (for an alert).</summary>
    public BarrierEvent Parse(long handle, EventParser parser) =>
        parser.Parse(Line(handle)).Event ?? throw new InvalidOperationException("a kept line no longer parses");

    private static long Handle(int chunk, int offset) => ((long)(chunk + 1) << 32) | (uint)offset;

    private void NextChunk(int needed)
    {
        if (_current >= 0)
        {
            _full.Add(_current);
        }

        // Reuse a full chunk nobody reads or holds any more; look only when a chunk fills (every few thousand lines).
        for (var i = _full.Count - 1; i >= 0; i--)
        {
            var id = _full[i];
            if (Volatile.Read(ref _batchesReading[id]) == 0 && !Held(id))
            {
                _full.RemoveAt(i);
                _free.Push(id);
            }
        }

        LimitHeld();
        if (_free.TryPop(out var reuse))
        {
            if (_chunks[reuse]!.Length < needed)
            {
                _chunks[reuse] = new byte[Math.Max(_chunkBytes, needed)]; // a line longer than the chunk
            }

            (_current, _position) = (reuse, 0);
            _generations[reuse] = ++_generation;
            return;
        }

        if (_created == MaxChunks)
        {
            throw new InvalidOperationException($"the rules engine keeps more than {MaxChunks:N0} chunks of event lines");
        }

        _chunks[_created] = new byte[Math.Max(_chunkBytes, needed)];
        (_current, _position) = (_created++, 0);
        _generations[_current] = ++_generation;

    }

    /// <summary>
    /// Over the limit, asks the shards to let go of every kept line but those in the chunks begun last (half the
    /// limit's worth): a chunk stays as long as one line in it is kept, so a few long-lived entries could otherwise pin
    /// nearly every line of a day.
    /// </summary>
    private void LimitHeld()
    {
        if ((long)_full.Count * _chunkBytes > _maxBytes)
        {
            var below = _generation - Math.Max(1, _maxBytes / 2 / _chunkBytes);
            if (below > _compactBelow)
            {
                Volatile.Write(ref _compactBelow, below);
            }
        }
    }

    private bool Held(int chunk)
    {
        foreach (var held in _held)
        {
            if (Volatile.Read(ref held[chunk]) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
