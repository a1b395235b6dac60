using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// An EORI number (Economic Operators Registration and Identification), as in <c>NL123456782</c>: an EU
/// member-state code or <c>XI</c> (Northern Ireland) followed by up to 15 letters and digits. A Dutch EORI is
/// <c>NL</c> and a nine-digit number that passes the RSIN 11-proof.
/// </summary>
/// <remarks>
/// Dutch sole traders used to get an EORI built on their BSN, so an NL EORI of a natural person is personal data;
/// the type cannot tell, and the number is never split into its parts.
/// </remarks>
public sealed record Eori
{
    /// <summary>The codes an EORI may start with: the EU member states (Greece as <c>GR</c>) and <c>XI</c>.</summary>
    public static IReadOnlySet<string> Countries { get; } = new[]
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
    }.ToFrozenSet(StringComparer.Ordinal);

    private Eori(string value) => Value = value;

    /// <summary>The normalised number: upper case, no spaces.</summary>
    public string Value { get; }

    /// <summary>The country code, for example <c>NL</c>.</summary>
    public string Country => Value[..2];

    /// <summary>Reads an EORI number, forgiving spaces and lower case.</summary>
    /// <param name="text">The number as written.</param>
    /// <param name="eori">The number when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Eori? eori, [NotNullWhen(false)] out string? problem)
    {
        eori = null;
        var s = IdentifierText.Compact(text);
        problem = s switch
        {
            "" => "empty",
            { Length: < 2 } => "expected a country code and a number",
            _ when !IdentifierText.AllLetters(s.AsSpan(0, 2)) => "an EORI number starts with a two-letter country code",
            _ when !Countries.Contains(s[..2]) => $"unknown country {s[..2]} (an EORI starts with an EU member state or XI)",
            { Length: 2 } => "expected a number after the country code",
            _ when s.StartsWith("NL", StringComparison.Ordinal) => DutchProblem(s[2..]),
            { Length: > 17 } => $"expected at most 15 letters and digits after {s[..2]}, got {s.Length - 2}",
            _ when !IdentifierText.AllLettersOrDigits(s.AsSpan(2)) => "expected only letters and digits after the country code",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        eori = new Eori(s);
        return true;
    }

    private static string? DutchProblem(string number)
    {
        if (!IdentifierText.AllDigits(number))
        {
            return "a Dutch EORI is NL and 9 digits (the RSIN)";
        }

        if (number.Length != 9)
        {
            return $"a Dutch EORI is NL and 9 digits (the RSIN), got {number.Length}";
        }

        return Rsin.ElevenProofProblem(number) is { } wrong ? $"the RSIN in a Dutch EORI {wrong}" : null;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
