using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// An IMO ship identification number: <c>IMO</c> and seven digits, the last a check digit, as in <c>IMO9319466</c>.
/// </summary>
/// <remarks>
/// Unlike the other identifier types, a well-formed number whose check digit fails still parses: many real ships
/// carry such numbers, so the number is kept with a warning and never rejected for that reason alone
/// (DOMAIN.md §5). <see cref="HasValidCheckDigit"/> tells the two apart. Keep IMO, MMSI and call sign apart: a
/// nine-digit number is an MMSI, not an IMO number.
/// </remarks>
public sealed record ImoNumber
{
    private ImoNumber(string digits, int expectedCheckDigit)
    {
        Digits = digits;
        ExpectedCheckDigit = expectedCheckDigit;
    }

    /// <summary>The seven digits.</summary>
    public string Digits { get; }

    /// <summary>The normalised form: <c>IMO</c> followed by the seven digits.</summary>
    public string Value => "IMO" + Digits;

    /// <summary>The check digit the first six digits call for: Σ dᵢ·(7−i) for i = 0…5, mod 10.</summary>
    public int ExpectedCheckDigit { get; }

    /// <summary>True when the seventh digit equals <see cref="ExpectedCheckDigit"/>.</summary>
    public bool HasValidCheckDigit => Digits[6] - '0' == ExpectedCheckDigit;

    /// <summary>
    /// Reads an IMO number, forgiving spaces, lower case and an optional leading <c>IMO</c>. Succeeds for every
    /// seven-digit number, whether or not its check digit holds (see <see cref="HasValidCheckDigit"/>).
    /// </summary>
    /// <param name="text">The number as written.</param>
    /// <param name="number">The number when it is well-formed.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImoNumber? number, [NotNullWhen(false)] out string? problem)
    {
        number = null;
        var s = IdentifierText.Compact(text);
        if (s.StartsWith("IMO", StringComparison.Ordinal))
        {
            s = s[3..];
        }

        problem = s switch
        {
            "" => "empty",
            _ when !IdentifierText.AllDigits(s) => "expected 7 digits, optionally after IMO",
            { Length: 9 } => "expected 7 digits, got 9 (a nine-digit number is an MMSI, not an IMO number)",
            { Length: not 7 } => $"expected 7 digits, got {s.Length}",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            sum += (s[i] - '0') * (7 - i);
        }

        number = new ImoNumber(s, sum % 10);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
