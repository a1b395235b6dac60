namespace Slagboom.Domain.Mainports;

/// <summary>
/// The five logistics hubs (<em>knooppunten</em>) of the national approach, by their contract codes.
/// The set is closed: the plan funds exactly these five.
/// </summary>
public static class MainportCode
{
    /// <summary>Haven van Rotterdam.</summary>
    public const string Rotterdam = "RTM";

    /// <summary>Havens van Zeeland en West-Brabant.</summary>
    public const string ZeelandWestBrabant = "ZWB";

    /// <summary>Havens Noordzeekanaalgebied.</summary>
    public const string NorthSeaCanal = "NZK";

    /// <summary>Luchthaven Schiphol.</summary>
    public const string Schiphol = "SCH";

    /// <summary>Bloemenveilingen (flower auctions).</summary>
    public const string FlowerAuctions = "FLO";

    /// <summary>All codes, in the order of the national plan.</summary>
    public static IReadOnlyList<string> All { get; } = [Rotterdam, ZeelandWestBrabant, NorthSeaCanal, Schiphol, FlowerAuctions];

    /// <summary>
    /// Reads a code written by a person or a client: surrounding spaces and case are forgiven.
    /// Returns null when the text names no mainport.
    /// </summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var code = text.Trim().ToUpperInvariant();
        return All.Contains(code) ? code : null;
    }
}
