using System.Globalization;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Hosting;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Events;

/// <summary>
/// How long events are kept, per kind, from <c>Slagboom:Events:RetentionDays:*</c> (environment:
/// <c>Slagboom__Events__RetentionDays__Anpr</c> and so on), and how long refused events stay in the dead-letter
/// store. ANPR reads are personal data with a legal limit of 28 days (art. 126jj Sv, the police ANPR rule this
/// platform follows); a longer setting is refused at start.
/// </summary>
public sealed record EventSettings(int AccessDays = 90, int AnprDays = 28, int VideoDays = 30, int FenceDays = 90, int GateDays = 180, int DeadLetterDays = 14)
{
    public const string Section = "Slagboom:Events:RetentionDays";

    /// <summary>The legal maximum for ANPR reads.</summary>
    public const int AnprLegalMaximumDays = 28;

    public int DaysFor(EventKind kind) => kind switch
    {
        EventKind.Access => AccessDays,
        EventKind.Anpr => AnprDays,
        EventKind.Video => VideoDays,
        EventKind.Fence => FenceDays,
        EventKind.Gate => GateDays,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <exception cref="InvalidOperationException">A value is not a whole number of at least 1, or ANPR exceeds 28 days.</exception>
    public static EventSettings FromConfiguration(IConfiguration? configuration)
    {
        var d = new EventSettings();
        var settings = new EventSettings(
            ConfigurationNumbers.AtLeastOne(configuration, Section + ":Access", d.AccessDays, "days"),
            ConfigurationNumbers.AtLeastOne(configuration, Section + ":Anpr", d.AnprDays, "days"),
            ConfigurationNumbers.AtLeastOne(configuration, Section + ":Video", d.VideoDays, "days"),
            ConfigurationNumbers.AtLeastOne(configuration, Section + ":Fence", d.FenceDays, "days"),
            ConfigurationNumbers.AtLeastOne(configuration, Section + ":Gate", d.GateDays, "days"),
            ConfigurationNumbers.AtLeastOne(configuration, Section + ":DeadLetter", d.DeadLetterDays, "days"));
        return settings.AnprDays > AnprLegalMaximumDays
            ? throw new InvalidOperationException($"{Section}:Anpr may be at most {AnprLegalMaximumDays} (the legal limit for ANPR reads), not {settings.AnprDays}.")
            : settings;
    }

}
