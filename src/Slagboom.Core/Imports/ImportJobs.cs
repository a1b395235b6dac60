using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;

namespace Slagboom.Core.Imports;

public sealed record ImportProblemView(int Line, string Field, string Message);

/// <summary>How an import stands, for its owner: rows done of the total, the counts, the bad rows kept, and whether it is over.</summary>
public sealed record ImportJobView(
    string Id,
    string FileName,
    string Format,
    bool Publish,
    string Status,
    bool Finished,
    long Total,
    long Done,
    long Imported,
    long Skipped,
    long Bad,
    IReadOnlyList<ImportProblemView> Problems,
    bool ProblemsTruncated,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);

/// <summary>
/// Imports from the web UI: an uploaded file (as <c>slagboom import</c> reads it) is checked for size and format,
/// recorded as an <see cref="ImportJob"/>, and queued for <see cref="ImportWorker"/>, which runs it through
/// <see cref="SignalImport"/> — the command line's own path — and writes its progress to the record. One import per
/// user at a time; only the user who started an import sees it (anyone else gets not found). Starting and ending an
/// import are audited; <see cref="SignalImport"/> audits every stored batch.
/// </summary>
public sealed class ImportJobs(AppDbContext db, Viewers viewers, PendingImports queue, SignalImport import, AuditTrail audit, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxProblemsKept = 1000;
    public const int MaxListed = 50;
    public const int BatchSize = 200;
    public const int MaxFileNameLength = 200;

    /// <summary>A queued or running import whose record has not moved for this long was cut off (a restart) and counts as failed.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    public const string BusyMessage = "You already have an import running; wait until it has finished.";
    public const string QueueFullMessage = "Too many imports are queued; try again in a few minutes.";
    public const string InterruptedMessage = "The import was interrupted (the server restarted). Upload the file again: rows already imported are skipped.";

    public async Task<Result<ImportJobView>> StartAsync(Actor actor, string email, string? fileName, string? format, bool publish, byte[] content, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent || actor.UserId is null)
        {
            return new Forbidden("Only members and analysts import signals.");
        }

        if (content.Length == 0)
        {
            return new Invalid("file", "The file is empty.");
        }

        if (content.Length > MaxBytes)
        {
            return new Invalid("file", $"A file may hold at most {MaxBytes / (1024 * 1024)} MB.");
        }

        var name = Path.GetFileName(fileName ?? "").Trim();
        name = name.Length == 0 ? "upload" : name.Length > MaxFileNameLength ? name[..MaxFileNameLength] : name;
        var kind = string.IsNullOrEmpty(format) ? FormatOf(name) : SignalImportFile.Formats.Contains(format) ? format : null;
        if (kind is null)
        {
            return new Invalid("format", "Use csv or jsonl, or name the file .csv or .jsonl.");
        }

        await ExpireStaleAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var job = new ImportJob
        {
            Id = Ids.New(),
            UserId = actor.UserId,
            OrganisationId = viewer.OrganisationId,
            FileName = name,
            Format = kind,
            Publish = publish,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using (var transaction = await UnitOfWork.BeginAsync(db, cancellationToken))
        {
            if (await db.ImportJobs.AnyAsync(j => j.UserId == actor.UserId && (j.Status == ImportStatus.Queued || j.Status == ImportStatus.Running), cancellationToken))
            {
                return new Conflict(BusyMessage);
            }

            db.ImportJobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(new AuditEvent("import.start", Subject(job.Id), AuditOutcome.Ok, actor.UserId, actor.OrganisationId), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (!queue.TryEnqueue(new ImportWork(job.Id, email, content)))
        {
            await FinishAsync(job.Id, ImportStatus.Failed, QueueFullMessage, cancellationToken);
            return new Conflict(QueueFullMessage);
        }

        return ToView(job);
    }

    /// <summary>The user's own import; not found for anyone else's.</summary>
    public async Task<Result<ImportJobView>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var job = actor.UserId is null || id.Length > 64 ? null
            : await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.UserId == actor.UserId, cancellationToken);
        return job is null ? new NotFound("No such import.") : ToView(job);
    }

    /// <summary>The user's latest imports, newest first, without their bad rows.</summary>
    public async Task<IReadOnlyList<ImportJobView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var jobs = await db.ImportJobs.AsNoTracking().Where(j => j.UserId == actor.UserId)
            .OrderByDescending(j => j.CreatedAt).Take(MaxListed).ToListAsync(cancellationToken);
        return [.. jobs.Select(j => ToView(j) with { Problems = [] })];
    }

    /// <summary>Runs one queued import to its end (called by <see cref="ImportWorker"/>): finished, or failed with the reason.</summary>
    public async Task RunAsync(ImportWork work, CancellationToken cancellationToken)
    {
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == work.JobId, cancellationToken);
        if (job is null || ImportStatus.IsOver(job.Status))
        {
            return;
        }

        var started = clock.GetUtcNow().UtcDateTime;
        await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, ImportStatus.Running).SetProperty(j => j.StartedAt, started).SetProperty(j => j.UpdatedAt, started), cancellationToken);

        // The account is looked up again: one disabled (or stripped of its roles) since the upload imports nothing.
        var actor = await import.ActorForAsync(work.Email, cancellationToken);
        if (!actor.Ok || actor.Value!.UserId != job.UserId)
        {
            await FinishAsync(job.Id, ImportStatus.Failed, "The account may no longer import signals.", cancellationToken);
            return;
        }

        long total = 0;
        await foreach (var _ in SignalImportFile.ReadAsync(job.Format, Reader(work.Content), cancellationToken))
        {
            total++;
        }

        await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Total, total), cancellationToken);
        var problems = new List<ImportProblem>();
        ImportProgress? last = null;
        var outcome = await import.RunAsync(actor.Value, job.FileName, SignalImportFile.ReadAsync(job.Format, Reader(work.Content), cancellationToken),
            new ImportOptions(job.Publish, BatchSize, ExpectedRows: total),
            problem =>
            {
                if (problems.Count < MaxProblemsKept)
                {
                    problems.Add(problem);
                }

                return Task.CompletedTask;
            },
            async progress =>
            {
                last = progress;
                await SaveProgressAsync(job.Id, progress, problems, cancellationToken);
            },
            cancellationToken);
        if (outcome.Ok)
        {
            await SaveProgressAsync(job.Id, outcome.Value!, problems, cancellationToken);
            await FinishAsync(job.Id, ImportStatus.Finished, null, cancellationToken);
        }
        else
        {
            if (last is not null)
            {
                await SaveProgressAsync(job.Id, last, problems, cancellationToken);
            }

            await FinishAsync(job.Id, ImportStatus.Failed, outcome.Error!.Message, cancellationToken);
        }
    }

    /// <summary>Ends an import (audited as <c>import.finish</c>, outcome ok or failed).</summary>
    public async Task FinishAsync(string id, string status, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var job = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
        {
            return;
        }

        var cut = error is { Length: > 1000 } ? error[..1000] : error;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status).SetProperty(j => j.Error, cut)
            .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        await audit.AppendAsync(new AuditEvent("import.finish", Subject(id), status == ImportStatus.Finished ? AuditOutcome.Ok : AuditOutcome.Failed,
            job.UserId, job.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Marks imports that were cut off (no progress for <see cref="StaleAfter"/>) as failed, so their users may start again.</summary>
    public async Task ExpireStaleAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetUtcNow().UtcDateTime - StaleAfter;
        var stale = await db.ImportJobs.AsNoTracking()
            .Where(j => (j.Status == ImportStatus.Queued || j.Status == ImportStatus.Running) && j.UpdatedAt < before)
            .Select(j => j.Id).ToListAsync(cancellationToken);
        foreach (var id in stale)
        {
            await FinishAsync(id, ImportStatus.Failed, InterruptedMessage, cancellationToken);
        }
    }

    private async Task SaveProgressAsync(string id, ImportProgress progress, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var json = JsonSerializer.Serialize(problems.Select(p => new ImportProblemView(p.Line, p.Field, p.Message)), JsonOptions);
        await db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Read, progress.Read).SetProperty(j => j.Imported, progress.Imported)
            .SetProperty(j => j.Skipped, progress.Skipped).SetProperty(j => j.Bad, progress.Bad)
            .SetProperty(j => j.Problems, json).SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static StreamReader Reader(byte[] content) =>
        new(new MemoryStream(content, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    private static string Subject(string id) => "import:" + id;

    /// <summary>The format a file's name says: <c>.csv</c> is CSV; <c>.jsonl</c>, <c>.ndjson</c> and <c>.json</c> are JSON lines.</summary>
    public static string? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => SignalImportFile.Csv,
        ".jsonl" or ".ndjson" or ".json" => SignalImportFile.JsonLines,
        _ => null,
    };

    private static ImportJobView ToView(ImportJob j)
    {
        var problems = JsonSerializer.Deserialize<List<ImportProblemView>>(j.Problems, JsonOptions) ?? [];
        return new ImportJobView(j.Id, j.FileName, j.Format, j.Publish, j.Status, ImportStatus.IsOver(j.Status), j.Total, j.Read, j.Imported, j.Skipped, j.Bad,
            problems, j.Bad > 0 && problems.Count >= MaxProblemsKept, j.Error, j.CreatedAt, j.StartedAt, j.FinishedAt);
    }
}
