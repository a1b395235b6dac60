using System.Security.Cryptography;
using System.Text;

namespace Slagboom.Core.Accounts;

/// <summary>Random secrets for tokens, links and first passwords, and the hash under which they are stored.</summary>
public static class Secrets
{
    /// <summary>256 random bits, URL-safe, with a prefix that tells what the secret is for.</summary>
    public static string New(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// SHA-256 of the secret. A plain hash suffices: the secrets carry 256 random bits, so there is nothing to
    /// guess, unlike a password.
    /// </summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A first password a person can type: 20 characters from an alphabet without look-alikes.</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
