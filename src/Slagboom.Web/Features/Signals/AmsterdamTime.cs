using System.Globalization;

namespace Slagboom.Web.Features.Signals;

/// <summary>
/// The wall-clock time people in the mainports read and type: Europe/Amsterdam, with its summer time. Signals store
/// UTC; the form's <c>datetime-local</c> field carries no zone, so it is read as Amsterdam time here.
/// </summary>
public static class AmsterdamTime
{
    /// <summary>What <c>&lt;input type="datetime-local"&gt;</c> sends and expects.</summary>
    public const string InputFormat = "yyyy-MM-ddTHH:mm";

    private static readonly string[] InputFormats = [InputFormat, "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>
    /// Reads a <c>datetime-local</c> value as Amsterdam time; null when it is no such value. A time that falls in the
    /// hour skipped in spring is read with the winter offset; one that occurs twice in autumn with the winter
    /// offset too (the later of the two), as <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> does.
    /// </summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParseExact(text.Trim(), InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Zone.IsInvalidTime(local) ? Zone.BaseUtcOffset : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>A stored UTC time as the value of a <c>datetime-local</c> field.</summary>
    public static string ToInput(DateTime utc) => ToLocal(utc).ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>A stored UTC time as people in Amsterdam read it, in the current UI culture.</summary>
    public static string Display(DateTime utc) => ToLocal(utc).ToString("g", CultureInfo.CurrentCulture);

    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
