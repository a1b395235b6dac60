using System.Numerics;

namespace Slagboom.Rules;

/// <summary>
/// Per-slot storage of <see cref="Width"/> values each, in fixed-size segments: growing adds a segment and copies
/// nothing (growing one array fourfold had been a third of the work at a million keys, and each copy a large
/// allocation for the garbage collector). A slot's values are one contiguous row.
/// </summary>
internal sealed class Segments<T>
    where T : struct
{
    private readonly int _shift;
    private readonly int _mask;
    private T[][] _segments = new T[4][];
    private int _count;

    /// <param name="width">Values per slot.</param>
    /// <param name="slotsPerSegment">A power of two (storage that is indexed by the same slots must use the same).</param>
    /// <param name="onGrow">Called with each new segment, to give its values a starting state other than the default.</param>
    public Segments(int width, int slotsPerSegment, Action<Span<T>>? onGrow = null)
    {
        if (!BitOperations.IsPow2(slotsPerSegment))
        {
            throw new ArgumentOutOfRangeException(nameof(slotsPerSegment), "must be a power of two");
        }

        Width = width;
        OnGrow = onGrow;
        _shift = BitOperations.Log2((uint)slotsPerSegment);
        _mask = slotsPerSegment - 1;
    }

    /// <summary>
    /// Slots per segment for rows of <paramref name="width"/> values: about 4,096 values per segment, large enough for
    /// growth to be rare and small enough for a rule that keeps 200 events per key.
    /// </summary>
    public static int SlotsFor(int width) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 4096 / width));

    public int Width { get; }

    /// <summary>Slots that have room now.</summary>
    public int Capacity => _count << _shift;

    private Action<Span<T>>? OnGrow { get; }

    /// <summary>Adds one segment.</summary>
    public void Grow()
    {
        if (_count == _segments.Length)
        {
            Array.Resize(ref _segments, _count * 2);
        }

        var segment = new T[(_mask + 1) * Width];
        OnGrow?.Invoke(segment);
        _segments[_count++] = segment;
    }

    /// <summary>The first (for a width of one: the only) value of <paramref name="slot"/>.</summary>
    public ref T this[int slot] => ref _segments[slot >> _shift][(slot & _mask) * Width];

    /// <summary>All values of <paramref name="slot"/>.</summary>
    public Span<T> Row(int slot) => _segments[slot >> _shift].AsSpan((slot & _mask) * Width, Width);
}
