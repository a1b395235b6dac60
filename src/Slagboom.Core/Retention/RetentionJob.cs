using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Retention;

/// <summary>What one retention run deleted, and how many expired signals a legal hold kept.</summary>
public sealed record RetentionRun(int Signals, int Attachments, int Observables, int Pseudonyms, int Held);

/// <summary>
/// Deletes what has outlived its retention period: signals unchanged for <see cref="RetentionSettings.SignalMonths"/>
/// (all signals count as "not in a case" until cases exist) unless under legal hold, with their observable links,
/// attachments (rows and encrypted files), the observables no signal names any more and their pseudonyms. Every
/// deletion is written to the audit trail in the same transaction as the deletion itself.
/// </summary>
public sealed class RetentionJob(AppDbContext db, AuditTrail audit, TimeProvider clock, RetentionSettings retention, SlagboomSettings settings, ILogger<RetentionJob> logger)
{
    public const string DeleteAction = "retention.delete";
    private const int BatchSize = 200;

    public async Task<RetentionRun> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddMonths(-retention.SignalMonths);
        int signals = 0, attachments = 0, observables = 0, pseudonyms = 0;
        while (true)
        {
            var batch = await DeleteBatchAsync(cutoff, cancellationToken);
            signals += batch.Signals;
            attachments += batch.Attachments;
            observables += batch.Observables;
            pseudonyms += batch.Pseudonyms;
            // Fewer than asked for: nothing expired is left (or the rest was taken by another instance's run).
            if (batch.Candidates < BatchSize || batch.Signals == 0)
            {
                break;
            }
        }

        if (!db.Database.IsNpgsql())
        {
            // A database that grows by daily use has its planner's statistics renewed daily too.
            await db.Database.ExecuteSqlRawAsync(DatabaseSetup.SqliteSignalStatistics, cancellationToken);
        }

        // The search mirrors' feed keeps a change only as long as a mirror may take to come back (ADR 0008).
        var changes = await Search.SearchMirror.TrimChangesAsync(db, clock.GetUtcNow() - Search.SearchMirror.ChangesKept, cancellationToken);
        if (changes > 0)
        {
            logger.LogInformation("Retention trimmed {Changes} change(s) from the search mirrors' feed", changes);
        }

        var held = await db.Signals.CountAsync(s => s.LegalHold && s.UpdatedAt < cutoff, cancellationToken);
        if (signals > 0)
        {
            logger.LogInformation("Retention deleted {Signals} signal(s), {Attachments} attachment(s), {Observables} observable(s) and {Pseudonyms} pseudonym record(s); {Held} expired signal(s) kept under legal hold",
                signals, attachments, observables, pseudonyms, held);
        }

        return new RetentionRun(signals, attachments, observables, pseudonyms, held);
    }

    private async Task<Batch> DeleteBatchAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files;
        Batch result;
        await using (var transaction = await UnitOfWork.BeginAsync(db, cancellationToken))
        {
            // SQLite: the transaction already holds the write lock, so what it reads stays true until it commits.
            var candidates = await db.Signals.AsNoTracking()
                .Where(s => !s.LegalHold && s.UpdatedAt < cutoff)
                .OrderBy(s => s.UpdatedAt).ThenBy(s => s.Id)
                .Select(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return new Batch(0, 0, 0, 0, 0);
            }

            var ids = await LockExpiredAsync(candidates, cutoff, cancellationToken);
            var purged = await PurgeAsync(ids, id => new AuditEvent(DeleteAction, $"signal:{id}"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            files = purged.AttachmentIds;
            result = new Batch(candidates.Count, purged.Signals, purged.AttachmentIds.Count, purged.Observables, purged.Pseudonyms);
        }

        // Files only after the rows are gone for good: a rolled-back run must not leave rows without their files.
        DeleteFiles(files);

        return result;
    }

    /// <summary>
    /// Deletes the given signals with their observable links and attachment rows, the observables no signal names
    /// any more and their pseudonyms, and writes each deletion to the audit trail — all inside the caller's
    /// transaction. The caller deletes the attachment files (<see cref="DeleteFiles"/>) once it has committed.
    /// </summary>
    public async Task<Purge> PurgeAsync(List<string> ids, Func<string, AuditEvent> signalEntry, CancellationToken cancellationToken = default)
    {
        var attachmentIds = await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.SignalId)).Select(a => a.Id).ToListAsync(cancellationToken);
        var linked = await db.SignalObservables.AsNoTracking().Where(l => ids.Contains(l.SignalId)).Select(l => l.ObservableId).Distinct().ToListAsync(cancellationToken);

        await db.SignalObservables.Where(l => ids.Contains(l.SignalId)).ExecuteDeleteAsync(cancellationToken);
        await db.Attachments.Where(a => ids.Contains(a.SignalId)).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Signals.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);

        // An observable goes when no signal names it any more; one still named by a living signal stays.
        var orphans = await LockUnlinkedObservablesAsync(linked, cancellationToken);
        var pseudonymsDeleted = await db.Pseudonyms.Where(p => orphans.Contains(p.ObservableId)).ExecuteDeleteAsync(cancellationToken);
        var observablesDeleted = await db.Observables.Where(o => orphans.Contains(o.Id)).ExecuteDeleteAsync(cancellationToken);

        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            await audit.AppendAsync(signalEntry(id), cancellationToken);
        }

        foreach (var id in orphans.Order(StringComparer.Ordinal))
        {
            await audit.AppendAsync(new AuditEvent(DeleteAction, $"observable:{id}"), cancellationToken);
        }

        return new Purge(deleted, attachmentIds, observablesDeleted, pseudonymsDeleted);
    }

    /// <summary>Deletes attachment files after the rows are gone for good.</summary>
    public void DeleteFiles(IEnumerable<string> attachmentIds)
    {
        foreach (var id in attachmentIds)
        {
            DeleteFile(id);
        }
    }

    /// <summary>
    /// The candidates that are still expired and not held, locked until the transaction ends so that a legal hold
    /// or an edit committed meanwhile is respected (PostgreSQL; on SQLite the write transaction already excludes
    /// other writers).
    /// </summary>
    private async Task<List<string>> LockExpiredAsync(List<string> candidates, DateTime cutoff, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return candidates;
        }

        var ids = candidates.ToArray();
        return await db.Database.SqlQuery<string>(
            $"""SELECT "Id" AS "Value" FROM "Signals" WHERE "Id" = ANY({ids}) AND NOT "LegalHold" AND "UpdatedAt" < {cutoff} ORDER BY "Id" FOR UPDATE""")
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Of <paramref name="observableIds"/>, those no signal links any more. On PostgreSQL the observables are locked
    /// first, so that a signal being saved at this moment with one of them either commits before (and keeps it) or
    /// waits until it is gone.
    /// </summary>
    private async Task<List<string>> LockUnlinkedObservablesAsync(List<string> observableIds, CancellationToken cancellationToken)
    {
        if (observableIds.Count == 0)
        {
            return [];
        }

        if (db.Database.IsNpgsql())
        {
            var ids = observableIds.ToArray();
            await db.Database.SqlQuery<string>($"""SELECT "Id" AS "Value" FROM "Observables" WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR UPDATE""")
                .ToListAsync(cancellationToken);
        }

        return await db.Observables.AsNoTracking()
            .Where(o => observableIds.Contains(o.Id) && !db.SignalObservables.Any(l => l.ObservableId == o.Id))
            .Select(o => o.Id).ToListAsync(cancellationToken);
    }

    private void DeleteFile(string attachmentId)
    {
        // Ids are server-made; still, never let one reach outside the attachments folder.
        if (string.IsNullOrEmpty(attachmentId) || Path.GetFileName(attachmentId) != attachmentId || attachmentId is "." or "..")
        {
            return;
        }

        var path = Path.Combine(settings.DataFolder, "attachments", attachmentId);
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Retention could not delete the attachment file {Path}; its row is gone", path);
        }
    }

    public sealed record Purge(int Signals, IReadOnlyList<string> AttachmentIds, int Observables, int Pseudonyms);

    private sealed record Batch(int Candidates, int Signals, int Attachments, int Observables, int Pseudonyms);
}
