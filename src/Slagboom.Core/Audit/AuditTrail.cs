using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Hosting;
using Slagboom.Core.Retention;

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
/// write one chain), seals the latest hash with the audit-signing key, prunes behind a signed checkpoint, and
/// verifies.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider clock, KeyRing keys, RetentionSettings retention)
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
            .Select(e => new ChainLink(e.Id, e.Hash)).FirstOrDefaultAsync(cancellationToken)
            // Everything pruned: the chain goes on from the checkpoint, with the next number.
            ?? await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.EntryId)
                .Select(c => new ChainLink(c.EntryId, c.Hash)).FirstOrDefaultAsync(cancellationToken);
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
    /// Checks the chain from the latest signed checkpoint (or from the start) and every seal after it, on one
    /// consistent snapshot of the database. Reads the rows as the database holds them, one at a time, so that a row
    /// that cannot even be read or parsed is reported like any other broken entry.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        await VerifyOnSnapshotAsync(watch: null, cancellationToken);

    /// <summary>
    /// Deletes the entries older than <paramref name="before"/> — the longest run from the start of what is left
    /// in which every entry is older — after writing a signed checkpoint for the last of them, from which
    /// <see cref="VerifyAsync"/> then starts. Refused for entries still within the audit retention, and for a
    /// trail that does not verify (a checkpoint would otherwise sign a forged hash).
    /// </summary>
    public async Task<Result<AuditPruneOutcome>> PruneAsync(DateTime before, CancellationToken cancellationToken = default)
    {
        before = DateTime.SpecifyKind(before, DateTimeKind.Utc);
        var now = clock.GetUtcNow().UtcDateTime;
        var youngestAllowed = now.AddYears(-retention.AuditYears);
        if (before > youngestAllowed)
        {
            return new Forbidden($"Audit entries are kept {retention.AuditYears} years (Slagboom:Retention:AuditYears); " +
                $"prune only before {youngestAllowed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} or earlier.");
        }

        var firstYoung = await db.AuditEntries.AsNoTracking().Where(e => e.At >= before).MinAsync(e => (long?)e.Id, cancellationToken);
        var targetId = await db.AuditEntries.AsNoTracking().Where(e => firstYoung == null || e.Id < firstYoung)
            .MaxAsync(e => (long?)e.Id, cancellationToken);
        if (targetId is null)
        {
            return new AuditPruneOutcome(0, null);
        }

        // Verify without holding the lock (a long trail takes a while; appends must go on meanwhile), then check
        // under the lock that what was verified is still what is there.
        var verified = await VerifyOnSnapshotAsync(targetId, cancellationToken);
        if (!verified.Ok)
        {
            return new Conflict($"The audit trail does not verify (entry {verified.BrokenEntryId}: {verified.Reason}); nothing was pruned.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await LockAsync(cancellationToken);
        var checkpointNow = await db.AuditCheckpoints.MaxAsync(c => (long?)c.EntryId, cancellationToken) ?? 0;
        var target = await db.AuditEntries.AsNoTracking().Where(e => e.Id == targetId).Select(e => new ChainLink(e.Id, e.Hash)).FirstOrDefaultAsync(cancellationToken);
        if (checkpointNow != verified.StartsAfter || target is null || target.Hash != verified.WatchedHash)
        {
            return new Conflict("The audit trail changed while it was being verified (another prune?); nothing was pruned. Try again.");
        }

        db.AuditCheckpoints.Add(new AuditCheckpoint
        {
            EntryId = target.Id,
            Hash = target.Hash,
            Signature = SignCheckpoint(target.Id, target.Hash),
            At = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // The append-only trigger lets a DELETE through only with this setting, for this transaction only.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL slagboom.audit_prune = 'on'", cancellationToken);
        }

        var deleted = await db.AuditEntries.Where(e => e.Id <= target.Id).ExecuteDeleteAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL slagboom.audit_prune = 'off'", cancellationToken);
        }

        await AppendAsync(new AuditEvent("audit.prune", $"audit:{verified.StartsAfter + 1}-{target.Id}",
            Recipients: null, Purpose: $"before {before.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AuditPruneOutcome(deleted, target.Id);
    }

    private async Task<AuditVerification> VerifyOnSnapshotAsync(long? watch, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } current)
        {
            return await VerifyCoreAsync(current.GetDbTransaction(), watch, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            // One snapshot for the checkpoint, the entries and the seals: a prune or append committing meanwhile
            // must not look like a gap. SQLite: a deferred (read) transaction, so appends are not blocked.
            await using DbTransaction snapshot = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var result = await VerifyCoreAsync(snapshot, watch, cancellationToken);
            await snapshot.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<AuditVerification> VerifyCoreAsync(DbTransaction transaction, long? watch, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var start = await LatestCheckpointAsync(transaction, cancellationToken);
        long startsAfter = start?.EntryId ?? 0;
        if (start is not null && !SignatureMatches(SignCheckpoint(start.EntryId, start.Hash), start.Signature))
        {
            return AuditVerification.Broken(startsAfter + 1, $"the checkpoint for entry {start.EntryId}, from which the chain starts, is not validly signed");
        }

        await using (var leftover = connection.CreateCommand())
        {
            leftover.Transaction = transaction;
            leftover.CommandText = """SELECT "Id" FROM "AuditEntries" WHERE "Id" <= @start ORDER BY "Id" LIMIT 1""";
            AddParameter(leftover, "start", startsAfter);
            if (await leftover.ExecuteScalarAsync(cancellationToken) is { } early and not DBNull)
            {
                var earlyId = ReadId(early) ?? startsAfter;
                return AuditVerification.Broken(earlyId, $"it lies before the signed checkpoint for entry {startsAfter}, so it should have been pruned");
            }
        }

        var seals = await SealsAfterAsync(transaction, startsAfter, cancellationToken);
        var nextSeal = 0;
        var expectedPrevious = start?.Hash ?? Genesis;
        var lastId = startsAfter;
        // The last entry whose hash a valid signature vouches for: a rewritten stretch lies after it.
        var anchor = startsAfter;
        string? watchedHash = null;
        long count = 0;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """SELECT "Id", "At", "UserId", "OrganisationId", "Action", "Subject", "Purpose", "Outcome", "Recipients", "PreviousHash", "Hash" FROM "AuditEntries" WHERE "Id" > @start ORDER BY "Id" """;
            AddParameter(command, "start", startsAfter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = Read(reader);
                if (entry is null)
                {
                    return AuditVerification.Broken(ReadId(SafeValue(reader, 0)) ?? lastId + 1, "the entry cannot be read or parsed");
                }

                if (entry.Id != lastId + 1)
                {
                    return entry.Id > lastId + 1
                        ? AuditVerification.Broken(lastId + 1, Missing(lastId, entry.Id, startsAfter))
                        : AuditVerification.Broken(entry.Id, $"it is out of order after entry {lastId}");
                }

                if (entry.PreviousHash != expectedPrevious)
                {
                    return AuditVerification.Broken(entry.Id, "its previous hash does not match the entry before it");
                }

                if (HashOf(entry) != entry.Hash)
                {
                    return AuditVerification.Broken(entry.Id, "its hash does not match its contents");
                }

                while (nextSeal < seals.Count && seals[nextSeal].EntryId == entry.Id)
                {
                    var seal = seals[nextSeal++];
                    if (!SignatureMatches(Sign(seal.EntryId, seal.Hash), seal.Signature) || seal.Hash != entry.Hash)
                    {
                        // Every hash from the last good signature up to here was recomputed: the first of them is
                        // the first entry that can no longer be trusted.
                        return AuditVerification.Broken(anchor + 1,
                            $"entries {anchor + 1} to {entry.Id} no longer match the seal signed for entry {entry.Id}: they were rewritten after sealing");
                    }

                    anchor = entry.Id;
                }

                if (entry.Id == watch)
                {
                    watchedHash = entry.Hash;
                }

                expectedPrevious = entry.Hash;
                lastId = entry.Id;
                count++;
            }
        }

        if (nextSeal < seals.Count)
        {
            var seal = seals[nextSeal];
            return AuditVerification.Broken(lastId + 1, seal.EntryId > lastId
                ? $"it is missing: the trail ends at entry {lastId}, but a signed seal covers up to entry {seal.EntryId}"
                : $"a seal names entry {seal.EntryId}, which is not in the trail");
        }

        return AuditVerification.Intact(count) with { StartsAfter = startsAfter, WatchedHash = watchedHash };
    }

    private static string Missing(long lastId, long nextId, long startsAfter)
    {
        var gap = nextId == lastId + 2 ? "it is missing (deleted)" : $"entries {lastId + 1} to {nextId - 1} are missing (deleted)";
        return lastId == startsAfter
            ? $"{gap}; the trail starts at entry {nextId}"
            : $"{gap}; entry {nextId} follows entry {lastId}";
    }

    private static AuditEntry? Read(DbDataReader reader)
    {
        try
        {
            return new AuditEntry
            {
                Id = ReadId(reader.GetValue(0)) ?? throw new FormatException("no id"),
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
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static object? SafeValue(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetValue(ordinal);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    private static long? ReadId(object? value)
    {
        try
        {
            return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }

    private static async Task<SignedHash?> LatestCheckpointAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """SELECT "EntryId", "Hash", "Signature" FROM "AuditCheckpoints" ORDER BY "EntryId" DESC, "Id" DESC LIMIT 1""";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new SignedHash(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    private static async Task<List<SignedHash>> SealsAfterAsync(DbTransaction transaction, long startsAfter, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        // Seals of pruned entries stay behind; the checkpoint vouches for those entries now.
        command.CommandText = """SELECT "EntryId", "Hash", "Signature" FROM "AuditSeals" WHERE "EntryId" > @start ORDER BY "EntryId", "Id" """;
        AddParameter(command, "start", startsAfter);
        var seals = new List<SignedHash>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seals.Add(new SignedHash(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return seals;
    }

    private static void AddParameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
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

    /// <summary>
    /// Signed apart from seals (a different message), so that a seal, which anyone with the database can read,
    /// cannot be copied into a checkpoint to make verification skip the entries before it.
    /// </summary>
    private string SignCheckpoint(long entryId, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(keys[KeyRing.AuditSigning], Encoding.ASCII.GetBytes($"checkpoint\n{entryId}\n{hash}")));

    private static bool SignatureMatches(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

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

    private sealed record ChainLink(long Id, string Hash);

    private sealed record SignedHash(long EntryId, string Hash, string Signature);
}

public sealed record AuditVerification(bool Ok, long Entries, long? BrokenEntryId, string? Reason)
{
    /// <summary>The checkpoint the chain was verified from (0: the start).</summary>
    internal long StartsAfter { get; init; }

    /// <summary>The verified hash of the entry a prune asked about.</summary>
    internal string? WatchedHash { get; init; }

    public static AuditVerification Intact(long entries) => new(true, entries, null, null);

    public static AuditVerification Broken(long id, string reason) => new(false, 0, id, reason);
}

/// <summary>What a prune did: how many entries it deleted and the entry its new checkpoint signs (none: nothing to prune).</summary>
public sealed record AuditPruneOutcome(int Deleted, long? CheckpointEntryId);
