using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// A Chamber of Commerce number (<em>KvK-nummer</em>): exactly eight digits, as in <c>80569710</c>.
/// </summary>
/// <remarks>
/// There is no check digit: only the form is checked, and only the Handelsregister says whether the number exists.
/// A company gets a new number after a takeover or a change of legal form. The twelve-digit branch number
/// (<em>vestigingsnummer</em>) is a different identifier.
/// </remarks>
public sealed record KvkNumber
{
    private KvkNumber(string value) => Value = value;

    /// <summary>The eight digits.</summary>
    public string Value { get; }

    /// <summary>Reads a KvK number, forgiving spaces and dots.</summary>
    /// <param name="text">The number as written.</param>
    /// <param name="number">The number when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out KvkNumber? number, [NotNullWhen(false)] out string? problem)
    {
        number = null;
        var s = IdentifierText.Compact(text, ".");
        problem = s switch
        {
            "" => "empty",
            _ when !IdentifierText.AllDigits(s) => "expected 8 digits",
            { Length: 12 } => "expected 8 digits, got 12 (a twelve-digit number is a branch number, not a KvK number)",
            { Length: not 8 } => $"expected 8 digits, got {s.Length}",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        number = new KvkNumber(s);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
