using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Notifications;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Cases;

/// <summary>
/// Cases with tasks for partner organisations (CONTRACT.md §5, last paragraph). The rules, in one place:
/// <list type="bullet">
/// <item>Only members and analysts take part. The owner organisation (the creator's) alone changes a case, adds or
/// removes signals and assigns tasks; it sees the timeline.</item>
/// <item>An organisation with a task sees that task (what was written for it), its own outcomes, the case title only
/// when the owner shares it — and nothing else of the case.</item>
/// <item>Every organisation, the owner too, sees a case's signal only when <see cref="SharingPolicy"/> admits it; an
/// invisible signal leaves no trace (no title, id or count).</item>
/// <item>Anyone else gets "not found", as for a case that does not exist.</item>
/// </list>
/// Every change and every opening goes to the audit trail.
/// </summary>
public sealed class CaseService(AppDbContext db, Viewers viewers, AuditTrail audit, Notifications.Notifications notifications, NotificationMail mail, CaseTemplates templates, TimeProvider clock)
{
    public const string OwnerAccess = "owner";
    public const string AssigneeAccess = "assignee";
    public const int MaxTaskText = 4000;
    public const int MaxNote = 4000;
    private const int MaxIdLength = 64;

    public async Task<Result<CaseView>> CreateAsync(Actor actor, CaseInput input, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent)
        {
            return new Forbidden("Only members and analysts open cases.");
        }

        var errors = new FieldErrors();
        var title = CheckText(errors, "title", input.Title, 200, required: true);
        var description = CheckText(errors, "description", input.Description, 20_000, required: false) ?? "";
        var mainport = MainportCode.Parse(input.Mainport);
        if (mainport is null)
        {
            errors.Add("mainport", $"A mainport is required: one of {string.Join(", ", MainportCode.All)}.");
        }

        var kind = SignalCategories.Parse(input.Kind);
        if (kind is null)
        {
            errors.Add("kind", $"A kind is required: one of {string.Join(", ", SignalCategories.Names)}.");
        }

        var signalIds = (input.SignalIds ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (signalIds.Count > 100)
        {
            errors.Add("signalIds", "Start a case with at most 100 signals.");
        }

        foreach (var id in signalIds)
        {
            if (!await db.VisibleSignal(viewer, id).AnyAsync(cancellationToken))
            {
                errors.Add("signalIds", $"No such signal: '{(id.Length > MaxIdLength ? id[..MaxIdLength] : id)}'.");
            }
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var now = Now;
        var item = new Case
        {
            Id = Ids.New(), OwnerOrganisationId = viewer.OrganisationId, CreatedByUserId = actor.UserId ?? "", Title = title!, Description = description,
            Mainport = mainport!, Kind = kind!.Value, Status = CaseStatus.Open, ShareTitleWithAssignees = input.ShareTitleWithAssignees ?? false,
            CreatedAt = now, UpdatedAt = now,
        };
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Add(item);
        AddEvent(item.Id, actor, "created", null, null);
        foreach (var id in signalIds)
        {
            db.Add(new CaseSignal { CaseId = item.Id, SignalId = id, AddedByUserId = actor.UserId ?? "", AddedAt = now });
            AddEvent(item.Id, actor, "signal-added", id, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Audit(actor, "case.create", item.Id), cancellationToken);
        foreach (var id in signalIds)
        {
            await audit.AppendAsync(Audit(actor, "case.signal-add", item.Id) with { Recipients = $"signal:{id}" }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return await PresentAsync(viewer, item, true, cancellationToken);
    }

    /// <summary>Opens a case: the owner's full view, an assignee's narrow one, or not found. Audited, refusals too.</summary>
    public async Task<Result<CaseView>> GetAsync(Actor actor, string id, string? purpose = null, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var item = await FindAsync(viewer, id, cancellationToken);
        if (item is null)
        {
            await audit.AppendAsync(new AuditEvent("case.read", Subject("case", id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId, purpose), cancellationToken);
            return new NotFound("No such case.");
        }

        await audit.AppendAsync(Audit(actor, "case.read", item.Id) with { Purpose = purpose }, cancellationToken);
        return await PresentAsync(viewer, item, item.OwnerOrganisationId == viewer.OrganisationId, cancellationToken);
    }

    /// <summary>The cases the caller's organisation owns, newest first; <paramref name="status"/> open or closed narrows them.</summary>
    public async Task<Result<IReadOnlyList<CaseSummary>>> ListAsync(Actor actor, string? status, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent)
        {
            return Result.Of<IReadOnlyList<CaseSummary>>([]);
        }

        var query = db.Set<Case>().AsNoTracking().Where(c => c.OwnerOrganisationId == viewer.OrganisationId);
        if (!string.IsNullOrWhiteSpace(status))
        {
            var parsed = CaseTerms.ParseCaseStatus(status);
            if (parsed is null)
            {
                return new Invalid("status", "Status is open or closed.");
            }

            query = query.Where(c => c.Status == parsed);
        }

        var rows = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(500)
            .Select(c => new
            {
                c.Id, c.Title, c.Mainport, c.Kind, c.Status, c.CreatedAt, c.UpdatedAt,
                Open = c.Tasks.Count(t => t.Status == CaseTaskStatus.Open || t.Status == CaseTaskStatus.InProgress),
            })
            .ToListAsync(cancellationToken);
        return Result.Of<IReadOnlyList<CaseSummary>>([.. rows.Select(r => new CaseSummary(r.Id, r.Title, r.Mainport, r.Kind.ToText(), r.Status.ToText(), r.Open, r.CreatedAt, r.UpdatedAt))]);
    }

    /// <summary>Changes title, description, status or title sharing. Owner organisation only.</summary>
    public async Task<Result<CaseView>> UpdateAsync(Actor actor, string id, CaseUpdateInput input, CancellationToken cancellationToken = default)
    {
        var (viewer, item) = await OwnedAsync(actor, id, "case.update", cancellationToken);
        if (item is null)
        {
            return new NotFound("No such case.");
        }

        var errors = new FieldErrors();
        var title = input.Title is null ? null : CheckText(errors, "title", input.Title, 200, required: true);
        var description = input.Description is null ? null : CheckText(errors, "description", input.Description, 20_000, required: false) ?? "";
        CaseStatus? status = null;
        if (input.Status is not null && (status = CaseTerms.ParseCaseStatus(input.Status)) is null)
        {
            errors.Add("status", "Status is open or closed.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var now = Now;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        if ((title is not null && title != item.Title) || (description is not null && description != item.Description)
            || (input.ShareTitleWithAssignees is { } share && share != item.ShareTitleWithAssignees))
        {
            item.Title = title ?? item.Title;
            item.Description = description ?? item.Description;
            item.ShareTitleWithAssignees = input.ShareTitleWithAssignees ?? item.ShareTitleWithAssignees;
            AddEvent(item.Id, actor, "updated", null, item.ShareTitleWithAssignees ? "title shared with assignees" : null);
        }

        if (status is not null && status != item.Status)
        {
            item.Status = status.Value;
            item.ClosedAt = status == CaseStatus.Closed ? now : null;
            AddEvent(item.Id, actor, status == CaseStatus.Closed ? "closed" : "reopened", null, null);
        }

        item.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Audit(actor, status == CaseStatus.Closed ? "case.close" : "case.update", item.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await PresentAsync(viewer, item, true, cancellationToken);
    }

    /// <summary>Adds a signal the caller may see to an open case of the caller's organisation.</summary>
    public async Task<Result<CaseView>> AddSignalAsync(Actor actor, string id, string? signalId, CancellationToken cancellationToken = default)
    {
        var (viewer, item) = await OwnedAsync(actor, id, "case.signal-add", cancellationToken);
        if (item is null)
        {
            return new NotFound("No such case.");
        }

        // Through the one policy: a signal the caller may not see does not exist for it.
        if (!await db.VisibleSignal(viewer, signalId).AnyAsync(cancellationToken))
        {
            await audit.AppendAsync(new AuditEvent("case.signal-add", VisibleSignals.Subject(signalId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such signal.");
        }

        if (item.Status == CaseStatus.Closed)
        {
            return new Conflict("The case is closed; reopen it first.");
        }

        if (await db.Set<CaseSignal>().AnyAsync(cs => cs.CaseId == item.Id && cs.SignalId == signalId, cancellationToken))
        {
            return await PresentAsync(viewer, item, true, cancellationToken);
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Add(new CaseSignal { CaseId = item.Id, SignalId = signalId!, AddedByUserId = actor.UserId ?? "", AddedAt = Now });
        AddEvent(item.Id, actor, "signal-added", signalId, null);
        item.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Audit(actor, "case.signal-add", item.Id) with { Recipients = $"signal:{signalId}" }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await PresentAsync(viewer, item, true, cancellationToken);
    }

    /// <summary>
    /// Removes a signal from a case of the caller's organisation. Only a signal the caller still sees can be named:
    /// removing proves nothing about an invisible one.
    /// </summary>
    public async Task<Result<CaseView>> RemoveSignalAsync(Actor actor, string id, string? signalId, CancellationToken cancellationToken = default)
    {
        var (viewer, item) = await OwnedAsync(actor, id, "case.signal-remove", cancellationToken);
        if (item is null)
        {
            return new NotFound("No such case.");
        }

        var link = await db.Set<CaseSignal>().FirstOrDefaultAsync(cs => cs.CaseId == item.Id && cs.SignalId == signalId, cancellationToken);
        if (link is null || !await db.VisibleSignal(viewer, signalId).AnyAsync(cancellationToken))
        {
            return new NotFound("No such signal in this case.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Remove(link);
        AddEvent(item.Id, actor, "signal-removed", signalId, null);
        item.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Audit(actor, "case.signal-remove", item.Id) with { Recipients = $"signal:{signalId}" }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await PresentAsync(viewer, item, true, cancellationToken);
    }

    /// <summary>Assigns a task to an organisation (owner only, open case); its members and analysts are notified.</summary>
    public async Task<Result<TaskView>> AssignTaskAsync(Actor actor, string id, TaskInput input, CancellationToken cancellationToken = default)
    {
        var (viewer, item) = await OwnedAsync(actor, id, "case.task-assign", cancellationToken);
        if (item is null)
        {
            return new NotFound("No such case.");
        }

        var errors = new FieldErrors();
        var organisationId = input.OrganisationId?.Trim();
        if (string.IsNullOrEmpty(organisationId) || organisationId.Length > MaxIdLength
            || !await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            errors.Add("organisationId", "Name an existing organisation.");
        }

        var text = CheckText(errors, "text", input.Text, MaxTaskText, required: true);
        var today = DateOnly.FromDateTime(Now);
        if (input.DueDate is null || input.DueDate < today || input.DueDate > today.AddYears(2))
        {
            errors.Add("dueDate", "A due date (yyyy-MM-dd) from today up to two years ahead is required.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        if (item.Status == CaseStatus.Closed)
        {
            return new Conflict("The case is closed; reopen it first.");
        }

        var now = Now;
        var task = new CaseTask
        {
            Id = Ids.New(), CaseId = item.Id, AssignedOrganisationId = organisationId!, Text = text!,
            DueDate = input.DueDate!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Status = CaseTaskStatus.Open,
            CreatedByUserId = actor.UserId ?? "", CreatedAt = now, UpdatedAt = now,
        };
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Add(task);
        AddEvent(item.Id, actor, "task-assigned", task.Id, null);
        item.UpdatedAt = now;
        var mails = await notifications.AddForOrganisationAsync(task.AssignedOrganisationId, NotificationKinds.TaskAssigned, task.Id, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Audit(actor, "case.task-assign", item.Id) with { Recipients = task.AssignedOrganisationId }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await mail.SendAsync(mails, cancellationToken);
        return (await TaskViewsAsync(viewer, item, [task], cancellationToken))[0];
    }

    /// <summary>
    /// Updates a task: the assigned organisation sets the status; the owner changes text and due date; both may add a
    /// note. The other side is notified.
    /// </summary>
    public async Task<Result<TaskView>> UpdateTaskAsync(Actor actor, string taskId, TaskUpdateInput input, string? caseId = null, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var task = await FindTaskAsync(viewer, taskId, cancellationToken);
        if (task is null || (caseId is not null && task.CaseId != caseId))
        {
            await audit.AppendAsync(new AuditEvent("case.task-update", Subject("task", taskId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such task.");
        }

        var item = task.Case!;
        var isOwner = item.OwnerOrganisationId == viewer.OrganisationId;
        var isAssignee = task.AssignedOrganisationId == viewer.OrganisationId;
        var errors = new FieldErrors();
        CaseTaskStatus? status = null;
        if (input.Status is not null)
        {
            status = CaseTerms.ParseTaskStatus(input.Status);
            if (status is null)
            {
                errors.Add("status", $"Status is one of {string.Join(", ", CaseTerms.TaskStatusNames)}.");
            }
            else if (!isAssignee)
            {
                errors.Add("status", "Only the assigned organisation sets the status of its task.");
            }
        }

        var note = input.Note is null ? null : CheckText(errors, "note", input.Note, MaxNote, required: false);
        var text = input.Text is null ? null : CheckText(errors, "text", input.Text, MaxTaskText, required: true);
        if ((text is not null || input.DueDate is not null) && !isOwner)
        {
            errors.Add(text is not null ? "text" : "dueDate", "Only the case owner changes what a task asks and when it is due.");
        }

        if (input.DueDate is { } due && (due < DateOnly.FromDateTime(Now) || due > DateOnly.FromDateTime(Now).AddYears(2)))
        {
            errors.Add("dueDate", "A due date from today up to two years ahead.");
        }

        if (status is null && note is null && text is null && input.DueDate is null && !errors.Any)
        {
            errors.Add("note", "Nothing to change: give a status, a note, a text or a due date.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var now = Now;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var changes = new List<string>();
        if (status is not null && status != task.Status)
        {
            task.Status = status.Value;
            changes.Add(status.Value.ToText());
        }

        if (text is not null && text != task.Text)
        {
            task.Text = text;
            changes.Add("text");
        }

        if (input.DueDate is { } newDue && newDue.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) != task.DueDate)
        {
            task.DueDate = newDue.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            task.DueSoonNotifiedAt = null;
            task.OverdueNotifiedAt = null;
            changes.Add("due " + newDue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(note) || status is not null)
        {
            db.Add(new CaseTaskNote
            {
                Id = Ids.New(), TaskId = task.Id, OrganisationId = viewer.OrganisationId, UserId = actor.UserId ?? "",
                Text = note ?? "", StatusSet = status, At = now,
            });
            if (!string.IsNullOrEmpty(note))
            {
                changes.Add("note");
            }
        }

        task.UpdatedAt = now;
        item.UpdatedAt = now;
        AddEvent(item.Id, actor, "task-updated", task.Id, string.Join(", ", changes));
        // The other side hears of it: the owner when the assignee acts, the assignee when the owner does.
        IReadOnlyList<OutgoingMail> mails = [];
        if (isAssignee && !isOwner)
        {
            mails = await notifications.AddForOrganisationAsync(item.OwnerOrganisationId, NotificationKinds.TaskUpdated, task.Id, item.Id, cancellationToken);
        }
        else if (isOwner && !isAssignee)
        {
            mails = await notifications.AddForOrganisationAsync(task.AssignedOrganisationId, NotificationKinds.TaskUpdated, task.Id, null, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("case.task-update", $"task:{task.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Purpose: string.Join(", ", changes)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await mail.SendAsync(mails, cancellationToken);
        return (await TaskViewsAsync(viewer, item, [task], cancellationToken))[0];
    }

    /// <summary>One task for its page: the task, and the case's signals the policy admits to the caller. Audited.</summary>
    public async Task<Result<(TaskView Task, IReadOnlyList<CaseSignalView> Signals, IReadOnlyList<OutcomeView> Outcomes)>> GetTaskAsync(Actor actor, string taskId, string? purpose = null, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var task = await FindTaskAsync(viewer, taskId, cancellationToken);
        if (task is null)
        {
            await audit.AppendAsync(new AuditEvent("task.read", Subject("task", taskId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId, purpose), cancellationToken);
            return new NotFound("No such task.");
        }

        await audit.AppendAsync(new AuditEvent("task.read", $"task:{task.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, purpose), cancellationToken);
        var view = (await TaskViewsAsync(viewer, task.Case!, [task], cancellationToken))[0];
        var signals = await SignalsAsync(viewer, task.CaseId, cancellationToken);
        var outcomes = await OutcomesAsync(viewer, task.Case!, task.Id, cancellationToken);
        return (view, signals, outcomes);
    }

    /// <summary>The tasks assigned to the caller's organisation, those still to do first, then by due date.</summary>
    public async Task<IReadOnlyList<TaskView>> MyTasksAsync(Actor actor, bool pendingOnly, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent)
        {
            return [];
        }

        var query = db.Set<CaseTask>().AsNoTracking().Include(t => t.Case).Include(t => t.Notes)
            .Where(t => t.AssignedOrganisationId == viewer.OrganisationId);
        if (pendingOnly)
        {
            query = query.Where(t => t.Status == CaseTaskStatus.Open || t.Status == CaseTaskStatus.InProgress);
        }

        var tasks = await query.OrderBy(t => t.DueDate).ThenBy(t => t.Id).Take(500).AsSplitQuery().ToListAsync(cancellationToken);
        var views = new List<TaskView>();
        foreach (var group in tasks.GroupBy(t => t.CaseId))
        {
            views.AddRange(await TaskViewsAsync(viewer, group.First().Case!, [.. group], cancellationToken));
        }

        return [.. views.OrderBy(v => CaseTerms.ParseTaskStatus(v.Status)!.Value.IsPending() ? 0 : 1).ThenBy(v => v.DueDate).ThenBy(v => v.Id, StringComparer.Ordinal)];
    }

    /// <summary>Registers an outcome: by the owner, or by an assigned organisation for its own task.</summary>
    public async Task<Result<OutcomeView>> AddOutcomeAsync(Actor actor, string id, OutcomeInput input, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var item = await FindAsync(viewer, id, cancellationToken);
        if (item is null)
        {
            await audit.AppendAsync(new AuditEvent("case.outcome", Subject("case", id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such case.");
        }

        var isOwner = item.OwnerOrganisationId == viewer.OrganisationId;
        var errors = new FieldErrors();
        var kind = CaseTerms.ParseOutcomeKind(input.Kind);
        if (kind is null)
        {
            errors.Add("kind", $"Kind is one of {string.Join(", ", CaseTerms.OutcomeKindNames)}.");
        }

        var quantity = input.Quantity ?? (kind == CaseOutcomeKind.Note ? 0 : -1);
        if (kind is not null and not CaseOutcomeKind.Note && (quantity <= 0 || quantity > 1_000_000))
        {
            errors.Add("quantity", kind == CaseOutcomeKind.Seizure ? "A seizure needs a quantity in kg above 0." : "A count above 0 is required.");
        }

        if (kind is CaseOutcomeKind.Arrests or CaseOutcomeKind.AdministrativeMeasures or CaseOutcomeKind.RiecReferral && quantity != decimal.Truncate(quantity))
        {
            errors.Add("quantity", "A count is a whole number.");
        }

        string? drug = null;
        if (kind == CaseOutcomeKind.Seizure)
        {
            drug = input.Drug?.Trim().ToLowerInvariant();
            if (drug is null || !CaseTerms.Drugs.Contains(drug))
            {
                errors.Add("drug", $"A seizure names the drug: one of {string.Join(", ", CaseTerms.Drugs)}.");
            }
        }

        var note = CheckText(errors, "note", input.Note, 2000, required: kind == CaseOutcomeKind.Note);
        var taskId = string.IsNullOrWhiteSpace(input.TaskId) ? null : input.TaskId.Trim();
        if (taskId is not null && !await db.Set<CaseTask>().AnyAsync(t => t.Id == taskId && t.CaseId == item.Id && (isOwner || t.AssignedOrganisationId == viewer.OrganisationId), cancellationToken))
        {
            errors.Add("taskId", "No such task in this case.");
        }
        else if (taskId is null && !isOwner)
        {
            errors.Add("taskId", "Name the task of your organisation that this outcome comes from.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var outcome = new CaseOutcome
        {
            Id = Ids.New(), CaseId = item.Id, TaskId = taskId, OrganisationId = viewer.OrganisationId, UserId = actor.UserId ?? "",
            Kind = kind!.Value, Drug = drug, Quantity = kind == CaseOutcomeKind.Note ? 0 : quantity, Note = note, At = Now,
        };
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Add(outcome);
        AddEvent(item.Id, actor, "outcome", outcome.Id, Describe(outcome));
        item.UpdatedAt = outcome.At;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Audit(actor, "case.outcome", item.Id) with { Purpose = Describe(outcome) }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await OutcomeViewsAsync([outcome], cancellationToken))[0];
    }

    /// <summary>The tasks the case's template proposes, each with the organisations of its sector in the case's mainport. Owner only.</summary>
    public async Task<Result<IReadOnlyList<ProposedTask>>> ProposalsAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var item = await FindAsync(viewer, id, cancellationToken);
        if (item is null || item.OwnerOrganisationId != viewer.OrganisationId)
        {
            return new NotFound("No such case.");
        }

        var template = await templates.ForAsync(viewer.OrganisationId, item.Kind, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking()
            .Where(o => o.Mainports.Any(m => m.MainportCode == item.Mainport))
            .OrderBy(o => o.Name).Select(o => new OrganisationChoice(o.Id, o.Name, o.Sector)).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(Now);
        return Result.Of<IReadOnlyList<ProposedTask>>([.. template.Tasks.Select(t => new ProposedTask(t.Sector, t.Text, today.AddDays(t.DueDays),
            [.. organisations.Where(o => string.Equals(o.Sector, t.Sector, StringComparison.OrdinalIgnoreCase))]))]);
    }

    /// <summary>The case when the viewer's organisation owns it or has a task in it; null otherwise.</summary>
    private async Task<Case?> FindAsync(Viewer viewer, string? id, CancellationToken cancellationToken)
    {
        if (!viewer.SeesContent || string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return null;
        }

        var organisation = viewer.OrganisationId;
        return await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == id
            && (c.OwnerOrganisationId == organisation || c.Tasks.Any(t => t.AssignedOrganisationId == organisation)), cancellationToken);
    }

    private async Task<(Viewer Viewer, Case? Case)> OwnedAsync(Actor actor, string id, string action, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var item = await FindAsync(viewer, id, cancellationToken);
        if (item is null || item.OwnerOrganisationId != viewer.OrganisationId)
        {
            // An assignee may not change the case either: the same answer as for a case it cannot see at all.
            await audit.AppendAsync(new AuditEvent(action, Subject("case", id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return (viewer, null);
        }

        return (viewer, item);
    }

    /// <summary>The task when the viewer's organisation is assigned to it or owns its case.</summary>
    private async Task<CaseTask?> FindTaskAsync(Viewer viewer, string? taskId, CancellationToken cancellationToken)
    {
        if (!viewer.SeesContent || string.IsNullOrEmpty(taskId) || taskId.Length > MaxIdLength)
        {
            return null;
        }

        var organisation = viewer.OrganisationId;
        return await db.Set<CaseTask>().Include(t => t.Case).Include(t => t.Notes)
            .FirstOrDefaultAsync(t => t.Id == taskId && (t.AssignedOrganisationId == organisation || t.Case!.OwnerOrganisationId == organisation), cancellationToken);
    }

    private async Task<CaseView> PresentAsync(Viewer viewer, Case item, bool owner, CancellationToken cancellationToken)
    {
        var taskQuery = db.Set<CaseTask>().AsNoTracking().Include(t => t.Notes).Where(t => t.CaseId == item.Id);
        if (!owner)
        {
            taskQuery = taskQuery.Where(t => t.AssignedOrganisationId == viewer.OrganisationId);
        }

        var tasks = await TaskViewsAsync(viewer, item, await taskQuery.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).AsSplitQuery().ToListAsync(cancellationToken), cancellationToken);
        var signals = await SignalsAsync(viewer, item.Id, cancellationToken);
        var outcomes = await OutcomesAsync(viewer, item, null, cancellationToken);
        var ownerName = await OrganisationNameAsync(item.OwnerOrganisationId, cancellationToken);
        if (!owner)
        {
            return new CaseView(item.Id, AssigneeAccess, item.ShareTitleWithAssignees ? item.Title : null, null, null, null, null, null, ownerName,
                null, null, null, signals, tasks, outcomes, null);
        }

        return new CaseView(item.Id, OwnerAccess, item.Title, item.Description, item.Mainport, item.Kind.ToText(), item.Status.ToText(), item.ShareTitleWithAssignees,
            ownerName, item.CreatedAt, item.UpdatedAt, item.ClosedAt, signals, tasks, outcomes, await TimelineAsync(viewer, item.Id, cancellationToken));
    }

    /// <summary>The case's signals that the one sharing policy admits to the viewer, as the viewer receives them.</summary>
    private async Task<IReadOnlyList<CaseSignalView>> SignalsAsync(Viewer viewer, string caseId, CancellationToken cancellationToken)
    {
        var links = db.Set<CaseSignal>().Where(cs => cs.CaseId == caseId);
        var visible = await db.Signals.AsNoTracking().Where(SharingPolicy.Visible(viewer))
            .Where(s => links.Any(cs => cs.SignalId == s.Id))
            .OrderBy(s => s.OccurredAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
        return [.. visible.Select(s =>
        {
            var clear = SharingPolicy.ReceivesInClear(viewer, s);
            return new CaseSignalView(s.Id, s.Title, clear ? s.Description : s.PartnerSummary, s.Mainport, s.Category.ToText(), s.Tlp.ToText(),
                s.Status == SignalStatus.Published ? "published" : "draft", !clear);
        })];
    }

    private async Task<IReadOnlyList<OutcomeView>> OutcomesAsync(Viewer viewer, Case item, string? taskId, CancellationToken cancellationToken)
    {
        var query = db.Set<CaseOutcome>().AsNoTracking().Where(o => o.CaseId == item.Id);
        if (item.OwnerOrganisationId != viewer.OrganisationId)
        {
            query = query.Where(o => o.OrganisationId == viewer.OrganisationId);
        }

        if (taskId is not null)
        {
            query = query.Where(o => o.TaskId == taskId);
        }

        return await OutcomeViewsAsync(await query.OrderBy(o => o.At).ThenBy(o => o.Id).ToListAsync(cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyList<OutcomeView>> OutcomeViewsAsync(IReadOnlyList<CaseOutcome> outcomes, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(outcomes.Select(o => o.OrganisationId), cancellationToken);
        return [.. outcomes.Select(o => new OutcomeView(o.Id, o.Kind.ToText(), o.Quantity, o.Drug, o.Note, o.TaskId, names.GetValueOrDefault(o.OrganisationId, ""), o.At))];
    }

    private async Task<IReadOnlyList<CaseEventView>> TimelineAsync(Viewer viewer, string caseId, CancellationToken cancellationToken)
    {
        var events = await db.Set<CaseEvent>().AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var names = await NamesAsync(events.Where(e => e.OrganisationId is not null).Select(e => e.OrganisationId!), cancellationToken);
        // A signal event names the signal only while the owner can still see it.
        var signalIds = events.Where(e => e.Action.StartsWith("signal-", StringComparison.Ordinal) && e.Reference is not null).Select(e => e.Reference!).Distinct().ToList();
        var visible = await db.Signals.AsNoTracking().Where(SharingPolicy.Visible(viewer)).Where(s => signalIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Title }).ToDictionaryAsync(s => s.Id, s => s.Title, cancellationToken);
        return [.. events.Select(e =>
        {
            if (e.Action.StartsWith("signal-", StringComparison.Ordinal))
            {
                var seen = e.Reference is not null && visible.ContainsKey(e.Reference);
                return new CaseEventView(e.Action, seen ? e.Reference : null, seen ? visible[e.Reference!] : null, names.GetValueOrDefault(e.OrganisationId ?? ""), e.At);
            }

            return new CaseEventView(e.Action, e.Reference, e.Detail, e.OrganisationId is null ? null : names.GetValueOrDefault(e.OrganisationId), e.At);
        })];
    }

    private async Task<List<TaskView>> TaskViewsAsync(Viewer viewer, Case item, IReadOnlyList<CaseTask> tasks, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(tasks.Select(t => t.AssignedOrganisationId).Concat(tasks.SelectMany(t => t.Notes).Select(n => n.OrganisationId)).Append(item.OwnerOrganisationId), cancellationToken);
        var owner = item.OwnerOrganisationId == viewer.OrganisationId;
        var now = Now;
        return [.. tasks.Select(t => new TaskView(
            t.Id, t.CaseId, t.AssignedOrganisationId, names.GetValueOrDefault(t.AssignedOrganisationId, ""), names.GetValueOrDefault(item.OwnerOrganisationId, ""),
            owner || item.ShareTitleWithAssignees ? item.Title : null,
            t.Text, DateOnly.FromDateTime(t.DueDate), t.Status.ToText(), t.Status.IsPending() && now >= t.DueDate.AddDays(1), t.CreatedAt, t.UpdatedAt,
            [.. t.Notes.OrderBy(n => n.At).ThenBy(n => n.Id).Select(n => new TaskNoteView(n.Text, n.StatusSet?.ToText(), names.GetValueOrDefault(n.OrganisationId, ""), n.At))])
        {
            MayChangeStatus = t.AssignedOrganisationId == viewer.OrganisationId,
            MayChangeText = owner,
        })];
    }

    private async Task<string> OrganisationNameAsync(string id, CancellationToken cancellationToken) =>
        await db.Organisations.Where(o => o.Id == id).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken) ?? "";

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        return await db.Organisations.AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
    }

    private void AddEvent(string caseId, Actor actor, string action, string? reference, string? detail) =>
        db.Add(new CaseEvent { Id = Ids.New(), CaseId = caseId, Action = action, UserId = actor.UserId, OrganisationId = actor.OrganisationId, Reference = reference, Detail = detail, At = Now });

    private static string Describe(CaseOutcome o) => o.Kind switch
    {
        CaseOutcomeKind.Seizure => string.Create(CultureInfo.InvariantCulture, $"seizure {o.Quantity} kg {o.Drug}"),
        CaseOutcomeKind.Note => "note",
        _ => string.Create(CultureInfo.InvariantCulture, $"{o.Kind.ToText()} {o.Quantity:0}"),
    };

    private static string? CheckText(FieldErrors errors, string field, string? value, int max, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(field, $"A {field} of 1 to {max:N0} characters is required.");
            }

            return null;
        }

        if (text.Length > max)
        {
            errors.Add(field, $"A {field} has at most {max:N0} characters.");
        }

        return text;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Subject(string kind, string? id) => $"{kind}:" + (id is null ? "" : id.Length <= MaxIdLength ? id : id[..MaxIdLength]);

    private static AuditEvent Audit(Actor actor, string action, string caseId) => new(action, $"case:{caseId}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId);
}
