using System.Globalization;
using Microsoft.Extensions.Configuration;
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
            Read(configuration, "Access", d.AccessDays),
            Read(configuration, "Anpr", d.AnprDays),
            Read(configuration, "Video", d.VideoDays),
            Read(configuration, "Fence", d.FenceDays),
            Read(configuration, "Gate", d.GateDays),
            Read(configuration, "DeadLetter", d.DeadLetterDays));
        return settings.AnprDays > AnprLegalMaximumDays
            ? throw new InvalidOperationException($"{Section}:Anpr may be at most {AnprLegalMaximumDays} (the legal limit for ANPR reads), not {settings.AnprDays}.")
            : settings;
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
            : throw new InvalidOperationException($"{Section}:{name} must be a whole number of days of at least 1, not '{text}'.");
    }
}
