using System.Globalization;

namespace Slagboom.Web.Features.Signals;

/// <summary>How an attachment's type and size read on a page: "PDF", "1,2 MB" (in the current culture).</summary>
public static class AttachmentFormat
{
    private const double KiB = 1024;
    private const double MiB = 1024 * 1024;

    /// <summary>The file kinds the attachment store accepts, by the media type it decided; the media type itself otherwise.</summary>
    public static string Kind(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "text/plain" => "TXT",
        "text/csv" => "CSV",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        _ => contentType,
    };

    /// <summary>Bytes below a kilobyte, then kB and MB (binary, as the 10 MB limit is) with at most one decimal.</summary>
    public static string Size(long bytes, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return bytes switch
        {
            < 1024 => string.Format(culture, "{0} B", bytes),
            < 1024 * 1024 => string.Format(culture, "{0:0.#} kB", bytes / KiB),
            _ => string.Format(culture, "{0:0.#} MB", bytes / MiB),
        };
    }
}
