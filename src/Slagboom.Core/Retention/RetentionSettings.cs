using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Slagboom.Core.Retention;

/// <summary>
/// How long each kind of data is kept, from <c>Slagboom:Retention:*</c> (environment: <c>Slagboom__Retention__*</c>):
/// signals <see cref="SignalMonths"/> after their last change (attachments, observable links and pseudonyms go with
/// them), the audit trail <see cref="AuditYears"/>, and how often the retention job runs.
/// </summary>
public sealed record RetentionSettings(int SignalMonths = 12, int AuditYears = 10, int IntervalMinutes = 60)
{
    public const string Section = "Slagboom:Retention";

    /// <summary>The settings from configuration; the defaults for what is not set (or where there is no configuration).</summary>
    /// <exception cref="InvalidOperationException">A value is not a whole number of at least 1.</exception>
    public static RetentionSettings FromConfiguration(IConfiguration? configuration)
    {
        var defaults = new RetentionSettings();
        return new RetentionSettings(
            Read(configuration, nameof(SignalMonths), defaults.SignalMonths),
            Read(configuration, nameof(AuditYears), defaults.AuditYears),
            Read(configuration, nameof(IntervalMinutes), defaults.IntervalMinutes));
    }

    private static int Read(IConfiguration? configuration, string name, int fallback)
    {
        var text = configuration?[$"{Section}:{name}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        // Zero or less would mean "delete at once" or "never wait": a typo must not empty the database.
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{Section}:{name} must be a whole number of at least 1, not '{text}'.");
    }
}
