using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// An international bank account number (ISO 13616), as in <c>NL91ABNA0417164300</c>: a country of the SWIFT IBAN
/// registry, two check digits and the national account number, exactly as long as the registry says for that
/// country. IBANs are personal data when they belong to a natural person, so the type is treated as such.
/// </summary>
public sealed record Iban
{
    /// <summary>
    /// IBAN length per country, from the SWIFT IBAN registry (release 100, 89 countries). Territories that use
    /// their parent's IBANs (French overseas departments, the Crown dependencies, Åland) write the parent's code.
    /// </summary>
    public static IReadOnlyDictionary<string, int> LengthByCountry { get; } =
        """
        AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24
        DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27
        GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20
        LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24
        PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25
        SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30
        """
        .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .ToFrozenDictionary(entry => entry[..2], entry => int.Parse(entry.AsSpan(2), CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private Iban(string value) => Value = value;

    /// <summary>The normalised IBAN: upper case, no spaces.</summary>
    public string Value { get; }

    /// <summary>The country code, for example <c>NL</c>.</summary>
    public string Country => Value[..2];

    /// <summary>Reads an IBAN, forgiving spaces and lower case.</summary>
    /// <param name="text">The IBAN as written, in groups of four or not.</param>
    /// <param name="iban">The IBAN when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Iban? iban, [NotNullWhen(false)] out string? problem)
    {
        iban = null;
        var s = IdentifierText.Compact(text);
        problem = s switch
        {
            "" => "empty",
            _ when !IdentifierText.AllLettersOrDigits(s) => "an IBAN holds only letters and digits",
            { Length: < 4 } => $"expected a country code, two check digits and an account number, got {s.Length} characters",
            _ when !IdentifierText.AllLetters(s.AsSpan(0, 2)) => "an IBAN starts with a two-letter country code",
            _ when !LengthByCountry.ContainsKey(s[..2]) => $"unknown country {s[..2]} (not in the IBAN registry)",
            _ when LengthByCountry[s[..2]] != s.Length => $"expected {LengthByCountry[s[..2]]} characters for {s[..2]}, got {s.Length}",
            _ when !IdentifierText.AllDigits(s.AsSpan(2, 2)) => "the check digits (third and fourth characters) must be digits",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        if (IdentifierText.Mod97(s[4..] + s[..4]) != 1)
        {
            var expected = 98 - IdentifierText.Mod97(s[4..] + s[..2] + "00");
            problem = $"check digits should be {expected:00}";
            return false;
        }

        iban = new Iban(s);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
