using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Reports;

/// <summary>
/// Envelope encryption of reports: each report has its own random AES-256 key; that key is stored wrapped
/// (AES-256-GCM) by the server's reports key from <c>SLAGBOOM_KEYS</c>. Every sealed value is bound by its
/// associated data to the report and to what it is (content, message, attachment), so a ciphertext moved to
/// another row or report does not open.
/// </summary>
public sealed class ReportSealing(KeyRing keys)
{
    private static readonly byte[] Magic = "SRP1"u8.ToArray();
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public byte[] Wrap(string reportId, byte[] reportKey) => Seal(keys[KeyRing.Reports].ToArray(), "report-key:" + reportId, reportKey);

    public byte[] Unwrap(string reportId, byte[] wrapped) => Open(keys[KeyRing.Reports].ToArray(), "report-key:" + reportId, wrapped);

    public static byte[] SealText(byte[] reportKey, string context, string text) => Seal(reportKey, context, Encoding.UTF8.GetBytes(text));

    public static string OpenText(byte[] reportKey, string context, byte[] stored) => Encoding.UTF8.GetString(Open(reportKey, context, stored));

    public static byte[] SealContent(byte[] reportKey, string reportId, ReportContent content) =>
        Seal(reportKey, "content:" + reportId, JsonSerializer.SerializeToUtf8Bytes(content));

    public static ReportContent OpenContent(byte[] reportKey, string reportId, byte[] stored) =>
        JsonSerializer.Deserialize<ReportContent>(Open(reportKey, "content:" + reportId, stored))
        ?? throw new CryptographicException($"Report {reportId} holds no content.");

    public static byte[] Seal(byte[] key, string context, byte[] plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var tag = new byte[TagSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(context));
        }

        return [.. Magic, .. nonce, .. tag, .. cipher];
    }

    public static byte[] Open(byte[] key, string context, byte[] stored)
    {
        if (stored.Length < Magic.Length + NonceSize + TagSize || !stored.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CryptographicException("A sealed report value is not in the expected format.");
        }

        var nonce = stored.AsSpan(Magic.Length, NonceSize);
        var tag = stored.AsSpan(Magic.Length + NonceSize, TagSize);
        var cipher = stored.AsSpan(Magic.Length + NonceSize + TagSize);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, cipher, tag, plain, Encoding.UTF8.GetBytes(context));
        return plain;
    }
}
