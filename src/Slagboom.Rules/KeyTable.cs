namespace Slagboom.Rules;

/// <summary>
/// A rule's map from <see cref="GroupKey"/> to state slot that holds no managed object per key: the keys' text is
/// copied into character chunks, and the table itself is arrays of numbers. A million keys are then a few large
/// arrays the garbage collector neither copies nor scans, where a <see cref="Dictionary{TKey,TValue}"/> of string
/// keys kept a million strings alive — promoted through the generations and rescanned at collections.
/// </summary>
/// <remarks>
/// Open addressing with linear probing (at most half full) and backward-shift deletion, so no tombstones; each
/// bucket holds the key's hash next to its slot, so probing and growing touch nothing else. Each slot records where
/// its key's text sits; a chunk of text is reused once every key in it is gone (keys expire roughly in the order
/// they came, so chunks empty in turn). Slots are numbered by the caller (<c>Add(key, slot)</c>), which reuses freed
/// ones. Not thread-safe: one per rule per shard.
/// </remarks>
internal sealed class KeyTable
{
    private const int Null = -1;
    private const int ChunkChars = 1 << 15;
    private readonly Segments<Key> _keys = new(1, 4096);
    private readonly Stack<int> _freeChunks = new();
    private long[] _buckets = new long[1024];
    private char[][] _chunks = new char[4][];
    private int[] _live = new int[4];
    private int _chunkCount;
    private int _current = -1;
    private int _used;

    /// <summary>Keys held.</summary>
    public int Count { get; private set; }

    /// <summary>True when <paramref name="slot"/> holds a key.</summary>
    public bool Holds(int slot) => slot < _keys.Capacity && _keys[slot].Used;

    /// <summary>The slot of <paramref name="key"/>, or −1.</summary>
    public int Find(in GroupKey key)
    {
        var mask = _buckets.Length - 1;
        var hash = key.GetHashCode();
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var bucket = _buckets[i];
            if (bucket == 0)
            {
                return -1;
            }

            if ((int)(bucket >> 32) == hash && Same((int)bucket - 1, key))
            {
                return (int)bucket - 1;
            }
        }
    }

    /// <summary>Maps <paramref name="key"/> (not yet held) to <paramref name="slot"/> (not in use).</summary>
    public void Add(in GroupKey key, int slot)
    {
        if ((Count + 1) * 2 > _buckets.Length)
        {
            Rehash(_buckets.Length * 2);
        }

        while (slot >= _keys.Capacity)
        {
            _keys.Grow();
        }

        var hash = key.GetHashCode();
        var (chunk, offset) = Store(key.A, key.B, key.C);
        _keys[slot] = new Key(hash, chunk, offset, key.A?.Length ?? Null, key.B?.Length ?? Null, key.C?.Length ?? Null, Used: true);
        Insert(Bucket(hash, slot));
        Count++;
    }

    /// <summary>Forgets the key of <paramref name="slot"/> (which must hold one).</summary>
    public void Remove(int slot)
    {
        var key = _keys[slot];
        var mask = _buckets.Length - 1;
        var wanted = Bucket(key.Hash, slot);
        var i = key.Hash & mask;
        while (_buckets[i] != wanted)
        {
            i = (i + 1) & mask;
        }

        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        var hole = i;
        for (var j = (i + 1) & mask; _buckets[j] != 0; j = (j + 1) & mask)
        {
            var home = (int)(_buckets[j] >> 32) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                _buckets[hole] = _buckets[j];
                hole = j;
            }
        }

        _buckets[hole] = 0;
        if (key.Chars > 0 && (_live[key.Chunk] -= key.Chars) == 0 && key.Chunk != _current)
        {
            _freeChunks.Push(key.Chunk);
        }

        _keys[slot] = default;
        Count--;
    }

    /// <summary>The key of <paramref name="slot"/> as strings (allocates: for alerts, not per event).</summary>
    public GroupKey KeyOf(int slot)
    {
        var k = _keys[slot];
        var at = k.Offset;
        return new GroupKey(Read(k, k.LengthA, ref at), Read(k, k.LengthB, ref at), Read(k, k.LengthC, ref at));
    }

    private static long Bucket(int hash, int slot) => ((long)hash << 32) | (uint)(slot + 1);

    private string? Read(Key k, int length, ref int at)
    {
        if (length == Null)
        {
            return null;
        }

        var text = new string(_chunks[k.Chunk], at, length);
        at += length;
        return text;
    }

    private bool Same(int slot, in GroupKey key)
    {
        ref var k = ref _keys[slot];
        var text = _chunks[k.Chunk].AsSpan(k.Offset, k.Chars);
        return Same(k.LengthA, key.A, ref text) && Same(k.LengthB, key.B, ref text) && Same(k.LengthC, key.C, ref text);
    }

    private static bool Same(int length, string? part, ref Span<char> text)
    {
        if (part is null)
        {
            return length == Null;
        }

        if (length != part.Length || !text[..length].SequenceEqual(part))
        {
            return false;
        }

        text = text[length..];
        return true;
    }

    private (int Chunk, int Offset) Store(string? a, string? b, string? c)
    {
        var chars = (a?.Length ?? 0) + (b?.Length ?? 0) + (c?.Length ?? 0);
        if (_current < 0 || _used + chars > _chunks[_current].Length)
        {
            NextChunk(chars);
        }

        var offset = _used;
        foreach (var part in (ReadOnlySpan<string?>)[a, b, c])
        {
            if (part is not null)
            {
                part.CopyTo(_chunks[_current].AsSpan(_used));
                _used += part.Length;
            }
        }

        _live[_current] += chars;
        return (_current, offset);
    }

    private void NextChunk(int chars)
    {
        if (_current >= 0 && _live[_current] == 0)
        {
            _freeChunks.Push(_current);
        }

        if (_freeChunks.TryPop(out var free))
        {
            if (_chunks[free].Length < chars)
            {
                _chunks[free] = new char[Math.Max(ChunkChars, chars)]; // a key longer than a chunk
            }

            (_current, _used) = (free, 0);
            return;
        }

        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunkCount * 2);
            Array.Resize(ref _live, _chunkCount * 2);
        }

        _chunks[_chunkCount] = new char[Math.Max(ChunkChars, chars)];
        (_current, _used) = (_chunkCount++, 0);
    }

    private void Rehash(int size)
    {
        var old = _buckets;
        _buckets = new long[size];
        foreach (var bucket in old)
        {
            if (bucket != 0)
            {
                Insert(bucket);
            }
        }
    }

    private void Insert(long bucket)
    {
        var mask = _buckets.Length - 1;
        var i = (int)(bucket >> 32) & mask;
        while (_buckets[i] != 0)
        {
            i = (i + 1) & mask;
        }

        _buckets[i] = bucket;
    }

    /// <summary>Where a key's text sits: its parts one after the other in a chunk, each length −1 when the part is null.</summary>
    private readonly record struct Key(int Hash, int Chunk, int Offset, int LengthA, int LengthB, int LengthC, bool Used)
    {
        public int Chars => Math.Max(0, LengthA) + Math.Max(0, LengthB) + Math.Max(0, LengthC);
    }
}
