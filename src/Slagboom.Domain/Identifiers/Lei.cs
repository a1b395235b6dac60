using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// A legal entity identifier (ISO 17442), as in <c>213800KUD8LAJWSQ9D15</c>: eighteen letters and digits and two
/// check digits, ISO 7064 MOD 97-10 over the whole equal to 1.
/// </summary>
public sealed record Lei
{
    private Lei(string value) => Value = value;

    /// <summary>The normalised identifier: 20 characters, upper case.</summary>
    public string Value { get; }

    /// <summary>Reads an LEI, forgiving spaces and lower case.</summary>
    /// <param name="text">The identifier as written.</param>
    /// <param name="lei">The identifier when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Lei? lei, [NotNullWhen(false)] out string? problem)
    {
        lei = null;
        var s = IdentifierText.Compact(text);
        problem = s switch
        {
            "" => "empty",
            _ when !IdentifierText.AllLettersOrDigits(s) => "an LEI holds only letters and digits",
            { Length: not 20 } => $"expected 20 characters, got {s.Length}",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        if (IdentifierText.Mod97(s) != 1)
        {
            var expected = 98 - IdentifierText.Mod97(s[..18] + "00");
            problem = $"check digits should be {expected:00}";
            return false;
        }

        lei = new Lei(s);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
