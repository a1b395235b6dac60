using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// A licence plate of any country, written <c>CC:PLATE</c>: an assigned ISO 3166-1 alpha-2 country code, a colon and
/// the plate's letters and digits without spaces or dashes, as in <c>DE:HHAB1234</c>. Terminal ANPR mostly reads
/// foreign trucks, so the country is part of the value. Plates are personal data.
/// </summary>
/// <remarks>No country's plate format is checked: the form only keeps the country and the characters apart.</remarks>
public sealed record ForeignPlate
{
    private ForeignPlate(string country, string characters)
    {
        Country = country;
        Characters = characters;
    }

    /// <summary>The country code, for example <c>DE</c>.</summary>
    public string Country { get; }

    /// <summary>The plate's letters and digits, upper case.</summary>
    public string Characters { get; }

    /// <summary>The normalised form <c>CC:PLATE</c>.</summary>
    public string Value => $"{Country}:{Characters}";

    /// <summary>Reads a plate written <c>CC:PLATE</c>, forgiving spaces, dashes and lower case.</summary>
    /// <param name="text">The plate as written, for example <c>de: HH-AB 1234</c>.</param>
    /// <param name="plate">The plate when it is well-formed.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ForeignPlate? plate, [NotNullWhen(false)] out string? problem)
    {
        plate = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "empty";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            problem = "expected CC:PLATE, a country code, a colon and the plate (for example DE:HHAB1234)";
            return false;
        }

        var country = IdentifierText.Compact(text[..colon]);
        var characters = new StringBuilder();
        foreach (var c in text[(colon + 1)..])
        {
            if (char.IsLetterOrDigit(c))
            {
                characters.Append(char.ToUpperInvariant(c));
            }
            else if (!char.IsWhiteSpace(c) && c is not ('-' or '.'))
            {
                problem = $"a plate holds only letters and digits, not '{c}'";
                return false;
            }
        }

        problem = (country, characters.Length) switch
        {
            ("", _) => "expected a country code before the colon",
            _ when !CountryCode.IsAssigned(country) => $"unknown country {country}",
            (_, 0) => "expected the plate after the colon",
            (_, > 12) => $"expected at most 12 letters and digits on a plate, got {characters.Length}",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        plate = new ForeignPlate(country, characters.ToString());
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
