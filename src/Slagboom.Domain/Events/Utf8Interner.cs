using System.Text;

namespace Slagboom.Domain.Events;

/// <summary>
/// Turns short UTF-8 values that repeat endlessly in a stream (mainport, source, site, reader, camera, zone) into
/// the same string instance every time, so that parsing such a value allocates nothing once it has been seen.
/// A fixed-size, direct-mapped cache: a collision just replaces the entry, so memory stays bounded whatever the
/// input. Not thread-safe: one per parser.
/// </summary>
internal sealed class Utf8Interner
{
    private const int Size = 4096;
    private const int MaxLength = 64;
    private readonly byte[]?[] _bytes = new byte[Size][];
    private readonly string?[] _strings = new string[Size];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = default(HashCode);
        hash.AddBytes(utf8);
        var slot = hash.ToHashCode() & (Size - 1);
        if (_bytes[slot] is { } known && utf8.SequenceEqual(known))
        {
            return _strings[slot]!;
        }

        var text = Encoding.UTF8.GetString(utf8);
        _bytes[slot] = utf8.ToArray();
        _strings[slot] = text;
        return text;
    }
}
