using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Attachments;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Hosting;
using Slagboom.Core.Signals;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Mainports;

namespace Slagboom.Core.Reports;

/// <summary>
/// The reporting channels: anonymous reports opened with a receipt, staff reports of signed-in members, and the
/// receiving analysts' side (read with a purpose, ask, answer, set status, make a draft signal). A report is read
/// only by its reporter (with the receipt, or as the staff member who wrote it) and by the analysts of the
/// organisations that receive reports for its mainport; for everyone else it does not exist.
/// </summary>
public sealed class ReportService(
    AppDbContext db,
    ReportSealing sealing,
    Receipts receipts,
    ReportingSetup setup,
    SignalService signals,
    AuditTrail audit,
    AnonymousReportSettings settings,
    SlagboomSettings paths,
    TimeProvider clock)
{
    public const int MaxTextLength = 20_000;
    public const int MaxAnswerLength = 2_000;
    public const int MaxAnswers = 20;
    public const int MaxMessageLength = 5_000;
    public const int MaxFiles = 3;
    public const int MaxPurposeLength = 400;

    public string AttachmentFolder => Path.Combine(paths.DataFolder, "report-attachments");

    // ---- The anonymous reporter ----

    /// <summary>Stores an anonymous report and returns its receipt, which exists nowhere else from then on.</summary>
    public async Task<Result<string>> SubmitAnonymousAsync(AnonymousReportInput input, IReadOnlyList<ReportUpload>? files = null, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var mainport = MainportCode.Parse(input.Mainport);
        if (mainport is null)
        {
            errors.Add("mainport", $"A mainport is required: one of {string.Join(", ", MainportCode.All)}.");
        }

        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength)
        {
            errors.Add("text", $"A text of 1 to {MaxTextLength:N0} characters is required.");
        }

        var answers = new List<ReportAnswer>();
        var given = input.Answers ?? [];
        if (given.Count > MaxAnswers)
        {
            errors.Add("answers", $"At most {MaxAnswers} answers.");
        }
        else if (mainport is not null)
        {
            var questions = (await setup.QuestionsAsync(mainport, cancellationToken)).ToDictionary(q => q.Key, StringComparer.Ordinal);
            foreach (var (name, value) in given)
            {
                var answer = value?.Trim();
                if (string.IsNullOrEmpty(answer))
                {
                    continue;
                }

                if (name.Length > 100 || answer.Length > MaxAnswerLength)
                {
                    errors.Add($"answers.{(name.Length > 100 ? name[..100] : name)}", $"An answer has at most {MaxAnswerLength:N0} characters.");
                    continue;
                }

                answers.Add(new ReportAnswer(name, questions.TryGetValue(name, out var q) ? q.Dutch : name, answer));
            }
        }

        var read = await ReadFilesAsync(files, errors, cancellationToken);
        if (errors.Any)
        {
            return errors.ToError();
        }

        var receipt = Receipts.New();
        var now = Now;
        var report = NewReport(ReportChannel.Anonymous, mainport!, now, new ReportContent(text!, answers), out var key);
        report.ReceiptHash = receipts.Hash(receipt);
        report.ReporterActiveAt = now;
        await StoreAsync(report, key, read, new AuditEvent("report.create", $"report:{report.Id}", AuditOutcome.Ok, Recipients: ReportChannel.Anonymous), cancellationToken);
        return receipt;
    }

    /// <summary>
    /// The report a receipt opens, as its reporter reads it. Every receipt that opens nothing — missing, malformed,
    /// unknown, replaced, expired — gets the same not-found after the same work (one HMAC, one indexed lookup).
    /// Using the receipt counts as activity: access ends <see cref="AnonymousReportSettings.ReporterAccessDays"/> after the last use.
    /// </summary>
    public async Task<Result<ReporterView>> OpenAsync(string? receipt, CancellationToken cancellationToken = default)
    {
        var report = await FindByReceiptAsync(receipt, cancellationToken);
        if (report is null)
        {
            return Miss();
        }

        report.ReporterActiveAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        return await ReporterViewAsync(report, cancellationToken);
    }

    /// <summary>The reporter answers or adds something.</summary>
    public async Task<Result<ReporterView>> ReplyAsync(string? receipt, string? text, CancellationToken cancellationToken = default)
    {
        var report = await FindByReceiptAsync(receipt, cancellationToken);
        if (report is null)
        {
            return Miss();
        }

        var message = text?.Trim();
        if (string.IsNullOrEmpty(message) || message.Length > MaxMessageLength)
        {
            return new Invalid("text", $"A message of 1 to {MaxMessageLength:N0} characters is required.");
        }

        var key = sealing.Unwrap(report.Id, report.WrappedKey);
        var now = Now;
        report.ReporterActiveAt = now;
        report.UpdatedAt = now;
        AddMessage(report, key, MessageFrom.Reporter, null, message, now);
        await db.SaveChangesAsync(cancellationToken);
        return await ReporterViewAsync(report, cancellationToken);
    }

    /// <summary>Gives the report a new receipt; the old one stops working at once.</summary>
    public async Task<Result<string>> ReplaceReceiptAsync(string? receipt, CancellationToken cancellationToken = default)
    {
        var report = await FindByReceiptAsync(receipt, cancellationToken);
        if (report is null)
        {
            return Miss();
        }

        var fresh = Receipts.New();
        report.ReceiptHash = receipts.Hash(fresh);
        report.ReporterActiveAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        return fresh;
    }

    private async Task<Report?> FindByReceiptAsync(string? receipt, CancellationToken cancellationToken)
    {
        var hash = receipts.Hash(receipt);
        var report = await db.Reports.FirstOrDefaultAsync(r => r.ReceiptHash == hash, cancellationToken);
        if (report is null)
        {
            return null;
        }

        if (report.ReporterActiveAt is null || Now - report.ReporterActiveAt.Value > settings.ReporterAccess)
        {
            // Access has ended: forget the receipt's hash, so that the receipt is an ordinary miss from now on.
            report.ReceiptHash = null;
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        return report;
    }

    private static NotFound Miss() => new("No report opens with this receipt.");

    private async Task<ReporterView> ReporterViewAsync(Report report, CancellationToken cancellationToken)
    {
        var key = sealing.Unwrap(report.Id, report.WrappedKey);
        var content = ReportSealing.OpenContent(key, report.Id, report.Sealed);
        return new ReporterView(content.Text, report.Status, await MessagesAsync(report.Id, key, cancellationToken))
        {
            Mainport = report.Mainport,
            Answers = content.Answers,
        };
    }

    // ---- Staff reporting ----

    /// <summary>A signed-in member or analyst reports; the report goes to the receiving organisations of the mainport with the reporter's identity.</summary>
    public async Task<Result<string>> SubmitStaffAsync(Actor actor, StaffReportInput input, CancellationToken cancellationToken = default)
    {
        if (actor.UserId is null || actor.OrganisationId is null || !Role.Content.Any(actor.Has))
        {
            return new Forbidden("Only members and analysts report through the staff channel.");
        }

        var errors = new FieldErrors();
        var mainport = MainportCode.Parse(input.Mainport);
        if (mainport is null)
        {
            errors.Add("mainport", $"A mainport is required: one of {string.Join(", ", MainportCode.All)}.");
        }

        var what = input.What?.Trim();
        if (string.IsNullOrEmpty(what) || what.Length > MaxTextLength)
        {
            errors.Add("what", $"Describe what happened in 1 to {MaxTextLength:N0} characters.");
        }

        var where = string.IsNullOrWhiteSpace(input.Where) ? null : input.Where.Trim();
        if (where?.Length > 300)
        {
            errors.Add("where", "A place has at most 300 characters.");
        }

        if (input.When is { } when && (when > clock.GetUtcNow().AddDays(1) || when.Year < 1990))
        {
            errors.Add("when", "The time must lie between 1990 and now.");
        }

        var observables = new List<ReportObservable>();
        var list = input.Observables ?? [];
        for (var i = 0; i < list.Count && i < 50; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i]?.Value))
            {
                continue;
            }

            var checkedValue = ObservableCatalogue.Normalize(list[i].Type, list[i].Value);
            if (checkedValue.Error is not null)
            {
                errors.Add($"observables[{i}].{checkedValue.Field}", checkedValue.Error);
                continue;
            }

            observables.Add(new ReportObservable(checkedValue.Type!, checkedValue.Value!));
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var report = NewReport(ReportChannel.Staff, mainport!, Now, new ReportContent(what!, [], where, input.When?.ToUniversalTime(), observables), out var key);
        report.ReporterUserId = actor.UserId;
        report.ReporterOrganisationId = actor.OrganisationId;
        await StoreAsync(report, key, [], new AuditEvent("report.create", $"report:{report.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Recipients: ReportChannel.Staff), cancellationToken);
        return report.Id;
    }

    /// <summary>The staff member's own reports with their status, newest first.</summary>
    public async Task<IReadOnlyList<OwnReport>> MineAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.UserId is null)
        {
            return [];
        }

        var rows = await db.Reports.AsNoTracking().Where(r => r.Channel == ReportChannel.Staff && r.ReporterUserId == actor.UserId)
            .OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var content = ReportSealing.OpenContent(sealing.Unwrap(r.Id, r.WrappedKey), r.Id, r.Sealed);
            return new OwnReport(r.Id, r.Mainport, r.Status, r.CreatedAt, r.UpdatedAt, content.Text);
        })];
    }

    // ---- Receiving analysts ----

    /// <summary>The reports the analyst's organisation receives, newest first; without content (opening one is audited).</summary>
    public async Task<IReadOnlyList<ReportSummary>> ListAsync(Actor actor, string? status = null, CancellationToken cancellationToken = default)
    {
        var query = Received(actor).AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(r => r.Status == status);
        }

        var rows = await query.OrderByDescending(r => r.UpdatedAt).Take(500)
            .Select(r => new
            {
                r.Id, r.Channel, r.Mainport, r.Status, r.CreatedAt, r.UpdatedAt, r.SignalId,
                Messages = r.Messages.Count,
                LastFrom = r.Messages.OrderByDescending(m => m.At).Select(m => m.From).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ReportSummary(r.Id, r.Channel, r.Mainport, r.Status, r.CreatedAt, r.UpdatedAt, r.Messages, r.LastFrom, r.SignalId))];
    }

    /// <summary>A report's list line for a receiving analyst (no content, not audited as a reading); not found for everyone else.</summary>
    public async Task<Result<ReportSummary>> SummaryAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var found = (await ListOneAsync(actor, id, cancellationToken));
        return found is null ? new NotFound("No such report.") : found;
    }

    private async Task<ReportSummary?> ListOneAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var row = await Received(actor).AsNoTracking().Where(r => r.Id == id)
            .Select(r => new ReportSummary(r.Id, r.Channel, r.Mainport, r.Status, r.CreatedAt, r.UpdatedAt, r.Messages.Count, null, r.SignalId))
            .FirstOrDefaultAsync(cancellationToken);
        return row;
    }

    /// <summary>Opens a report for a receiving analyst; the opening is logged with its purpose (a refused one too).</summary>
    public async Task<Result<ReportDetail>> ReadAsync(Actor actor, string id, string? purpose, CancellationToken cancellationToken = default)
    {
        var report = await Received(actor).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (report is null)
        {
            await audit.AppendAsync(new AuditEvent("report.read", Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId, Trim(purpose)), cancellationToken);
            return new NotFound("No such report.");
        }

        var reason = purpose?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxPurposeLength)
        {
            return new Invalid("purpose", $"State the purpose of reading this report (1 to {MaxPurposeLength} characters).");
        }

        await audit.AppendAsync(new AuditEvent("report.read", Subject(report.Id), AuditOutcome.Ok, actor.UserId, actor.OrganisationId, reason), cancellationToken);
        return await DetailAsync(report, cancellationToken);
    }

    /// <summary>The analyst asks the reporter a question or answers them.</summary>
    public async Task<Result<MessageView>> AskAsync(Actor actor, string id, string? text, CancellationToken cancellationToken = default)
    {
        var report = await Received(actor).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (report is null)
        {
            await audit.AppendAsync(new AuditEvent("report.message", Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such report.");
        }

        var message = text?.Trim();
        if (string.IsNullOrEmpty(message) || message.Length > MaxMessageLength)
        {
            return new Invalid("text", $"A message of 1 to {MaxMessageLength:N0} characters is required.");
        }

        var now = Now;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        AddMessage(report, sealing.Unwrap(report.Id, report.WrappedKey), MessageFrom.Analyst, actor.UserId, message, now);
        report.UpdatedAt = now;
        if (report.Status == ReportStatus.Received)
        {
            report.Status = ReportStatus.BeingHandled;
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("report.message", Subject(report.Id), AuditOutcome.Ok, actor.UserId, actor.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MessageView(MessageFrom.Analyst, message, now);
    }

    public async Task<Result<string>> SetStatusAsync(Actor actor, string id, string? status, CancellationToken cancellationToken = default)
    {
        var report = await Received(actor).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (report is null)
        {
            await audit.AppendAsync(new AuditEvent("report.status", Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such report.");
        }

        if (status is null || !ReportStatus.All.Contains(status))
        {
            return new Invalid("status", $"A status is one of {string.Join(", ", ReportStatus.All)}.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        report.Status = status;
        report.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("report.status", Subject(report.Id), AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Recipients: status), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return status;
    }

    /// <summary>
    /// Makes a draft signal of the analyst's organisation from what the analyst writes (the reporter's words stay in
    /// the encrypted report) and links the report to it.
    /// </summary>
    public async Task<Result<SignalView>> ToSignalAsync(Actor actor, string id, SignalInput input, CancellationToken cancellationToken = default)
    {
        var report = await Received(actor).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (report is null)
        {
            await audit.AppendAsync(new AuditEvent("report.signal", Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such report.");
        }

        if (report.SignalId is not null)
        {
            return new Conflict("This report has already been turned into a signal.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var created = await signals.CreateAsync(actor, input with { Mainport = input.Mainport ?? report.Mainport }, cancellationToken);
        if (!created.Ok)
        {
            return created.Error!;
        }

        report.SignalId = created.Value!.Id;
        report.UpdatedAt = Now;
        if (report.Status == ReportStatus.Received)
        {
            report.Status = ReportStatus.BeingHandled;
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("report.signal", Subject(report.Id), AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Recipients: $"signal:{report.SignalId}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created.Value!;
    }

    /// <summary>Decrypts a reporter's file for a receiving analyst; the download is logged with its purpose.</summary>
    public async Task<Result<ReportFile>> OpenAttachmentAsync(Actor actor, string id, string attachmentId, string? purpose, CancellationToken cancellationToken = default)
    {
        var report = await Received(actor).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var attachment = report is null ? null
            : await db.ReportAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.ReportId == report.Id && a.Id == attachmentId, cancellationToken);
        var reason = purpose?.Trim();
        if (attachment is null || !File.Exists(PathOf(attachment.Id)))
        {
            await audit.AppendAsync(new AuditEvent("report.attachment", Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId, Trim(purpose)), cancellationToken);
            return new NotFound("No such attachment.");
        }

        if (string.IsNullOrEmpty(reason) || reason.Length > MaxPurposeLength)
        {
            return new Invalid("purpose", $"State the purpose of the download (1 to {MaxPurposeLength} characters).");
        }

        var key = sealing.Unwrap(report!.Id, report.WrappedKey);
        var bytes = ReportSealing.Open(key, $"attachment:{report.Id}:{attachment.Id}", await File.ReadAllBytesAsync(PathOf(attachment.Id), cancellationToken));
        await audit.AppendAsync(new AuditEvent("report.attachment", Subject(report.Id), AuditOutcome.Ok, actor.UserId, actor.OrganisationId, reason,
            Recipients: $"attachment:{attachment.Id}"), cancellationToken);
        return new ReportFile(ToView(key, report.Id, attachment), bytes);
    }

    public string PathOf(string attachmentId) => Path.Combine(AttachmentFolder, attachmentId);

    /// <summary>The reports an actor receives: analysts of an organisation named as receiver for the report's mainport. Nobody else.</summary>
    private IQueryable<Report> Received(Actor actor)
    {
        if (!actor.Has(Role.Analyst) || actor.OrganisationId is null)
        {
            return db.Reports.Where(r => false);
        }

        var organisation = actor.OrganisationId;
        return db.Reports.Where(r => db.ReceivingOrganisations.Any(o => o.MainportCode == r.Mainport && o.OrganisationId == organisation));
    }

    private async Task<ReportDetail> DetailAsync(Report report, CancellationToken cancellationToken)
    {
        var key = sealing.Unwrap(report.Id, report.WrappedKey);
        var content = ReportSealing.OpenContent(key, report.Id, report.Sealed);
        var attachments = await db.ReportAttachments.AsNoTracking().Where(a => a.ReportId == report.Id).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        StaffReporter? reporter = null;
        if (report.ReporterUserId is not null)
        {
            var email = await db.Users.AsNoTracking().Where(u => u.Id == report.ReporterUserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
            var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == report.ReporterOrganisationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
            reporter = new StaffReporter(email ?? "", organisation ?? "");
        }

        return new ReportDetail(report.Id, report.Channel, report.Mainport, report.Status, report.CreatedAt, report.UpdatedAt, content,
            await MessagesAsync(report.Id, key, cancellationToken), [.. attachments.Select(a => ToView(key, report.Id, a))], reporter, report.SignalId);
    }

    private async Task<IReadOnlyList<MessageView>> MessagesAsync(string reportId, byte[] key, CancellationToken cancellationToken)
    {
        var rows = await db.ReportMessages.AsNoTracking().Where(m => m.ReportId == reportId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(m => m.At).ThenBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => new MessageView(m.From, ReportSealing.OpenText(key, $"message:{reportId}:{m.Id}", m.Sealed), m.At))];
    }

    private void AddMessage(Report report, byte[] key, string from, string? userId, string text, DateTime at)
    {
        var id = Ids.New();
        db.ReportMessages.Add(new ReportMessage
        {
            Id = id,
            ReportId = report.Id,
            From = from,
            AuthorUserId = userId,
            At = at,
            Sealed = ReportSealing.SealText(key, $"message:{report.Id}:{id}", text),
        });
    }

    private Report NewReport(string channel, string mainport, DateTime now, ReportContent content, out byte[] key)
    {
        var id = Ids.New();
        key = ReportSealing.NewKey();
        return new Report
        {
            Id = id,
            Channel = channel,
            Mainport = mainport,
            Status = ReportStatus.Received,
            CreatedAt = now,
            UpdatedAt = now,
            WrappedKey = sealing.Wrap(id, key),
            Sealed = ReportSealing.SealContent(key, id, content),
        };
    }

    private async Task StoreAsync(Report report, byte[] key, IReadOnlyList<(string Name, string Type, byte[] Bytes)> files, AuditEvent created, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        try
        {
            foreach (var (name, type, bytes) in files)
            {
                var attachment = new ReportAttachment
                {
                    Id = Ids.New(),
                    ReportId = report.Id,
                    SealedName = ReportSealing.SealText(key, $"attachment-name:{report.Id}", name),
                    ContentType = type,
                    Size = bytes.Length,
                    CreatedAt = report.CreatedAt,
                };
                Directory.CreateDirectory(AttachmentFolder);
                var path = PathOf(attachment.Id);
                await File.WriteAllBytesAsync(path, ReportSealing.Seal(key, $"attachment:{report.Id}:{attachment.Id}", bytes), cancellationToken);
                written.Add(path);
                report.Attachments.Add(attachment);
            }

            await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
            db.Reports.Add(report);
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(created, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // Never leave an orphaned encrypted file behind a failed write.
            foreach (var path in written)
            {
                File.Delete(path);
            }

            throw;
        }
    }

    private static async Task<List<(string Name, string Type, byte[] Bytes)>> ReadFilesAsync(IReadOnlyList<ReportUpload>? files, FieldErrors errors, CancellationToken cancellationToken)
    {
        var read = new List<(string, string, byte[])>();
        if (files is null || files.Count == 0)
        {
            return read;
        }

        if (files.Count > MaxFiles)
        {
            errors.Add("files", $"At most {MaxFiles} files.");
            return read;
        }

        long total = 0;
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await file.Content.ReadAsync(chunk, cancellationToken)) > 0)
            {
                total += n;
                if (total > AttachmentStore.MaxBytes)
                {
                    errors.Add("files", $"Files may hold at most {AttachmentStore.MaxBytes / (1024 * 1024)} MB together.");
                    return read;
                }

                buffer.Write(chunk, 0, n);
            }

            var bytes = buffer.ToArray();
            if (bytes.Length == 0)
            {
                continue;
            }

            var name = AttachmentStore.CleanName(file.FileName);
            var type = AttachmentStore.AllowedType(bytes, name);
            if (type is null)
            {
                errors.Add("files", "Only PDF, PNG, JPEG, plain text, CSV and Word or Excel files (docx, xlsx) may be sent.");
                return read;
            }

            if (type is "image/jpeg" or "image/png")
            {
                // A photo must not give its sender away: place, time and device come out before anything is stored.
                var stripped = ImageMetadata.Strip(bytes, type);
                if (stripped is null)
                {
                    errors.Add("files", $"The picture {name} could not be read; send it again, as JPEG or PNG, or leave it out.");
                    return read;
                }

                bytes = stripped.Bytes;
            }

            read.Add((name, type, bytes));
        }

        return read;
    }

    private static ReportAttachmentView ToView(byte[] key, string reportId, ReportAttachment a) =>
        new(a.Id, ReportSealing.OpenText(key, $"attachment-name:{reportId}", a.SealedName), a.ContentType, a.Size, a.CreatedAt);

    private static string Subject(string id) => "report:" + (id.Length > 64 ? id[..64] : id);

    private static string? Trim(string? purpose) => purpose is null ? null : purpose.Length > MaxPurposeLength ? purpose[..MaxPurposeLength] : purpose;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
