using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Audit;

/// <summary>
/// What happened, to be written to the audit trail: an action (<c>signal.read</c>, <c>signal.publish</c>,
/// <c>sign-in</c>), its subject (<c>signal:ID</c>, <c>user:EMAIL</c>), its outcome (<c>ok</c>, <c>refused</c>,
/// <c>failed</c>), who did it, the purpose given and, for disclosures, the recipients.
/// </summary>
public sealed record AuditEvent(string Action, string? Subject, string Outcome = AuditOutcome.Ok, string? UserId = null, string? OrganisationId = null, string? Purpose = null, string? Recipients = null);

public static class AuditOutcome
{
    public const string Ok = "ok";
    public const string Refused = "refused";
    public const string Failed = "failed";
}

/// <summary>
/// The tamper-evident audit trail: appends in one chain (serialised in the database, so several web instances
/// write one chain), seals the latest hash with the audit-signing key, and verifies.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider clock, KeyRing keys)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Appends one entry. Joins the caller's transaction when there is one, so that an action and its entry commit
    /// together; otherwise runs in its own.
    /// </summary>
    public async Task<AuditEntry> AppendAsync(AuditEvent what, CancellationToken cancellationToken = default)
    {
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await LockAsync(cancellationToken);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var entry = new AuditEntry
        {
            Id = (last?.Id ?? 0) + 1,
            // Milliseconds: both databases keep them exactly, so the hash can be recomputed from the stored row.
            At = TruncateToMilliseconds(clock.GetUtcNow().UtcDateTime),
            UserId = what.UserId,
            OrganisationId = what.OrganisationId,
            Action = what.Action,
            Subject = Limit(what.Subject, 400),
            Purpose = Limit(what.Purpose, 400),
            Outcome = what.Outcome,
            Recipients = Limit(what.Recipients, 4000),
            PreviousHash = last?.Hash ?? Genesis,
            Hash = "",
        };
        entry.Hash = HashOf(entry);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.Entry(entry).State = EntityState.Detached;
        return entry;
    }

    /// <summary>Signs the latest hash when entries were added since the last seal. Returns the new seal, if any.</summary>
    public async Task<AuditSeal?> SealAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await LockAsync(cancellationToken);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);
        var sealedUpTo = await db.AuditSeals.MaxAsync(s => (long?)s.EntryId, cancellationToken) ?? 0;
        if (last is null || last.Id <= sealedUpTo)
        {
            return null;
        }

        var seal = new AuditSeal
        {
            EntryId = last.Id,
            Hash = last.Hash,
            Signature = Sign(last.Id, last.Hash),
            At = clock.GetUtcNow().UtcDateTime,
        };
        db.AuditSeals.Add(seal);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return seal;
    }

    /// <summary>
    /// Checks the whole chain and every seal. Reads the rows as the database holds them, one at a time, so that a
    /// row that cannot even be read or parsed is reported like any other broken entry.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var expectedPrevious = Genesis;
            long count = 0;
            long lastId = 0;
            var hashes = new Dictionary<long, string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = """SELECT "Id", "At", "UserId", "OrganisationId", "Action", "Subject", "Purpose", "Outcome", "Recipients", "PreviousHash", "Hash" FROM "AuditEntries" ORDER BY "Id" """;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    long id = lastId + 1;
                    AuditEntry entry;
                    try
                    {
                        id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                        entry = new AuditEntry
                        {
                            Id = id,
                            At = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                            UserId = reader.IsDBNull(2) ? null : reader.GetString(2),
                            OrganisationId = reader.IsDBNull(3) ? null : reader.GetString(3),
                            Action = reader.GetString(4),
                            Subject = reader.IsDBNull(5) ? null : reader.GetString(5),
                            Purpose = reader.IsDBNull(6) ? null : reader.GetString(6),
                            Outcome = reader.GetString(7),
                            Recipients = reader.IsDBNull(8) ? null : reader.GetString(8),
                            PreviousHash = reader.GetString(9),
                            Hash = reader.GetString(10),
                        };
                    }
                    catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or IndexOutOfRangeException)
                    {
                        return AuditVerification.Broken(id, "the entry cannot be read");
                    }

                    if (entry.Id != lastId + 1)
                    {
                        return AuditVerification.Broken(entry.Id, $"entry {lastId + 1} is missing or out of order");
                    }

                    if (entry.PreviousHash != expectedPrevious || HashOf(entry) != entry.Hash)
                    {
                        return AuditVerification.Broken(entry.Id, "the hash does not match the entry and the chain");
                    }

                    expectedPrevious = entry.Hash;
                    lastId = entry.Id;
                    hashes[entry.Id] = entry.Hash;
                    count++;
                }
            }

            foreach (var seal in await db.AuditSeals.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken))
            {
                if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(seal.EntryId, seal.Hash)), Encoding.ASCII.GetBytes(seal.Signature)))
                {
                    return AuditVerification.Broken(seal.EntryId, "a seal's signature is not valid");
                }

                if (!hashes.TryGetValue(seal.EntryId, out var hash) || hash != seal.Hash)
                {
                    return AuditVerification.Broken(seal.EntryId, "the entry no longer matches its signed seal");
                }
            }

            return AuditVerification.Intact(count);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    internal static string HashOf(AuditEntry e)
    {
        var text = string.Join('\n',
            e.Id.ToString(CultureInfo.InvariantCulture),
            TruncateToMilliseconds(e.At).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            e.UserId, e.OrganisationId, e.Action, e.Subject, e.Purpose, e.Outcome, e.Recipients, e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private string Sign(long entryId, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(keys[KeyRing.AuditSigning], Encoding.ASCII.GetBytes($"{entryId}\n{hash}")));

    /// <summary>One writer at a time: an advisory lock on PostgreSQL, the write transaction itself on SQLite.</summary>
    private async Task LockAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7406205)", cancellationToken);
        }
    }

    private static DateTime TruncateToMilliseconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static string? Limit(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

public sealed record AuditVerification(bool Ok, long Entries, long? BrokenEntryId, string? Reason)
{
    public static AuditVerification Intact(long entries) => new(true, entries, null, null);

    public static AuditVerification Broken(long id, string reason) => new(false, 0, id, reason);
}
