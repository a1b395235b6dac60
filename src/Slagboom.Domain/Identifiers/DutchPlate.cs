using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// A Dutch licence plate (<em>kenteken</em>): six letters and digits in one of the fourteen RDW sidecode patterns,
/// written with dashes between the groups, as in <c>AB-12-34</c>, <c>12-ABC-3</c> or <c>1-AB-234</c>.
/// </summary>
/// <remarks>
/// There is no check digit. Which letters the RDW issues (no vowels, no C or Q) is a warning, never a reason to
/// reject: a plate read by a camera must still be searchable as read. Plates are personal data.
/// </remarks>
public sealed record DutchPlate
{
    // Sidecodes 1–14 (L letter, D digit). 1–6 are written 2-2-2; 7–14 with a dash wherever letters and digits meet.
    private static readonly string[] Sidecodes =
    [
        "LLDDDD", "DDDDLL", "DDLLDD", "LLDDLL", "LLLLDD", "DDLLLL", "DDLLLD",
        "DLLLDD", "LLDDDL", "LDDDLL", "LLLDDL", "LDDLLL", "DLLDDD", "DDDLLD",
    ];

    private static readonly SearchValues<char> NotIssued = SearchValues.Create("AEIOUCQ");

    private DutchPlate(string characters, int sidecode)
    {
        Characters = characters;
        Sidecode = sidecode;
    }

    /// <summary>The six letters and digits without dashes, upper case.</summary>
    public string Characters { get; }

    /// <summary>The RDW sidecode, 1 to 14.</summary>
    public int Sidecode { get; }

    /// <summary>The normalised form with dashes, for example <c>G-211-JM</c>.</summary>
    public string Value => Sidecode <= 6
        ? $"{Characters[..2]}-{Characters[2..4]}-{Characters[4..]}"
        : GroupByKind(Characters);

    /// <summary>
    /// A warning when the plate holds letters the RDW does not issue (vowels, C, Q): often a misread. Null otherwise.
    /// </summary>
    public string? Warning => Characters.AsSpan().IndexOfAny(NotIssued) is var at and >= 0
        ? $"the RDW does not issue the letter {Characters[at]} on plates; check the reading"
        : null;

    /// <summary>Reads a Dutch plate, forgiving spaces, dashes and lower case.</summary>
    /// <param name="text">The plate as written or read by a camera.</param>
    /// <param name="plate">The plate when it is valid.</param>
    /// <param name="problem">What is wrong when it is not.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DutchPlate? plate, [NotNullWhen(false)] out string? problem)
    {
        plate = null;
        var s = IdentifierText.Compact(text, "-");
        problem = s switch
        {
            "" => "empty",
            _ when !IdentifierText.AllLettersOrDigits(s) => "a Dutch plate holds only letters and digits (and dashes)",
            { Length: not 6 } => $"expected 6 letters and digits, got {s.Length}",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        var mask = string.Concat(s.Select(c => char.IsAsciiDigit(c) ? 'D' : 'L'));
        var sidecode = Array.IndexOf(Sidecodes, mask) + 1;
        if (sidecode == 0)
        {
            problem = $"letters and digits in no Dutch sidecode pattern ({mask.Replace('D', '9').Replace('L', 'X')})";
            return false;
        }

        plate = new DutchPlate(s, sidecode);
        return true;
    }

    private static string GroupByKind(string characters)
    {
        var written = new System.Text.StringBuilder(characters.Length + 2);
        for (var i = 0; i < characters.Length; i++)
        {
            if (i > 0 && char.IsAsciiDigit(characters[i]) != char.IsAsciiDigit(characters[i - 1]))
            {
                written.Append('-');
            }

            written.Append(characters[i]);
        }

        return written.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
