using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// An ISO 6346 freight container number: three-letter owner code, category letter (U freight container,
/// J detachable equipment, Z trailer or chassis), six-digit serial and a check digit, as in <c>CSQU3054383</c>.
/// </summary>
/// <remarks>
/// The check digit catches typing and OCR errors only. An unknown owner code or one number seen in two places
/// (a clone) are matters for the analyst, not for this type.
/// </remarks>
public sealed record ContainerNumber
{
    private ContainerNumber(string value) => Value = value;

    /// <summary>The normalised number: 11 characters, upper case, no separators.</summary>
    public string Value { get; }

    /// <summary>The three-letter owner code (BIC code prefix), for example <c>CSQ</c>.</summary>
    public string OwnerCode => Value[..3];

    /// <summary>The category letter: U, J or Z.</summary>
    public char Category => Value[3];

    /// <summary>Reads a container number, forgiving spaces, dashes, dots and lower case.</summary>
    /// <param name="text">The number as written or read by OCR.</param>
    /// <param name="number">The number when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ContainerNumber? number, [NotNullWhen(false)] out string? problem)
    {
        number = null;
        var s = IdentifierText.Compact(text, "-.");
        problem = s switch
        {
            "" => "empty",
            { Length: not 11 } => $"expected 11 characters (owner code, category, 6-digit serial, check digit), got {s.Length}",
            _ when !IdentifierText.AllLetters(s.AsSpan(0, 3)) => "the owner code (first three characters) must be letters",
            _ when s[3] is not ('U' or 'J' or 'Z') => $"the category (fourth character) must be U, J or Z, not {s[3]}",
            _ when !IdentifierText.AllDigits(s.AsSpan(4)) => "expected 7 digits after the owner code and category",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        var expected = CheckDigit(s);
        if (s[10] - '0' != expected)
        {
            problem = $"check digit should be {expected}";
            return false;
        }

        number = new ContainerNumber(s);
        return true;
    }

    /// <summary>
    /// The ISO 6346 check digit of the first ten characters: letters A=10 upward skipping multiples of 11, digits at
    /// face value, each weighted 2^i; (Σ mod 11) mod 10.
    /// </summary>
    internal static int CheckDigit(string number)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = number[i];
            sum += (char.IsAsciiDigit(c) ? c - '0' : LetterValue(c)) << i;
        }

        return sum % 11 % 10;
    }

    private static int LetterValue(char letter)
    {
        // A=10, B=12 (11 skipped), … : every multiple of 11 is skipped.
        var value = 10;
        for (var c = 'A'; c < letter; c++)
        {
            value++;
            if (value % 11 == 0)
            {
                value++;
            }
        }

        return value;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
