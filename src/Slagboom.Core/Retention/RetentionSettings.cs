using System.Globalization;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Retention;

/// <summary>
/// How long each kind of data is kept, from <c>Slagboom:Retention:*</c> (environment: <c>Slagboom__Retention__*</c>):
/// signals <see cref="SignalMonths"/> after their last change (attachments, observable links and pseudonyms go with
/// them), closed reports <see cref="ClosedReportDays"/> after their last change (messages and files go with them), the
/// audit trail <see cref="AuditYears"/>, and how often the retention job runs.
/// </summary>
public sealed record RetentionSettings(int SignalMonths = 12, int AuditYears = 10, int IntervalMinutes = 60, int ClosedReportDays = 90)
{
    public const string Section = "Slagboom:Retention";

    /// <summary>The settings from configuration; the defaults for what is not set (or where there is no configuration).</summary>
    /// <exception cref="InvalidOperationException">A value is not a whole number of at least 1.</exception>
    public static RetentionSettings FromConfiguration(IConfiguration? configuration)
    {
        var defaults = new RetentionSettings();
        return new RetentionSettings(
            ConfigurationNumbers.AtLeastOne(configuration, $"{Section}:{nameof(SignalMonths)}", defaults.SignalMonths),
            ConfigurationNumbers.AtLeastOne(configuration, $"{Section}:{nameof(AuditYears)}", defaults.AuditYears),
            ConfigurationNumbers.AtLeastOne(configuration, $"{Section}:{nameof(IntervalMinutes)}", defaults.IntervalMinutes),
            ConfigurationNumbers.AtLeastOne(configuration, $"{Section}:{nameof(ClosedReportDays)}", defaults.ClosedReportDays));
    }

}
