using System.Globalization;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Hosting;

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
            ConfigurationNumbers.AtLeastOne(configuration, $"{Section}:{nameof(ReporterAccessDays)}", defaults.ReporterAccessDays),
            ConfigurationNumbers.AtLeastOne(configuration, $"{Section}:{nameof(ReceiptMissesPerMinute)}", defaults.ReceiptMissesPerMinute),
            ConfigurationNumbers.AtLeastOne(configuration, $"{Section}:{nameof(SubmissionsPerHour)}", defaults.SubmissionsPerHour));
    }

}
