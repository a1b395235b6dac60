using System.Security.Cryptography;
using System.Text;

namespace Slagboom.Domain.Sharing;

/// <summary>
/// Pseudonyms for personal data shown to private partners: <c>pd:</c> followed by a keyed hash of the value that is
/// stable for one organisation and differs between organisations, so that a partner can see that two signals
/// name the same person without learning who it is, and two partners cannot match their pseudonyms.
/// </summary>
public static class Pseudonym
{
    /// <summary>The prefix of every pseudonym.</summary>
    public const string Prefix = "pd:";

    /// <summary>The pseudonym of (<paramref name="type"/>, <paramref name="normalizedValue"/>) for <paramref name="organisationId"/>.</summary>
    public static string For(ReadOnlySpan<byte> key, string organisationId, string type, string normalizedValue)
    {
        var input = Encoding.UTF8.GetBytes($"{organisationId}\n{type}\n{normalizedValue.ToLowerInvariant()}");
        var mac = HMACSHA256.HashData(key, input);
        // 100 bits in Crockford-style base32: short enough to read out, far too many to guess.
        return Prefix + Base32(mac.AsSpan(0, 13))[..20];
    }

    /// <summary>True when the text has the shape of a pseudonym.</summary>
    public static bool IsPseudonym(string? text) => text is not null && text.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        var output = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            output.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }

        return output.ToString();
    }
}
