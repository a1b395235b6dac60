using System.Buffers.Binary;
using System.Text;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Xmp;
using Slagboom.Core.Attachments;

namespace Slagboom.Core.Tests.Attachments;

/// <summary>
/// Pictures lose what they say about where, when and with what they were made, and nothing else: checked with an
/// independent reader (MetadataExtractor) and byte for byte against the same picture made without metadata.
/// </summary>
public sealed class ImageMetadataTests
{
    /// <summary>16×8 baseline JPEG (ImageMagick 6.9, quality 80): SOI, JFIF, tables, one scan, EOI — no metadata.</summary>
    internal static readonly byte[] Baseline = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAWEAEBAQAAAAAAAAAAAAAAAAAAFWL/xAAVAQEBAAAAAAAAAAAAAAAAAAAFB//EABkRAAEFAAAAAAAAAAAAAAAAAAAFFlOR8P/aAAwDAQACEQMRAD8AjdnRZ0CtM1Jj1DLsU5NZ/9k=");

    /// <summary>The same picture as a progressive JPEG: several scans with tables between them.</summary>
    private static readonly byte[] Progressive = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wgARCAAIABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAVAQEBAAAAAAAAAAAAAAAAAAAEBv/aAAwDAQACEAMQAAABjRWs/8QAFRABAQAAAAAAAAAAAAAAAAAAABP/2gAIAQEAAQUCss//xAAXEQADAQAAAAAAAAAAAAAAAAAABBVS/9oACAEDAQE/AazOj//EABcRAAMBAAAAAAAAAAAAAAAAAAAEFVL/2gAIAQIBAT8BjKZP/8QAFBABAAAAAAAAAAAAAAAAAAAAEP/aAAgBAQAGPwI//8QAFRABAQAAAAAAAAAAAAAAAAAAAHH/2gAIAQEAAT8hpT//2gAMAwEAAgADAAAAEAf/xAAWEQADAAAAAAAAAAAAAAAAAAAA8PH/2gAIAQMBAT8QVT//xAAWEQADAAAAAAAAAAAAAAAAAAAA8PH/2gAIAQIBAT8QRD//xAAUEAEAAAAAAAAAAAAAAAAAAAAQ/9oACAEBAAE/ECv/2Q==");

    /// <summary>4×4 PNG (ImageMagick 6.9) with gAMA, cHRM, PLTE, bKGD, tIME, IDAT and two tEXt chunks (its dates).</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAEAQMAAACTPww9AAAABGdBTUEAALGPC/xhBQAAACBjSFJNAAB6JgAAgIQAAPoAAACA6AAAdTAAAOpgAAA6mAAAF3CculE8AAAABlBMVEUAgAD///8UPy9PAAAAAWJLR0QB/wIt3gAAAAd0SU1FB+oLHA4bMJNlnU4AAAALSURBVAjXY2CAAAAACAABLyDdMQAAACV0RVh0ZGF0ZTpjcmVhdGUAMjAyNi0xMS0yOFQxNDoyNzo0OCswMDowMDtk4SEAAAAldEVYdGRhdGU6bW9kaWZ5ADIwMjYtMTEtMjhUMTQ6Mjc6NDgrMDA6MDBKOVmdAAAAAElFTkSuQmCC");

    [Fact]
    public void Jpeg_LosesGpsCameraXmpCommentsAndFurtherPictures_KeepsItsOrientation_AndItsPixelsByteForByte()
    {
        var tagged = WithMetadata(Baseline, orientation: 6);
        var before = ImageMetadataReader.ReadMetadata(new MemoryStream(tagged));
        Assert.NotNull(before.OfType<GpsDirectory>().Single().GetGeoLocation());
        Assert.Equal("Pixel 9", before.OfType<ExifIfd0Directory>().Single().GetString(ExifDirectoryBase.TagMake));
        Assert.Single(before.OfType<XmpDirectory>());
        Assert.Single(before.OfType<JpegCommentDirectory>());

        var stripped = ImageMetadata.Strip(tagged, "image/jpeg")!;

        var after = ImageMetadataReader.ReadMetadata(new MemoryStream(stripped.Bytes));
        Assert.Empty(after.OfType<GpsDirectory>());
        Assert.Empty(after.OfType<XmpDirectory>());
        Assert.Empty(after.OfType<JpegCommentDirectory>());
        var exif = after.OfType<ExifIfd0Directory>().Single();
        Assert.Equal([ExifDirectoryBase.TagOrientation], exif.Tags.Select(t => t.Type));
        Assert.Equal(6, exif.GetInt32(ExifDirectoryBase.TagOrientation));
        Assert.Equal((16, 8), (after.OfType<JpegDirectory>().Single().GetImageWidth(), after.OfType<JpegDirectory>().Single().GetImageHeight()));
        foreach (var secret in new[] { "Pixel 9", "Jan de Vries", "ns.adobe.com", "tweede foto" })
        {
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(stripped.Bytes), StringComparison.Ordinal);
        }

        // Exactly the picture made without metadata, with the orientation written after JFIF.
        Assert.Equal(Insert(Baseline, AfterJfif(Baseline), OrientationOnly(6)), stripped.Bytes);
        Assert.Equal(["Exif (place, time, camera)", "XMP", "comment", "data after the end of the picture (further pictures)"], stripped.Removed);
    }

    [Fact]
    public void Jpeg_WithoutMetadata_BaselineOrProgressive_ComesBackUnchanged()
    {
        foreach (var picture in new[] { Baseline, Progressive })
        {
            var stripped = ImageMetadata.Strip(picture, "image/jpeg")!;
            Assert.Equal(picture, stripped.Bytes);
            Assert.Empty(stripped.Removed);
        }

        // Metadata in a progressive picture goes as well; an upright photo gets no orientation field.
        var tagged = WithMetadata(Progressive, orientation: 1);
        Assert.Equal(Progressive, ImageMetadata.Strip(tagged, "image/jpeg")!.Bytes);
    }

    [Fact]
    public void Png_LosesTextTimeAndExifChunks_KeepsWhatDrawsThePicture()
    {
        var tagged = Insert(Png, Png.Length - 12, Chunk("eXIf", [.. Tiff(orientation: 1)]));
        tagged = [.. tagged, .. "tweede foto"u8.ToArray()];
        Assert.Contains("date:create", Encoding.Latin1.GetString(tagged), StringComparison.Ordinal);

        var stripped = ImageMetadata.Strip(tagged, "image/png")!;

        Assert.Equal(["IHDR", "gAMA", "cHRM", "PLTE", "bKGD", "IDAT", "IEND"], ChunkTypes(stripped.Bytes));
        Assert.DoesNotContain("date:", Encoding.Latin1.GetString(stripped.Bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("tweede foto", Encoding.Latin1.GetString(stripped.Bytes), StringComparison.Ordinal);
        Assert.Equal(["Exif (place, time, camera)", "data after the end of the picture", "text (author, software, comments)", "time of last change"], stripped.Removed);
        Assert.Single(ImageMetadataReader.ReadMetadata(new MemoryStream(stripped.Bytes)).OfType<MetadataExtractor.Formats.Png.PngDirectory>(),
            d => d.Name == "PNG-IHDR");
    }

    [Fact]
    public void APictureThatCannotBeFollowed_IsRefused_NotPassedThrough()
    {
        byte[] truncated = Baseline[..(Baseline.Length / 2)];
        var badLength = (byte[])Baseline.Clone();
        badLength[4] = 0xFF; // JFIF segment longer than the file
        var noEnd = Png[..^12];
        foreach (var (bytes, type) in new[] { (truncated, "image/jpeg"), (badLength, "image/jpeg"), ("%PDF-1.7"u8.ToArray(), "image/jpeg"), (noEnd, "image/png"), (Baseline, "image/png"), (Png, "application/pdf") })
        {
            Assert.Null(ImageMetadata.Strip(bytes, type));
        }
    }

    /// <summary>The picture with Exif (make, orientation, a GPS position on the Maasvlakte), XMP naming a person, a comment and a second picture after its end.</summary>
    internal static byte[] WithMetadata(byte[] jpeg, int orientation)
    {
        var exif = Segment(0xE1, [.. "Exif\0\0"u8.ToArray(), .. Tiff(orientation, make: "Pixel 9", gps: true)]);
        var xmp = Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8.ToArray(), .. "<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc:creator>Jan de Vries</dc:creator></x:xmpmeta>"u8.ToArray()]);
        var comment = Segment(0xFE, [.. "Jan de Vries, kade 7"u8.ToArray()]);
        byte[] tagged = Insert(jpeg, AfterJfif(jpeg), [.. exif, .. xmp, .. comment]);
        return [.. tagged, .. new byte[] { 0xFF, 0xD8 }, .. "tweede foto"u8.ToArray(), .. new byte[] { 0xFF, 0xD9 }];
    }

    private static byte[] OrientationOnly(int orientation) => Segment(0xE1, [.. "Exif\0\0"u8.ToArray(), .. Tiff(orientation)]);

    /// <summary>A big-endian TIFF structure: an orientation, optionally a camera make and a GPS latitude.</summary>
    private static List<byte> Tiff(int orientation, string? make = null, bool gps = false)
    {
        var entries = new List<(ushort Tag, ushort Type, uint Count, uint Value)> { (0x0112, 3, 1, (uint)orientation << 16) };
        var count = 1 + (make is null ? 0 : 1) + (gps ? 1 : 0);
        var afterIfd0 = 8 + 2 + (12 * count) + 4;
        var extra = new List<byte>();
        if (make is not null)
        {
            entries.Insert(0, (0x010F, 2, (uint)make.Length + 1, (uint)afterIfd0));
            extra.AddRange(Encoding.ASCII.GetBytes(make + "\0"));
        }

        if (gps)
        {
            var gpsAt = afterIfd0 + extra.Count;
            entries.Add((0x8825, 4, 1, (uint)gpsAt));
            var rationalsAt = gpsAt + 2 + (12 * 4) + 4;
            extra.AddRange(U16(4));
            extra.AddRange([.. U16(0x0001), .. U16(2), .. U32(2), (byte)'N', 0, 0, 0]);
            extra.AddRange([.. U16(0x0002), .. U16(5), .. U32(3), .. U32((uint)rationalsAt)]);
            extra.AddRange([.. U16(0x0003), .. U16(2), .. U32(2), (byte)'E', 0, 0, 0]);
            extra.AddRange([.. U16(0x0004), .. U16(5), .. U32(3), .. U32((uint)rationalsAt + 24)]);
            extra.AddRange(U32(0));
            foreach (var (n, d) in new[] { (51u, 1u), (57u, 1u), (1234u, 100u), (4u, 1u), (2u, 1u), (5678u, 100u) })
            {
                extra.AddRange([.. U32(n), .. U32(d)]);
            }
        }

        List<byte> tiff = [(byte)'M', (byte)'M', 0x00, 0x2A, .. U32(8), .. U16((ushort)count)];
        foreach (var (tag, type, n, value) in entries)
        {
            tiff.AddRange([.. U16(tag), .. U16(type), .. U32(n), .. U32(value)]);
        }

        tiff.AddRange(U32(0));
        tiff.AddRange(extra);
        return tiff;
    }

    private static byte[] U16(ushort v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, v);
        return b;
    }

    private static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }

    private static byte[] Segment(byte marker, byte[] payload) => [0xFF, marker, .. U16((ushort)(payload.Length + 2)), .. payload];

    private static int AfterJfif(byte[] jpeg) => 2 + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted) => [.. bytes[..at], .. inserted, .. bytes[at..]];

    private static byte[] Chunk(string type, byte[] data) => [.. U32((uint)data.Length), .. Encoding.ASCII.GetBytes(type), .. data, .. U32(Crc32([.. Encoding.ASCII.GetBytes(type), .. data]))];

    /// <summary>PNG's CRC-32 (ISO 3309), so that the added chunk is a valid one.</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static List<string> ChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var at = 8; at + 12 <= png.Length; at += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at)))
        {
            types.Add(Encoding.ASCII.GetString(png, at + 4, 4));
        }

        return types;
    }
}
