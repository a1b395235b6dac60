using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// A UN/LOCODE location code, as in <c>NLRTM</c>: an assigned ISO 3166-1 alpha-2 country code and three letters or
/// digits 2–9.
/// </summary>
/// <remarks>
/// Only the form and the country are checked, not the UNECE code list itself (about 116,000 entries, published
/// twice a year): a well-formed code may name no place.
/// </remarks>
public sealed record UnLocode
{
    private static readonly SearchValues<char> PlaceCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789");

    private UnLocode(string value) => Value = value;

    /// <summary>The normalised code: five characters, upper case.</summary>
    public string Value { get; }

    /// <summary>The country code, for example <c>NL</c>.</summary>
    public string Country => Value[..2];

    /// <summary>Reads a UN/LOCODE, forgiving spaces and lower case.</summary>
    /// <param name="text">The code as written, for example <c>NL RTM</c>.</param>
    /// <param name="code">The code when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UnLocode? code, [NotNullWhen(false)] out string? problem)
    {
        code = null;
        var s = IdentifierText.Compact(text);
        problem = s switch
        {
            "" => "empty",
            { Length: not 5 } => $"expected 5 characters (country code and 3 letters or digits), got {s.Length}",
            _ when !IdentifierText.AllLetters(s.AsSpan(0, 2)) => "a UN/LOCODE starts with a two-letter country code",
            _ when s.AsSpan(2).ContainsAnyExcept(PlaceCharacters) => "the last 3 characters must be letters or digits 2–9",
            _ when !CountryCode.IsAssigned(s[..2]) => $"unknown country {s[..2]}",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        code = new UnLocode(s);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
