using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// A phone number in E.164 form (<c>+</c>, country code, national number; at most 15 digits), as in
/// <c>+31101234567</c>. Numbers written without a country code are read as Dutch. Phone numbers are personal data;
/// correlate on this form, never on the text as written.
/// </summary>
/// <remarks>Parsing and the per-country number plans come from libphonenumber-csharp.</remarks>
public sealed record PhoneNumber
{
    /// <summary>The region assumed for numbers written without a country code.</summary>
    public const string DefaultRegion = "NL";

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    private PhoneNumber(string value, string? warning)
    {
        Value = value;
        Warning = warning;
    }

    /// <summary>The E.164 form.</summary>
    public string Value { get; }

    /// <summary>
    /// A warning when the number has a possible length but lies outside the ranges its country has in use: often a
    /// typing error, sometimes a new range. Null otherwise.
    /// </summary>
    public string? Warning { get; }

    /// <summary>Reads a phone number as people write it: spaces, dashes, brackets, <c>00</c> or <c>+</c> and a trunk 0.</summary>
    /// <param name="text">The number as written, for example <c>010 123 4567</c> or <c>+32 3 123 45 67</c>.</param>
    /// <param name="number">The number when it can be written in E.164 form.</param>
    /// <param name="problem">What is wrong when it cannot.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PhoneNumber? number, [NotNullWhen(false)] out string? problem)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "empty";
            return false;
        }

        PhoneNumbers.PhoneNumber parsed;
        try
        {
            parsed = Numbers.Parse(text, DefaultRegion);
        }
        catch (NumberParseException e)
        {
            // The library reports an expected failure as an exception; it becomes a message here.
            problem = e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "unknown country calling code",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => "too short for a phone number",
                ErrorType.TOO_LONG => "too long for a phone number",
                _ => "not a phone number",
            };
            return false;
        }

        if (!Numbers.IsPossibleNumber(parsed))
        {
            problem = $"wrong length for a phone number in +{parsed.CountryCode}";
            return false;
        }

        var warning = Numbers.IsValidNumber(parsed) ? null : $"not in a number range in use in +{parsed.CountryCode}";
        number = new PhoneNumber(Numbers.Format(parsed, PhoneNumberFormat.E164), warning);
        problem = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
