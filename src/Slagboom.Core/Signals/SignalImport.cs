using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;

namespace Slagboom.Core.Signals;

/// <summary>How far an import got: rows read, imported, skipped (already there), bad, and the pace.</summary>
public sealed record ImportProgress(long Read, long Imported, long Skipped, long Bad, double RowsPerSecond);

public sealed record ImportOptions(bool Publish = false, int BatchSize = SignalImport.DefaultBatchSize);

/// <summary>
/// Bulk import of signals on behalf of one user, whose organisation owns them. Every row goes through the checks
/// of <see cref="SignalService"/>; bad rows are reported while good rows go in. Rows are stored in batches, each in
/// one transaction, so a crash leaves whole batches only; a row whose <c>externalId</c> the organisation already
/// has is skipped, so a rerun completes an interrupted import and a repeated one changes nothing.
/// </summary>
public sealed class SignalImport(AppDbContext db, UserManager<User> users, Viewers viewers, SignalService signals, SignalBulkStore bulk, TimeProvider clock)
{
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

        var size = Math.Clamp(options.BatchSize, 1, MaxBatchSize);
        var subject = $"import:{source}";
        var started = clock.GetTimestamp();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long read = 0, imported = 0, skipped = 0, bad = 0;
        var batch = new List<ImportRow>(size);
        ImportProgress Progress()
        {
            var seconds = clock.GetElapsedTime(started).TotalSeconds;
            return new ImportProgress(read, imported, skipped, bad, seconds > 0 ? read / seconds : 0);
        }

        async Task<Error?> FlushAsync()
        {
            var ids = batch.Select(r => r.ExternalId!).ToList();
            var existing = (await db.Signals.AsNoTracking()
                .Where(s => s.OwnerOrganisationId == viewer.OrganisationId && ids.Contains(s.ExternalId!))
                .Select(s => s.ExternalId!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var good = new List<(string, SignalService.CheckedSignal)>();
            foreach (var row in batch)
            {
                // Already stored, or named twice in this file: the first one counts.
                if (existing.Contains(row.ExternalId!) || !seen.Add(row.ExternalId!))
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

            if (good.Count > 0)
            {
                try
                {
                    await bulk.StoreAsync(actor, viewer, good, options.Publish, subject, cancellationToken);
                }
                catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
                {
                    return new Conflict($"The database refused the batch of lines {batch[0].Line}–{batch[^1].Line} ({(e.InnerException ?? e).Message}); " +
                        "nothing of it was stored. Run the import again to complete it.");
                }
                finally
                {
                    // Batches are independent: keep memory flat on a long file.
                    db.ChangeTracker.Clear();
                }

                imported += good.Count;
            }

            batch.Clear();
            await onProgress(Progress());
            return null;
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

        return Progress();
    }

    private static IEnumerable<ImportProblem> Problems(int line, Error error) =>
        error is Invalid invalid
            ? invalid.Fields.SelectMany(f => f.Value.Select(m => new ImportProblem(line, f.Key, m)))
            : [new ImportProblem(line, "row", error.Message)];
}
