using System.Security.Cryptography;

namespace Slagboom.Core.Hosting;

/// <summary>
/// The server's secret keys, kept as files in <c>SLAGBOOM_KEYS</c>, outside the database, so that a copy of the
/// database alone opens no receipt, pseudonym or signature. Created on first start.
/// </summary>
public sealed class KeyRing
{
    public const string Receipts = "receipts";
    public const string Reports = "reports";
    public const string Pseudonyms = "pseudonyms";
    public const string AuditSigning = "audit-signing";
    public const string Attachments = "attachments";

    private static readonly string[] Names = [Receipts, Reports, Pseudonyms, AuditSigning, Attachments];
    private readonly Dictionary<string, byte[]> _keys;

    private KeyRing(string folder, Dictionary<string, byte[]> keys)
    {
        Folder = folder;
        _keys = keys;
    }

    public string Folder { get; }

    /// <summary>Folder for ASP.NET Core Data Protection keys (cookies, two-factor tokens).</summary>
    public string DataProtectionFolder => Path.Combine(Folder, "dataprotection");

    public ReadOnlySpan<byte> this[string name] => _keys[name];

    public static KeyRing OpenOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var path = Path.Combine(folder, name + ".key");
            if (!File.Exists(path))
            {
                var fresh = RandomNumberGenerator.GetBytes(32);
                // CreateNew: two processes starting at once must not overwrite each other's key.
                try
                {
                    using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh)));
                }
                catch (IOException) when (File.Exists(path))
                {
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            var text = File.ReadAllText(path).Trim();
            try
            {
                keys[name] = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"The key file {path} is damaged: it does not hold base64 text.");
            }
        }

        return new KeyRing(folder, keys);
    }
}
