namespace Slagboom.Domain.Sharing;

/// <summary>Who, besides its owner, may receive a published signal (CONTRACT.md §5).</summary>
public enum DistributionLevel
{
    /// <summary>The owner organisation only.</summary>
    Organisation = 1,

    /// <summary>The organisations of one sharing group.</summary>
    Group = 2,

    /// <summary>Public organisations taking part in the signal's mainport.</summary>
    PublicPartners = 3,

    /// <summary>Every organisation taking part in the signal's mainport.</summary>
    Mainport = 4,

    /// <summary>Every partner organisation.</summary>
    National = 5,
}

/// <summary>Traffic Light Protocol 2.0 marking, carried by every signal and every export of it.</summary>
public enum Tlp
{
    /// <summary>TLP:CLEAR — no limit on disclosure.</summary>
    Clear = 1,

    /// <summary>TLP:GREEN — the recipient's community.</summary>
    Green = 2,

    /// <summary>TLP:AMBER — the recipient's organisation and its clients, on a need-to-know basis.</summary>
    Amber = 3,

    /// <summary>TLP:AMBER+STRICT — the recipient's organisation only.</summary>
    AmberStrict = 4,

    /// <summary>TLP:RED — named recipients only.</summary>
    Red = 5,
}

/// <summary>The contract's words for distribution levels and TLP markings.</summary>
public static class SharingTerms
{
    private static readonly Dictionary<string, DistributionLevel> Levels = new(StringComparer.Ordinal)
    {
        ["organisation"] = DistributionLevel.Organisation,
        ["group"] = DistributionLevel.Group,
        ["public-partners"] = DistributionLevel.PublicPartners,
        ["mainport"] = DistributionLevel.Mainport,
        ["national"] = DistributionLevel.National,
    };

    private static readonly Dictionary<string, Tlp> Markings = new(StringComparer.Ordinal)
    {
        ["clear"] = Tlp.Clear,
        ["green"] = Tlp.Green,
        ["amber"] = Tlp.Amber,
        ["amber+strict"] = Tlp.AmberStrict,
        ["red"] = Tlp.Red,
    };

    /// <summary>All distribution words, widest last.</summary>
    public static IReadOnlyCollection<string> LevelNames => Levels.Keys;

    /// <summary>All TLP words, least restrictive first.</summary>
    public static IReadOnlyCollection<string> TlpNames => Markings.Keys;

    /// <summary>Reads a distribution level; null when the word is not one of the contract's.</summary>
    public static DistributionLevel? ParseLevel(string? text) =>
        text is not null && Levels.TryGetValue(text.Trim().ToLowerInvariant(), out var level) ? level : null;

    /// <summary>Reads a TLP marking (<c>amber+strict</c>, also written <c>TLP:AMBER+STRICT</c>); null otherwise.</summary>
    public static Tlp? ParseTlp(string? text)
    {
        var word = text?.Trim().ToLowerInvariant();
        if (word is not null && word.StartsWith("tlp:", StringComparison.Ordinal))
        {
            word = word[4..];
        }

        return word is not null && Markings.TryGetValue(word, out var tlp) ? tlp : null;
    }

    /// <summary>The contract word for a level.</summary>
    public static string ToText(this DistributionLevel level) => Levels.First(l => l.Value == level).Key;

    /// <summary>The contract word for a marking.</summary>
    public static string ToText(this Tlp tlp) => Markings.First(m => m.Value == tlp).Key;

    /// <summary>The marking as printed on exports, for example <c>TLP:AMBER+STRICT</c>.</summary>
    public static string ToLabel(this Tlp tlp) => "TLP:" + tlp.ToText().ToUpperInvariant();
}
