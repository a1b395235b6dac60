using System.Text;

namespace Slagboom.Domain.Identifiers;

/// <summary>The small text and arithmetic steps the identifier rules share.</summary>
internal static class IdentifierText
{
    /// <summary>Drops white space and the given separators, and upper-cases ASCII letters.</summary>
    public static string Compact(string? text, string separators = "")
    {
        var kept = new StringBuilder(text?.Length ?? 0);
        foreach (var c in text ?? "")
        {
            if (!char.IsWhiteSpace(c) && !separators.Contains(c, StringComparison.Ordinal))
            {
                kept.Append(char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c);
            }
        }

        return kept.ToString();
    }

    /// <summary>Trims and collapses every run of white space inside to one space.</summary>
    public static string Collapse(string? text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static bool AllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    public static bool AllLetters(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('A', 'Z');

    public static bool AllLettersOrDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    /// <summary>
    /// ISO 7064 MOD 97-10 remainder of an upper-case alphanumeric text, letters counting A=10 … Z=35 (IBAN, LEI).
    /// Computed digit by digit, so any length works without big integers.
    /// </summary>
    public static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }
}
