using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Slagboom.Core.Reports;

/// <summary>
/// Settings of the reporting channels, from <c>Slagboom:AnonymousReports:*</c> (environment:
/// <c>Slagboom__AnonymousReports__*</c>): how long reporter access lasts without activity, how many receipt misses
/// a client may make per minute, and how many anonymous reports a client may send per hour.
/// </summary>
public sealed record AnonymousReportSettings(int ReporterAccessDays = 90, int ReceiptMissesPerMinute = 30, int SubmissionsPerHour = 20)
{
    public const string Section = "Slagboom:AnonymousReports";

    public TimeSpan ReporterAccess => TimeSpan.FromDays(ReporterAccessDays);

    /// <exception cref="InvalidOperationException">A value is not a whole number of at least 1.</exception>
    public static AnonymousReportSettings FromConfiguration(IConfiguration? configuration)
    {
        var defaults = new AnonymousReportSettings();
        return new AnonymousReportSettings(
            Read(configuration, nameof(ReporterAccessDays), defaults.ReporterAccessDays),
            Read(configuration, nameof(ReceiptMissesPerMinute), defaults.ReceiptMissesPerMinute),
            Read(configuration, nameof(SubmissionsPerHour), defaults.SubmissionsPerHour));
    }

    private static int Read(IConfiguration? configuration, string name, int fallback)
    {
        var text = configuration?[$"{Section}:{name}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{Section}:{name} must be a whole number of at least 1, not '{text}'.");
    }
}
