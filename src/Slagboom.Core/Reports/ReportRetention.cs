using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Retention;

namespace Slagboom.Core.Reports;

/// <summary>
/// Deletes closed reports <see cref="RetentionSettings.ClosedReportDays"/> after their last change — with their
/// messages, their attachment rows (cascade) and their encrypted files — one audit entry per report
/// (<c>retention.delete</c>, <c>report:{id}</c>) in the transaction that deletes it. Reports still received or being
/// handled are kept: an unhandled report is still needed (the triage inbox shows its age). A signal made from a
/// report keeps the signal retention. Runs with the retention schedule (docs/reporting.md).
/// </summary>
public sealed class ReportRetention(AppDbContext db, AuditTrail audit, TimeProvider clock, RetentionSettings retention, ReportService reports, ILogger<ReportRetention> logger) : IRetentionStep
{
    private const int BatchSize = 200;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-retention.ClosedReportDays);
        var deleted = 0;
        while (true)
        {
            List<string> ids;
            List<string> files;
            await using (var transaction = await UnitOfWork.BeginAsync(db, cancellationToken))
            {
                // SQLite: the transaction holds the write lock, so what it reads stays true until it commits.
                ids = await db.Reports.AsNoTracking()
                    .Where(r => r.Status == ReportStatus.Closed && r.UpdatedAt < cutoff)
                    .OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id)
                    .Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
                if (db.Database.IsNpgsql() && ids.Count > 0)
                {
                    // Locked, and checked again: a report reopened (or answered) meanwhile stays.
                    var candidates = ids.ToArray();
                    ids = await db.Database.SqlQuery<string>(
                        $"""SELECT "Id" AS "Value" FROM "Reports" WHERE "Id" = ANY({candidates}) AND "Status" = {ReportStatus.Closed} AND "UpdatedAt" < {cutoff} ORDER BY "Id" FOR UPDATE""")
                        .ToListAsync(cancellationToken);
                }

                if (ids.Count == 0)
                {
                    break;
                }

                files = await db.ReportAttachments.AsNoTracking().Where(a => ids.Contains(a.ReportId)).Select(a => a.Id).ToListAsync(cancellationToken);
                await db.Reports.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
                foreach (var id in ids.Order(StringComparer.Ordinal))
                {
                    await audit.AppendAsync(new AuditEvent(RetentionJob.DeleteAction, $"report:{id}"), cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            // Files only after the rows are gone for good: a rolled-back run must not leave rows without their files.
            foreach (var file in files)
            {
                File.Delete(reports.PathOf(file));
            }

            deleted += ids.Count;
            if (ids.Count < BatchSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation("Retention deleted {Reports} closed report(s) unchanged for {Days} days", deleted, retention.ClosedReportDays);
        }

        return deleted;
    }
}
