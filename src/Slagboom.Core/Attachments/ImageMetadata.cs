using System.Buffers.Binary;

namespace Slagboom.Core.Attachments;

/// <summary>A picture without its metadata, and what was taken out (for the record; never the values themselves).</summary>
public sealed record StrippedImage(byte[] Bytes, IReadOnlyList<string> Removed);

/// <summary>
/// Takes out of a JPEG or PNG picture what it says about where, when and with what it was made — Exif (GPS position,
/// camera, time), XMP, IPTC, comments, text chunks, embedded previews and further pictures, and anything after the
/// end of the picture — without decoding or re-encoding it: the pixels stay bit for bit as they were (a picture can be
/// evidence), as <c>jpegtran -copy none</c> and exiftool's <c>-all=</c> do. Kept: what a viewer needs to show the
/// picture as taken — JPEG's JFIF and Adobe segments and its colour profile, PNG's colour and transparency chunks —
/// and a JPEG's orientation, written back as the only Exif field, so that an upright photo stays upright.
/// <para>
/// A picture whose structure cannot be followed is refused (null), not stored as it came: what cannot be read cannot
/// be known to be clean. Used for reports, whose senders must not be given away by their photos (docs/reporting.md).
/// </para>
/// </summary>
public static class ImageMetadata
{
    /// <summary>The picture without metadata; null when <paramref name="bytes"/> is not a JPEG or PNG this can follow.</summary>
    public static StrippedImage? Strip(byte[] bytes, string contentType) => contentType switch
    {
        "image/jpeg" => StripJpeg(bytes),
        "image/png" => StripPng(bytes),
        _ => null,
    };

    private static StrippedImage? StripJpeg(byte[] bytes)
    {
        var data = bytes.AsSpan();
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return null;
        }

        var output = new MemoryStream(bytes.Length);
        output.Write(data[..2]);
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        ushort? orientation = null;
        var orientationWritten = false;
        var at = 2;
        while (true)
        {
            // Fill bytes (0xFF repeated) may precede a marker.
            while (at + 1 < data.Length && data[at] == 0xFF && data[at + 1] == 0xFF)
            {
                at++;
            }

            if (at + 1 >= data.Length || data[at] != 0xFF)
            {
                return null;
            }

            var marker = data[at + 1];
            if (marker == 0xD9)
            {
                output.Write(data.Slice(at, 2));
                if (at + 2 < data.Length)
                {
                    removed.Add("data after the end of the picture (further pictures)");
                }

                return new StrippedImage(output.ToArray(), [.. removed]);
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                // Markers without a length.
                output.Write(data.Slice(at, 2));
                at += 2;
                continue;
            }

            if (at + 4 > data.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            if (length < 2 || at + 2 + length > data.Length)
            {
                return null;
            }

            var segment = data.Slice(at, 2 + length);
            var payload = segment[4..];
            if (IsKeptSegment(marker, payload, removed, ref orientation))
            {
                if (!orientationWritten && marker != 0xE0 && orientation is { } turn)
                {
                    // The orientation goes right after JFIF (or first), where Exif would have been.
                    output.Write(OrientationSegment(turn));
                    orientationWritten = true;
                }

                output.Write(segment);
            }

            at += 2 + length;
            if (marker == 0xDA)
            {
                // Entropy-coded data, copied as it is: up to the next marker that is neither a stuffed 0xFF nor a restart.
                var scan = at;
                while (at + 1 < data.Length && !(data[at] == 0xFF && data[at + 1] != 0x00 && data[at + 1] is not (>= 0xD0 and <= 0xD7)))
                {
                    at++;
                }

                if (at + 1 >= data.Length)
                {
                    return null;
                }

                output.Write(data[scan..at]);
            }
        }
    }

    private static bool IsKeptSegment(byte marker, ReadOnlySpan<byte> payload, SortedSet<string> removed, ref ushort? orientation)
    {
        switch (marker)
        {
            case 0xE0 when payload.StartsWith("JFIF\0"u8):
            case 0xEE when payload.StartsWith("Adobe"u8):
            case 0xE2 when payload.StartsWith("ICC_PROFILE\0"u8):
                return true;
            case 0xE1 when payload.StartsWith("Exif\0\0"u8):
                orientation ??= ReadOrientation(payload[6..]);
                removed.Add("Exif (place, time, camera)");
                return false;
            case 0xE1:
                removed.Add("XMP");
                return false;
            case 0xED:
                removed.Add("IPTC");
                return false;
            case 0xFE:
                removed.Add("comment");
                return false;
            case >= 0xE0 and <= 0xEF:
                removed.Add("other application data (previews, further pictures)");
                return false;
            default:
                return true;
        }
    }

    /// <summary>The Exif orientation (1–8) from a TIFF structure, if its first directory has one.</summary>
    private static ushort? ReadOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return null;
        }

        var little = tiff[0] == (byte)'I' && tiff[1] == (byte)'I';
        if (!little && !(tiff[0] == (byte)'M' && tiff[1] == (byte)'M'))
        {
            return null;
        }

        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        var directory = U32(tiff[4..]);
        if (directory > (uint)tiff.Length - 2)
        {
            return null;
        }

        var entries = U16(tiff[(int)directory..]);
        for (var i = 0; i < entries; i++)
        {
            var entry = (int)directory + 2 + (i * 12);
            if (entry + 12 > tiff.Length)
            {
                return null;
            }

            if (U16(tiff[entry..]) == 0x0112 && U16(tiff[(entry + 2)..]) == 3)
            {
                var value = U16(tiff[(entry + 8)..]);
                return value is >= 2 and <= 8 ? value : null;
            }
        }

        return null;
    }

    /// <summary>An Exif segment that holds nothing but the orientation.</summary>
    private static byte[] OrientationSegment(ushort orientation)
    {
        byte[] segment =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // TIFF header, big-endian, first directory at 8
            0x00, 0x01, // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00, // Orientation, SHORT, 1
            0x00, 0x00, 0x00, 0x00, // no next directory
        ];
        return segment;
    }

    private static readonly HashSet<string> KeptPngChunks = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "acTL", "fcTL", "fdAT"];

    private static StrippedImage? StripPng(byte[] bytes)
    {
        var data = bytes.AsSpan();
        if (data.Length < 8 + 12 || !data.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return null;
        }

        var output = new MemoryStream(bytes.Length);
        output.Write(data[..8]);
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        var at = 8;
        while (at + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            if (length > int.MaxValue || at + 12 + (long)length > data.Length)
            {
                return null;
            }

            var type = System.Text.Encoding.ASCII.GetString(data.Slice(at + 4, 4));
            var chunk = data.Slice(at, 12 + (int)length);
            var critical = char.IsAsciiLetterUpper(type[0]);
            if (critical || KeptPngChunks.Contains(type))
            {
                output.Write(chunk);
            }
            else
            {
                removed.Add(type switch
                {
                    "tEXt" or "zTXt" or "iTXt" => "text (author, software, comments)",
                    "eXIf" => "Exif (place, time, camera)",
                    "tIME" => "time of last change",
                    _ => "other ancillary data",
                });
            }

            at += chunk.Length;
            if (type == "IEND")
            {
                if (at < data.Length)
                {
                    removed.Add("data after the end of the picture");
                }

                return new StrippedImage(output.ToArray(), [.. removed]);
            }
        }

        return null;
    }
}
