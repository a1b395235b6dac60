using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// A Dutch RSIN (<em>Rechtspersonen en Samenwerkingsverbanden Informatienummer</em>): nine digits passing the
/// 11-proof, as in <c>111222333</c>. Also the number inside a Dutch EORI.
/// </summary>
/// <remarks>
/// The BSN, the citizen service number, passes the same 11-proof but is deliberately not a type here: the law
/// (art. 46 UAVG) forbids collecting it without a statutory basis. A nine-digit number that passes this check
/// may be a BSN; the type only says that the sender called it an RSIN.
/// </remarks>
public sealed record Rsin
{
    private static readonly int[] Weights = [9, 8, 7, 6, 5, 4, 3, 2, -1];

    private Rsin(string value) => Value = value;

    /// <summary>The normalised number: nine digits, left-padded with zero.</summary>
    public string Value { get; }

    /// <summary>Reads an RSIN, forgiving spaces, dots and a missing leading zero.</summary>
    /// <param name="text">The number as written.</param>
    /// <param name="rsin">The number when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Rsin? rsin, [NotNullWhen(false)] out string? problem)
    {
        rsin = null;
        var s = IdentifierText.Compact(text, ".");
        problem = s switch
        {
            "" => "empty",
            _ when !IdentifierText.AllDigits(s) => "expected 9 digits",
            { Length: not (8 or 9) } => $"expected 9 digits (or 8 without the leading zero), got {s.Length}",
            _ => null,
        };
        if (problem is null)
        {
            s = s.PadLeft(9, '0');
            problem = ElevenProofProblem(s);
        }

        if (problem is not null)
        {
            return false;
        }

        rsin = new Rsin(s);
        return true;
    }

    /// <summary>
    /// Null when nine digits pass the 11-proof (Σ dᵢ·wᵢ with w = 9…2, −1 divisible by 11, not all zeros);
    /// otherwise what is wrong.
    /// </summary>
    internal static string? ElevenProofProblem(string nineDigits)
    {
        if (!nineDigits.AsSpan().ContainsAnyExcept('0'))
        {
            return "cannot be all zeros";
        }

        var firstEight = 0;
        for (var i = 0; i < 8; i++)
        {
            firstEight += (nineDigits[i] - '0') * Weights[i];
        }

        var sum = firstEight - (nineDigits[8] - '0');
        if (sum % 11 == 0)
        {
            return null;
        }

        // The last digit must equal the weighted sum of the others mod 11; 10 cannot be written as one digit.
        var last = firstEight % 11;
        return last == 10
            ? "fails the 11-proof (no last digit would make it pass)"
            : $"fails the 11-proof (last digit should be {last})";
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
