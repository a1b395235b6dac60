using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;

namespace Slagboom.Core.Signals;

/// <summary>How far an import got: rows read, imported, skipped (already there), bad, and the pace.</summary>
public sealed record ImportProgress(long Read, long Imported, long Skipped, long Bad, double RowsPerSecond);

/// <param name="Publish">Publish the imported signals; otherwise they are drafts.</param>
/// <param name="BatchSize">Rows per transaction (1 to <see cref="SignalImport.MaxBatchSize"/>).</param>
/// <param name="ExpectedRows">
/// About how many rows the source holds (a line count will do), when known. Only used to choose a bulk load: an
/// import of at least <see cref="BulkLoadMinRows"/> rows (by default <see cref="SignalImport.BulkLoadMinRows"/>), and
/// of no fewer than the signals already stored, builds the secondary and full-text indexes after its rows are in
/// (<see cref="DeferredIndexes"/>).
/// </param>
/// <param name="BulkLoadMinRows">The smallest import that may defer indexes.</param>
public sealed record ImportOptions(bool Publish = false, int BatchSize = SignalImport.DefaultBatchSize, long? ExpectedRows = null,
    long BulkLoadMinRows = SignalImport.BulkLoadMinRows);

/// <summary>
/// Bulk import of signals on behalf of one user, whose organisation owns them. Every row goes through the checks
/// of <see cref="SignalService"/>; bad rows are reported while good rows go in. Rows are stored in batches, each in
/// one transaction, so a crash leaves whole batches only; a row whose <c>externalId</c> the organisation already
/// has is skipped, so a rerun completes an interrupted import and a repeated one changes nothing. While one batch
/// is written (<see cref="SignalBulkStore"/>), the next is read, checked and prepared on the other core. A large
/// import into a smaller database (a first load, a migration from another system) defers the indexes that are
/// cheaper to build once than to grow row by row (<see cref="DeferredIndexes"/>, ADR 0007); they are built before
/// the import returns, so its data is fully queryable when it reports, and at the next start if it was killed.
/// </summary>
public sealed class SignalImport(AppDbContext db, UserManager<User> users, Viewers viewers, SignalService signals, SignalBulkStore bulk,
    DeferredIndexes deferred, Search.SearchMirror mirror, TimeProvider clock)
{
    /// <summary>The smallest import that defers indexes by default (it must also be no smaller than what is stored).</summary>
    public const long BulkLoadMinRows = 50_000;

    /// <summary>
    /// After an import of at least this many signals, and after a bulk load, the database is tidied for readers
    /// (<see cref="SignalBulkStore.TidyAfterImportAsync"/>).
    /// </summary>
    public const int TidyAfter = 10_000;

    public const int DefaultBatchSize = 1000;
    public const int MaxBatchSize = 10_000;

    /// <summary>The user an import acts for: a member or analyst, by e-mail address.</summary>
    public async Task<Result<Actor>> ActorForAsync(string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.IsDisabled)
        {
            return new NotFound($"No enabled user '{email}'.");
        }

        var actor = new Actor(user.Id, user.OrganisationId, (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal));
        return (await viewers.ForAsync(actor, cancellationToken)).SeesContent
            ? actor
            : new Forbidden($"'{email}' is neither a member nor an analyst, so cannot own signals.");
    }

    public async Task<Result<ImportProgress>> RunAsync(Actor actor, string source, IAsyncEnumerable<ImportRow> rows, ImportOptions options,
        Func<ImportProblem, Task> onProblem, Func<ImportProgress, Task> onProgress, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent)
        {
            return new Forbidden("Only members and analysts import signals.");
        }

        // Checking a row must not touch the database while the previous batch is being written.
        await signals.LoadCatalogueAsync(cancellationToken);
        var size = Math.Clamp(options.BatchSize, 1, MaxBatchSize);
        var bulkLoad = options.ExpectedRows >= options.BulkLoadMinRows && options.ExpectedRows >= await db.Signals.LongCountAsync(cancellationToken);
        var deferring = bulkLoad;
        var subject = $"import:{source}";
        var started = clock.GetTimestamp();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long read = 0, imported = 0, skipped = 0, bad = 0;
        var batch = new List<ImportRow>(size);
        (Task<BulkOutcome> Store, int FirstLine, int LastLine)? writing = null;
        // The search mirror follows the committed batches on connections of its own, beside the writer (ADR 0008).
        Task following = Task.CompletedTask;
        ImportProgress Progress()
        {
            var seconds = clock.GetElapsedTime(started).TotalSeconds;
            return new ImportProgress(read, imported, skipped, bad, seconds > 0 ? read / seconds : 0);
        }

        // Waits for the batch being written, and reports it.
        async Task<Error?> CompleteAsync()
        {
            if (writing is not var (store, first, last))
            {
                return null;
            }

            writing = null;
            try
            {
                var outcome = await store;
                imported += outcome.Stored;
                skipped += outcome.Skipped;
                if (outcome.Stored > 0 && following.IsCompleted)
                {
                    following = Task.Run(() => mirror.TryCatchUpAsync("during an import", cancellationToken), cancellationToken);
                }
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
            {
                return new Conflict($"The database refused the batch of lines {first}–{last} ({(e.InnerException ?? e).Message}); " +
                    "nothing of it was stored. Run the import again to complete it.");
            }
            finally
            {
                // Batches are independent: keep memory flat on a long file.
                db.ChangeTracker.Clear();
            }

            await onProgress(Progress());
            return null;
        }

        // Checks and prepares a batch on this thread while the previous one is written on another.
        async Task<Error?> FlushAsync()
        {
            var good = new List<(string, SignalService.CheckedSignal)>(batch.Count);
            foreach (var row in batch)
            {
                // Named twice in this file: the first one counts. Rows the organisation already has are skipped when stored.
                if (!seen.Add(row.ExternalId!))
                {
                    skipped++;
                    continue;
                }

                var checkedRow = await signals.CheckAsync(viewer, row.Input!, cancellationToken);
                if (!checkedRow.Ok)
                {
                    bad++;
                    seen.Remove(row.ExternalId!);
                    foreach (var problem in Problems(row.Line, checkedRow.Error!))
                    {
                        await onProblem(problem);
                    }

                    continue;
                }

                good.Add((row.ExternalId!, checkedRow.Value!));
            }

            var prepared = good.Count > 0 ? bulk.Prepare(actor, viewer, good, options.Publish) : null;
            var (firstLine, lastLine) = (batch[0].Line, batch[^1].Line);
            batch.Clear();
            if (await CompleteAsync() is { } failed)
            {
                return failed;
            }

            if (prepared is null)
            {
                await onProgress(Progress());
                return null;
            }

            writing = (Task.Run(() => bulk.StoreAsync(actor, viewer, prepared, options.Publish, subject, cancellationToken), cancellationToken), firstLine, lastLine);
            return null;
        }

        try
        {
            if (deferring)
            {
                await deferred.DropAsync(cancellationToken);
            }

            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                read++;
                if (row.Problems.Count > 0)
                {
                    bad++;
                    foreach (var problem in row.Problems)
                    {
                        await onProblem(problem);
                    }

                    continue;
                }

                batch.Add(row);
                if (batch.Count == size && await FlushAsync() is { } failed)
                {
                    return failed;
                }
            }

            if (batch.Count > 0 && await FlushAsync() is { } failedLast)
            {
                return failedLast;
            }

            if (await CompleteAsync() is { } failedWrite)
            {
                return failedWrite;
            }

            if (deferring)
            {
                await deferred.RestoreAsync(cancellationToken);
                deferring = false;
            }

            if (imported >= TidyAfter || bulkLoad)
            {
                await bulk.TidyAfterImportAsync(cancellationToken);
            }

            // This instance's search mirror has the new documents before the import returns, inside its time (ADR 0008):
            // this catch-up waits for one still following. Other instances take them at their next search. Derived data:
            // should it fail, the import stands.
            await mirror.TryCatchUpAsync("after an import", cancellationToken);

            return Progress();
        }
        finally
        {
            // An error or cancellation while a batch is written: let the write finish or roll back before the context goes.
            if (writing is var (store, _, _))
            {
                try
                {
                    await store;
                }
                catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or OperationCanceledException)
                {
                }
            }

            try
            {
                // A catch-up still following (the import stopped early) has connections of its own, but ends before the import.
                await following;
            }
            catch (OperationCanceledException)
            {
            }

            // Stopped early: what went in is committed and must be findable.
            if (deferring)
            {
                await deferred.RestoreAsync(CancellationToken.None);
            }
        }
    }

    private static IEnumerable<ImportProblem> Problems(int line, Error error) =>
        error is Invalid invalid
            ? invalid.Fields.SelectMany(f => f.Value.Select(m => new ImportProblem(line, f.Key, m)))
            : [new ImportProblem(line, "row", error.Message)];
}
