using System.Security.Cryptography;
using System.Text;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Reports;

/// <summary>
/// Receipts of the anonymous channel: 28 characters of Crockford base32 (140 random bits from the operating
/// system's CSPRNG), written in seven groups of four so that a person can copy them onto paper. Only
/// HMAC-SHA256(receipts key, receipt) is stored; with at least 128 random bits no per-receipt salt is needed
/// (OWASP ASVS 5.0 §6.5.2 asks for one below 112 bits), and the key lives outside the database, so a stolen database
/// cannot test guesses at all.
/// </summary>
public sealed class Receipts(KeyRing keys)
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 28;
    public const int GroupSize = 4;

    /// <summary>A fresh receipt, formatted in groups (<c>7K2M-…</c>).</summary>
    public static string New() => Format(RandomNumberGenerator.GetString(Alphabet, Length));

    public static string Format(string normalized) =>
        string.Join('-', Enumerable.Range(0, normalized.Length / GroupSize).Select(i => normalized.Substring(i * GroupSize, GroupSize)));

    /// <summary>
    /// The receipt as typed by a person, normalised the Crockford way (case, spaces and dashes forgiven, O read as 0,
    /// I and L as 1); null when it cannot be a receipt.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrEmpty(typed) || typed.Length > 100)
        {
            return null;
        }

        var builder = new StringBuilder(Length);
        foreach (var raw in typed)
        {
            if (raw is ' ' or '-' or '\t' or '\n' or '\r')
            {
                continue;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (!Alphabet.Contains(c, StringComparison.Ordinal) || builder.Length == Length)
            {
                return null;
            }

            builder.Append(c);
        }

        return builder.Length == Length ? builder.ToString() : null;
    }

    /// <summary>
    /// The lookup hash of a typed receipt. Text that is no receipt at all is hashed too (as something that matches
    /// nothing), so that every miss costs the same work.
    /// </summary>
    public string Hash(string? typed)
    {
        var normalized = Normalize(typed);
        var input = normalized is null ? "invalid:" + (typed?.Length ?? 0) : "receipt:" + normalized;
        var hash = HMACSHA256.HashData(keys[KeyRing.Receipts].ToArray(), Encoding.UTF8.GetBytes(input));
        return Convert.ToHexStringLower(hash);
    }
}
