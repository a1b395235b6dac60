namespace Slagboom.Domain.Signals;

/// <summary>The kinds of signal the ISC shares.</summary>
public enum SignalCategory
{
    /// <summary>An incident.</summary>
    Incident = 1,

    /// <summary>An observation of something suspicious.</summary>
    Observation = 2,

    /// <summary>Staff approached by criminals (an attempt to recruit an insider).</summary>
    ApproachOfStaff = 3,

    /// <summary>An integrity matter.</summary>
    Integrity = 4,

    /// <summary>An intrusion, for example by extractors (<em>uithalers</em>).</summary>
    Intrusion = 5,

    /// <summary>A seizure.</summary>
    Seizure = 6,

    /// <summary>An alert about a modus operandi.</summary>
    ModusOperandiAlert = 7,

    /// <summary>Anything else.</summary>
    Other = 8,
}

/// <summary>The API's words for categories.</summary>
public static class SignalCategories
{
    private static readonly Dictionary<string, SignalCategory> Words = new(StringComparer.Ordinal)
    {
        ["incident"] = SignalCategory.Incident,
        ["observation"] = SignalCategory.Observation,
        ["approach-of-staff"] = SignalCategory.ApproachOfStaff,
        ["integrity"] = SignalCategory.Integrity,
        ["intrusion"] = SignalCategory.Intrusion,
        ["seizure"] = SignalCategory.Seizure,
        ["modus-operandi-alert"] = SignalCategory.ModusOperandiAlert,
        ["other"] = SignalCategory.Other,
    };

    /// <summary>All category words.</summary>
    public static IReadOnlyCollection<string> Names => Words.Keys;

    /// <summary>Reads a category word; null when unknown.</summary>
    public static SignalCategory? Parse(string? text) =>
        text is not null && Words.TryGetValue(text.Trim().ToLowerInvariant(), out var category) ? category : null;

    /// <summary>The word for a category.</summary>
    public static string ToText(this SignalCategory category) => Words.First(w => w.Value == category).Key;
}
