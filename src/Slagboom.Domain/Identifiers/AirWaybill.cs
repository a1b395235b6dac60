using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// An IATA air waybill number: a three-digit airline prefix, a seven-digit serial and a check digit (the serial
/// mod 7), written <c>016-12345675</c>.
/// </summary>
/// <remarks>The airline prefix is not checked: IATA's list of prefixes is licensed.</remarks>
public sealed record AirWaybill
{
    private AirWaybill(string digits) => Digits = digits;

    /// <summary>The eleven digits without separator.</summary>
    public string Digits { get; }

    /// <summary>The airline prefix, for example <c>016</c>.</summary>
    public string AirlinePrefix => Digits[..3];

    /// <summary>The normalised form: prefix, dash, serial and check digit.</summary>
    public string Value => $"{Digits[..3]}-{Digits[3..]}";

    /// <summary>Reads an air waybill number, forgiving spaces and dashes.</summary>
    /// <param name="text">The number as written.</param>
    /// <param name="waybill">The number when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AirWaybill? waybill, [NotNullWhen(false)] out string? problem)
    {
        waybill = null;
        var s = IdentifierText.Compact(text, "-");
        problem = s switch
        {
            "" => "empty",
            _ when !IdentifierText.AllDigits(s) => "expected 11 digits (3-digit airline prefix, 7-digit serial, check digit)",
            { Length: not 11 } => $"expected 11 digits, got {s.Length}",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        var expected = int.Parse(s.AsSpan(3, 7), provider: System.Globalization.CultureInfo.InvariantCulture) % 7;
        if (s[10] - '0' != expected)
        {
            problem = $"check digit should be {expected}";
            return false;
        }

        waybill = new AirWaybill(s);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
