using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Hosting;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Attachments;

public sealed record AttachmentView(string Id, string FileName, string ContentType, long Size, string Sha256, DateTime CreatedAt);

public sealed record AttachmentContent(AttachmentView Attachment, byte[] Bytes);

/// <summary>
/// Files attached to signals: size-limited, type allow-listed by their content, stored under a server-generated
/// name and encrypted with AES-256-GCM under a key derived per file from the attachments key in
/// <c>SLAGBOOM_KEYS</c>. Attachments may hold anything, personal data included, so only those who receive the
/// signal in clear (owner, public partners, private ones with a recorded legal basis) list or open them.
/// </summary>
public sealed class AttachmentStore(AppDbContext db, Viewers viewers, AuditTrail audit, KeyRing keys, SlagboomSettings settings, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerSignal = 20;
    private static readonly byte[] Magic = "SLA1"u8.ToArray();

    public string Folder => Path.Combine(settings.DataFolder, "attachments");

    public async Task<Result<AttachmentView>> AddAsync(Actor actor, string signalId, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await FindAsync(viewer, signalId, cancellationToken);
        if (signal is null || !SharingPolicy.CanChange(viewer, signal))
        {
            return new NotFound("No such signal.");
        }

        if (await db.Attachments.CountAsync(a => a.SignalId == signal.Id, cancellationToken) >= MaxPerSignal)
        {
            return new Conflict($"A signal holds at most {MaxPerSignal} attachments.");
        }

        var bytes = await ReadLimitedAsync(content, cancellationToken);
        if (bytes is null)
        {
            return new Invalid("file", $"A file may hold at most {MaxBytes / (1024 * 1024)} MB.");
        }

        if (bytes.Length == 0)
        {
            return new Invalid("file", "The file is empty.");
        }

        var name = CleanName(fileName);
        var type = AllowedType(bytes, name);
        if (type is null)
        {
            return new Invalid("file", "Only PDF, PNG, JPEG, plain text, CSV and Word or Excel files (docx, xlsx) may be attached.");
        }

        var attachment = new Attachment
        {
            Id = Ids.New(),
            SignalId = signal.Id,
            FileName = name,
            ContentType = type,
            Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedByUserId = actor.UserId ?? "",
        };
        Directory.CreateDirectory(Folder);
        var path = PathOf(attachment.Id);
        await File.WriteAllBytesAsync(path, Encrypt(attachment.Id, bytes), cancellationToken);
        try
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
            db.Attachments.Add(attachment);
            signal.UpdatedAt = attachment.CreatedAt;
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(new AuditEvent("attachment.add", $"signal:{signal.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Recipients: $"attachment:{attachment.Id}"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // Never leave an orphaned encrypted file behind a failed write.
            File.Delete(path);
            throw;
        }

        return ToView(attachment);
    }

    public async Task<Result<IReadOnlyList<AttachmentView>>> ListAsync(Actor actor, string signalId, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await FindAsync(viewer, signalId, cancellationToken);
        if (signal is null)
        {
            return new NotFound("No such signal.");
        }

        if (!SharingPolicy.ReceivesInClear(viewer, signal))
        {
            return Result.Of<IReadOnlyList<AttachmentView>>([]);
        }

        var list = await db.Attachments.AsNoTracking().Where(a => a.SignalId == signal.Id).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        return Result.Of<IReadOnlyList<AttachmentView>>([.. list.Select(ToView)]);
    }

    /// <summary>Decrypts an attachment for a caller who receives the signal in clear; the download is logged with its purpose.</summary>
    public async Task<Result<AttachmentContent>> OpenAsync(Actor actor, string signalId, string attachmentId, string? purpose, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await FindAsync(viewer, signalId, cancellationToken);
        var attachment = signal is null || !SharingPolicy.ReceivesInClear(viewer, signal)
            ? null
            : await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.SignalId == signal.Id && a.Id == attachmentId, cancellationToken);
        if (attachment is null || !File.Exists(PathOf(attachment.Id)))
        {
            await audit.AppendAsync(new AuditEvent("attachment.download", VisibleSignals.Subject(signalId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId, purpose), cancellationToken);
            return new NotFound("No such attachment.");
        }

        var bytes = Decrypt(attachment.Id, await File.ReadAllBytesAsync(PathOf(attachment.Id), cancellationToken));
        await audit.AppendAsync(new AuditEvent("attachment.download", $"signal:{signal!.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, purpose,
            Recipients: $"attachment:{attachment.Id}"), cancellationToken);
        return new AttachmentContent(ToView(attachment), bytes);
    }

    public async Task<Result<AttachmentView>> DeleteAsync(Actor actor, string signalId, string attachmentId, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await FindAsync(viewer, signalId, cancellationToken);
        var attachment = signal is null || !SharingPolicy.CanChange(viewer, signal)
            ? null
            : await db.Attachments.FirstOrDefaultAsync(a => a.SignalId == signal.Id && a.Id == attachmentId, cancellationToken);
        if (attachment is null)
        {
            return new NotFound("No such attachment.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Attachments.Remove(attachment);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("attachment.delete", $"signal:{signal!.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Recipients: $"attachment:{attachment.Id}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        File.Delete(PathOf(attachment.Id));
        return ToView(attachment);
    }

    /// <summary>Where an attachment's encrypted bytes live; also used by retention to delete them.</summary>
    public string PathOf(string attachmentId) => Path.Combine(Folder, attachmentId);

    private Task<Signal?> FindAsync(Viewer viewer, string signalId, CancellationToken cancellationToken) =>
        db.VisibleSignal(viewer, signalId).FirstOrDefaultAsync(cancellationToken);

    private byte[] Encrypt(string id, byte[] plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(FileKey(id), tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag, Encoding.ASCII.GetBytes(id));
        }

        return [.. Magic, .. nonce, .. tag, .. cipher];
    }

    private byte[] Decrypt(string id, byte[] stored)
    {
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        if (stored.Length < Magic.Length + nonceSize + tagSize || !stored.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CryptographicException($"Attachment {id} is not in the expected format.");
        }

        var nonce = stored.AsSpan(Magic.Length, nonceSize);
        var tag = stored.AsSpan(Magic.Length + nonceSize, tagSize);
        var cipher = stored.AsSpan(Magic.Length + nonceSize + tagSize);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(FileKey(id), tagSize);
        aes.Decrypt(nonce, cipher, tag, plain, Encoding.ASCII.GetBytes(id));
        return plain;
    }

    private byte[] FileKey(string id) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, keys[KeyRing.Attachments].ToArray(), 32, info: Encoding.ASCII.GetBytes("attachment:" + id));

    private static async Task<byte[]?> ReadLimitedAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?'))]).Trim().TrimStart('.');
        if (name.Length > 200)
        {
            name = name[..150] + Path.GetExtension(name)[..Math.Min(Path.GetExtension(name).Length, 20)];
        }

        return string.IsNullOrEmpty(name) ? "bijlage" : name;
    }

    /// <summary>The media type decided from the content (and, for text and Office files, the extension); null when not allowed.</summary>
    internal static string? AllowedType(byte[] bytes, string name)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "image/jpeg";
        }

        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return extension switch
            {
                ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _ => null,
            };
        }

        if (extension is ".txt" or ".csv" or ".log" && IsText(bytes))
        {
            return extension == ".csv" ? "text/csv" : "text/plain";
        }

        return null;
    }

    private static bool IsText(byte[] bytes)
    {
        if (bytes.Contains((byte)0))
        {
            return false;
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static AttachmentView ToView(Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.CreatedAt);

}
