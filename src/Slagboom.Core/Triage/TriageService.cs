using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Triage;

/// <summary>
/// The triage inbox of the analysts: every new item of every source (<see cref="ITriageSource"/>) in one queue;
/// classify, extract observables, set priority, turn into a signal, dismiss (and reopen); merge duplicate signals
/// (and undo a merge). Each source decides who sees its items; signals are read through the one sharing policy.
/// Every action is written to the audit trail; something the caller may not see answers not found.
/// </summary>
public sealed class TriageService(
    AppDbContext db,
    IEnumerable<ITriageSource> sources,
    Viewers viewers,
    ObservableCatalogue catalogue,
    ReportService reports,
    AuditTrail audit,
    TimeProvider clock)
{
    public const int MaxPageSize = 200;
    public const int MaxReasonLength = 1000;
    public const int MaxObservables = 200;

    public async Task<Result<IReadOnlyList<InboxItem>>> ListAsync(Actor actor, InboxFilter filter, int? limit = null, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var mainport = string.IsNullOrWhiteSpace(filter.Mainport) ? null : MainportCode.Parse(filter.Mainport);
        if (!string.IsNullOrWhiteSpace(filter.Mainport) && mainport is null)
        {
            errors.Add("mainport", $"Unknown mainport '{filter.Mainport}'.");
        }

        var channel = string.IsNullOrWhiteSpace(filter.Channel) ? null : filter.Channel.Trim().ToLowerInvariant();
        if (channel is not null && !sources.Any(s => s.Channels.Contains(channel)))
        {
            errors.Add("channel", $"A channel is one of {string.Join(", ", sources.SelectMany(s => s.Channels))}.");
        }

        var priority = string.IsNullOrWhiteSpace(filter.Priority) ? null : filter.Priority.Trim().ToLowerInvariant();
        if (priority is not null && !TriagePriority.All.Contains(priority))
        {
            errors.Add("priority", $"A priority is one of {string.Join(", ", TriagePriority.All)}.");
        }

        var state = string.IsNullOrWhiteSpace(filter.State) ? InboxState.Open : filter.State.Trim().ToLowerInvariant();
        if (!InboxState.Values.Contains(state))
        {
            errors.Add("state", $"A state is one of {string.Join(", ", InboxState.Values)}.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var size = Math.Clamp(limit ?? 100, 1, MaxPageSize);
        var checkedFilter = new InboxFilter(mainport, channel, priority, state);
        var items = new List<SourceItem>();
        foreach (var source in sources.Where(s => channel is null || s.Channels.Contains(channel)))
        {
            items.AddRange(await source.ListAsync(actor, checkedFilter, size, cancellationToken));
        }

        var page = items.OrderByDescending(i => i.ReceivedAt).ThenByDescending(i => i.SourceId, StringComparer.Ordinal).Take(size).ToList();
        return Result.Of<IReadOnlyList<InboxItem>>(await PresentAsync(page, cancellationToken));
    }

    /// <summary>One item of the inbox, when the caller may triage it.</summary>
    public async Task<Result<InboxItem>> GetAsync(Actor actor, string? channel, string? id, CancellationToken cancellationToken = default)
    {
        var item = await FindAsync(actor, channel, id, cancellationToken);
        return item is null ? Missing() : (await PresentAsync([item.Value.Item], cancellationToken))[0];
    }

    public async Task<Result<InboxItem>> ClassifyAsync(Actor actor, string? channel, string? id, ClassifyInput input, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(actor, channel, id, cancellationToken);
        if (found is null)
        {
            return await RefusedAsync(actor, "triage.classify", channel, id, cancellationToken);
        }

        var errors = new FieldErrors();
        var category = SignalCategories.Parse(input.Category?.Trim());
        if (category is null)
        {
            errors.Add("category", $"A category is required: one of {string.Join(", ", SignalCategories.Names)}.");
        }

        var codes = (input.ModusOperandi ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        if (codes.Count > 20)
        {
            errors.Add("modusOperandi", "At most 20 modus-operandi codes.");
        }
        else if (codes.Count > 0)
        {
            var known = await db.ModusOperandi.Where(m => codes.Contains(m.Code)).Select(m => m.Code).ToListAsync(cancellationToken);
            foreach (var unknown in codes.Except(known))
            {
                errors.Add("modusOperandi", $"Unknown modus-operandi code '{unknown}'.");
            }
        }

        if (input.ProcessStep is { } step && !await db.ProcessSteps.AnyAsync(p => p.Number == step, cancellationToken))
        {
            errors.Add("processStep", "Unknown process step; use a step number of the catalogue (0 to 9).");
        }

        var observables = new List<(string Type, string Value)>();
        var given = input.Observables ?? [];
        if (given.Count > MaxObservables)
        {
            errors.Add("observables", $"At most {MaxObservables} observables.");
        }

        for (var i = 0; i < given.Count && i < MaxObservables; i++)
        {
            if (given[i] is null || (string.IsNullOrWhiteSpace(given[i].Type) && string.IsNullOrWhiteSpace(given[i].Value)))
            {
                continue;
            }

            // The same checks as a signal's observables (IdentifierChecker): a bad one is refused with the reason.
            var checkedValue = ObservableCatalogue.Normalize(given[i].Type, given[i].Value);
            if (checkedValue.Error is not null)
            {
                errors.Add($"observables[{i}].{checkedValue.Field}", checkedValue.Error);
                continue;
            }

            if (!observables.Any(o => o.Type == checkedValue.Type && string.Equals(o.Value, checkedValue.Value, StringComparison.OrdinalIgnoreCase)))
            {
                observables.Add((checkedValue.Type!, checkedValue.Value!));
            }
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var (item, record) = found.Value;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        record ??= NewRecord(actor, item);
        record.Category = input.Category!.Trim();
        record.ModusOperandi = string.Join(';', codes);
        record.ProcessStep = input.ProcessStep;
        record.Observables.Clear();
        record.Observables.AddRange(observables.Select((o, i) => new TriageObservable { TriageRecordId = record.Id, Position = i, Type = o.Type, Value = o.Value }));
        Touch(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Event(actor, "triage.classify", item) with { Recipients = $"{record.Category} {record.ModusOperandi} {record.ProcessStep}".Trim() }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await PresentAsync([item], cancellationToken))[0];
    }

    public async Task<Result<InboxItem>> SetPriorityAsync(Actor actor, string? channel, string? id, string? priority, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(actor, channel, id, cancellationToken);
        if (found is null)
        {
            return await RefusedAsync(actor, "triage.priority", channel, id, cancellationToken);
        }

        var value = priority?.Trim().ToLowerInvariant();
        if (value is null || !TriagePriority.All.Contains(value))
        {
            return new Invalid("priority", $"A priority is one of {string.Join(", ", TriagePriority.All)}.");
        }

        var (item, record) = found.Value;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        record ??= NewRecord(actor, item);
        record.Priority = value;
        Touch(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Event(actor, "triage.priority", item) with { Recipients = value }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await PresentAsync([item], cancellationToken))[0];
    }

    /// <summary>
    /// Turns the item into a signal of the analyst's organisation: the classification and extracted observables fill
    /// what <paramref name="input"/> leaves out (observables are added to the ones given). Reports go through
    /// <see cref="ReportService.ToSignalAsync"/>; an imported signal is accepted as it is, with the classification applied.
    /// </summary>
    public async Task<Result<InboxItem>> ToSignalAsync(Actor actor, string? channel, string? id, SignalInput input, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(actor, channel, id, cancellationToken);
        if (found is null)
        {
            return await RefusedAsync(actor, "triage.signal", channel, id, cancellationToken);
        }

        var (item, record) = found.Value;
        if (item.SignalId is not null || record?.State == TriageState.Signal)
        {
            return new Conflict("This item has already been turned into a signal.");
        }

        if (record?.State == TriageState.Dismissed)
        {
            return new Conflict("This item was dismissed; reopen it first.");
        }

        var extracted = record?.Observables.OrderBy(o => o.Position).Select(o => new ObservableInput(o.Type, o.Value)).ToList() ?? [];
        var filled = input with
        {
            Category = string.IsNullOrWhiteSpace(input.Category) ? record?.Category : input.Category,
            ModusOperandi = input.ModusOperandi is { Count: > 0 } ? input.ModusOperandi : Codes(record?.ModusOperandi),
            ProcessStep = input.ProcessStep ?? record?.ProcessStep,
            Observables = [.. input.Observables ?? [], .. extracted],
            Mainport = string.IsNullOrWhiteSpace(input.Mainport) ? item.Mainport : input.Mainport,
        };

        var source = SourceOf(item.Channel)!;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var made = await source.ToSignalAsync(actor, item, filled, cancellationToken);
        if (!made.Ok)
        {
            return made.Error!;
        }

        if (item.Channel == TriageChannel.Import && record is not null)
        {
            await ApplyClassificationAsync(made.Value!, record, cancellationToken);
        }

        record ??= NewRecord(actor, item);
        record.State = TriageState.Signal;
        record.SignalId = made.Value;
        record.SignalAt = Now;
        Touch(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Event(actor, "triage.signal", item) with { Recipients = $"signal:{made.Value}" }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await PresentAsync([item], cancellationToken))[0];
    }

    /// <summary>
    /// Dismisses an item with a reason. The item stays, listed under "dismissed" with its reason, and can be reopened;
    /// a dismissed report is closed for its reporter (and reopened with the item).
    /// </summary>
    public async Task<Result<InboxItem>> DismissAsync(Actor actor, string? channel, string? id, string? reason, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(actor, channel, id, cancellationToken);
        if (found is null)
        {
            return await RefusedAsync(actor, "triage.dismiss", channel, id, cancellationToken);
        }

        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why) || why.Length > MaxReasonLength)
        {
            return new Invalid("reason", $"Give the reason for dismissing (1 to {MaxReasonLength} characters).");
        }

        var (item, record) = found.Value;
        if (item.SignalId is not null || record?.State == TriageState.Signal)
        {
            return new Conflict("This item has become a signal; it cannot be dismissed.");
        }

        if (record?.State == TriageState.Dismissed)
        {
            return new Conflict("This item has already been dismissed.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        record ??= NewRecord(actor, item);
        record.State = TriageState.Dismissed;
        record.DismissReason = why;
        record.DismissedAt = Now;
        record.DismissedByUserId = actor.UserId;
        Touch(record);
        await db.SaveChangesAsync(cancellationToken);
        if (item.Channel is TriageChannel.Anonymous or TriageChannel.Staff)
        {
            var closed = await reports.SetStatusAsync(actor, item.SourceId, ReportStatus.Closed, cancellationToken);
            if (!closed.Ok)
            {
                return closed.Error!;
            }
        }

        await audit.AppendAsync(Event(actor, "triage.dismiss", item) with { Purpose = why }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await PresentAsync([item], cancellationToken))[0];
    }

    /// <summary>Undoes a dismissal: the item is open again (its classification kept); the reason stays in the audit trail.</summary>
    public async Task<Result<InboxItem>> ReopenAsync(Actor actor, string? channel, string? id, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(actor, channel, id, cancellationToken);
        if (found is null)
        {
            return await RefusedAsync(actor, "triage.reopen", channel, id, cancellationToken);
        }

        var (item, record) = found.Value;
        if (record?.State != TriageState.Dismissed)
        {
            return new Conflict("Only a dismissed item can be reopened.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        record.State = TriageState.InProgress;
        record.DismissReason = null;
        record.DismissedAt = null;
        record.DismissedByUserId = null;
        Touch(record);
        await db.SaveChangesAsync(cancellationToken);
        if (item.Channel is TriageChannel.Anonymous or TriageChannel.Staff)
        {
            var reopened = await reports.SetStatusAsync(actor, item.SourceId, ReportStatus.BeingHandled, cancellationToken);
            if (!reopened.Ok)
            {
                return reopened.Error!;
            }
        }

        await audit.AppendAsync(Event(actor, "triage.reopen", item), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await PresentAsync([item], cancellationToken))[0];
    }

    // ---- Merging duplicate signals ----

    /// <summary>
    /// Merges signal <paramref name="mergedId"/> (B) into <paramref name="survivorId"/> (A). Both must be visible to
    /// the caller and owned by the caller's organisation (only the owner changes a signal); otherwise not found.
    /// A gains the observables of B it did not name; B is left as it is and hidden from lists as "merged into A";
    /// B's attachments stay with B and are reached from A through the merge.
    /// </summary>
    public async Task<Result<MergeView>> MergeAsync(Actor actor, string? survivorId, string? mergedId, CancellationToken cancellationToken = default)
    {
        if (!actor.Has(Role.Analyst))
        {
            await audit.AppendAsync(new AuditEvent("signal.merge", VisibleSignals.Subject(mergedId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such signal.");
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var survivor = await OwnedAsync(viewer, survivorId, cancellationToken);
        var merged = await OwnedAsync(viewer, mergedId, cancellationToken);
        if (survivor is null || merged is null)
        {
            await audit.AppendAsync(new AuditEvent("signal.merge", VisibleSignals.Subject(survivor is null ? survivorId : mergedId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such signal.");
        }

        if (survivor.Id == merged.Id)
        {
            return new Invalid("signal", "A signal cannot be merged into itself.");
        }

        var active = await db.SignalMerges.Where(m => m.UndoneAt == null
            && (m.MergedSignalId == merged.Id || m.MergedSignalId == survivor.Id || m.SurvivorSignalId == merged.Id)).ToListAsync(cancellationToken);
        if (active.Any(m => m.MergedSignalId == merged.Id))
        {
            return new Conflict("This signal is already merged into another; undo that merge first.");
        }

        if (active.Any(m => m.MergedSignalId == survivor.Id))
        {
            return new Conflict("The signal to merge into is itself merged into another; merge into that one.");
        }

        if (active.Any(m => m.SurvivorSignalId == merged.Id))
        {
            return new Conflict("Other signals are merged into this one; undo those merges first or merge them into the target one by one.");
        }

        var have = await db.SignalObservables.Where(o => o.SignalId == survivor.Id).Select(o => new { o.ObservableId, o.Position }).ToListAsync(cancellationToken);
        var theirs = await db.SignalObservables.Where(o => o.SignalId == merged.Id).OrderBy(o => o.Position).Select(o => o.ObservableId).ToListAsync(cancellationToken);
        var added = theirs.Where(o => !have.Any(h => h.ObservableId == o)).ToList();
        var position = have.Count == 0 ? 0 : have.Max(h => h.Position) + 1;
        var now = Now;
        var merge = new SignalMerge
        {
            Id = Ids.New(),
            SurvivorSignalId = survivor.Id,
            MergedSignalId = merged.Id,
            AddedObservableIds = string.Join(';', added),
            MergedAt = now,
            MergedByUserId = actor.UserId ?? "",
        };

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.SignalObservables.AddRange(added.Select(o => SignalObservable.Of(survivor, o, position++)));
        db.SignalMerges.Add(merge);
        survivor.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("signal.merge", $"signal:{merged.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Recipients: $"signal:{survivor.Id}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToView(merge);
    }

    /// <summary>
    /// Undoes the standing merge of <paramref name="mergedId"/>: it is listed again, exactly as it was, and the
    /// survivor loses the observables the merge added (those it still names). The merge record is kept, marked undone.
    /// </summary>
    public async Task<Result<MergeView>> UnmergeAsync(Actor actor, string? mergedId, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var merged = actor.Has(Role.Analyst) ? await OwnedAsync(viewer, mergedId, cancellationToken) : null;
        var merge = merged is null ? null
            : await db.SignalMerges.FirstOrDefaultAsync(m => m.MergedSignalId == merged.Id && m.UndoneAt == null, cancellationToken);
        var survivor = merge is null ? null : await OwnedAsync(viewer, merge.SurvivorSignalId, cancellationToken);
        if (merged is null || survivor is null)
        {
            await audit.AppendAsync(new AuditEvent("signal.unmerge", VisibleSignals.Subject(mergedId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No merge of this signal.");
        }

        var added = merge!.AddedObservableIds.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var now = Now;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var links = await db.SignalObservables.Where(o => o.SignalId == survivor.Id && added.Contains(o.ObservableId)).ToListAsync(cancellationToken);
        db.SignalObservables.RemoveRange(links);
        merge.UndoneAt = now;
        merge.UndoneByUserId = actor.UserId;
        survivor.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("signal.unmerge", $"signal:{merged.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, Recipients: $"signal:{survivor.Id}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToView(merge);
    }

    /// <summary>The merges around a signal the caller may see: what was merged into it, and what it is merged into.</summary>
    public async Task<Result<SignalMergeState>> MergesOfAsync(Actor actor, string? signalId, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await db.VisibleSignal(viewer, signalId).Select(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        if (signal is null)
        {
            return new NotFound("No such signal.");
        }

        var merges = await db.SignalMerges.AsNoTracking().Where(m => m.UndoneAt == null && (m.SurvivorSignalId == signal || m.MergedSignalId == signal))
            .OrderBy(m => m.MergedAt).ToListAsync(cancellationToken);
        // Only merges between signals the caller may see are named.
        var visible = await db.Signals.Where(SharingPolicy.Visible(viewer))
            .Where(s => merges.Select(m => m.SurvivorSignalId).Contains(s.Id) || merges.Select(m => m.MergedSignalId).Contains(s.Id))
            .Select(s => s.Id).ToListAsync(cancellationToken);
        var shown = merges.Where(m => visible.Contains(m.SurvivorSignalId) && visible.Contains(m.MergedSignalId)).ToList();
        return new SignalMergeState([.. shown.Where(m => m.SurvivorSignalId == signal).Select(ToView)],
            shown.Where(m => m.MergedSignalId == signal).Select(ToView).FirstOrDefault());
    }

    // ---- Helpers ----

    private ITriageSource? SourceOf(string? channel) => channel is null ? null : sources.FirstOrDefault(s => s.Channels.Contains(channel));

    private async Task<(SourceItem Item, TriageRecord? Record)?> FindAsync(Actor actor, string? channel, string? id, CancellationToken cancellationToken)
    {
        var source = SourceOf(channel);
        if (source is null || string.IsNullOrEmpty(id) || id.Length > VisibleSignals.MaxIdLength)
        {
            return null;
        }

        var item = await source.FindAsync(actor, channel!, id, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var record = await db.TriageRecords.Include(r => r.Observables).FirstOrDefaultAsync(r => r.Channel == item.Channel && r.SourceId == item.SourceId, cancellationToken);
        return (item, record);
    }

    private async Task<Error> RefusedAsync(Actor actor, string action, string? channel, string? id, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(new AuditEvent(action, Subject(channel, id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
        return Missing();
    }

    private static NotFound Missing() => new("No such item.");

    private Task<Signal?> OwnedAsync(Viewer viewer, string? id, CancellationToken cancellationToken) =>
        db.VisibleSignal(viewer, id).Where(s => s.OwnerOrganisationId == viewer.OrganisationId).FirstOrDefaultAsync(cancellationToken);

    private TriageRecord NewRecord(Actor actor, SourceItem item)
    {
        var now = Now;
        var record = new TriageRecord
        {
            Id = Ids.New(),
            Channel = item.Channel,
            SourceId = item.SourceId,
            Mainport = item.Mainport,
            ReceivedAt = item.ReceivedAt,
            State = TriageState.InProgress,
            Priority = TriagePriority.Normal,
            FirstActionAt = now,
            UpdatedAt = now,
            OrganisationId = actor.OrganisationId ?? "",
        };
        db.TriageRecords.Add(record);
        return record;
    }

    private void Touch(TriageRecord record) => record.UpdatedAt = Now;

    private async Task ApplyClassificationAsync(string signalId, TriageRecord record, CancellationToken cancellationToken)
    {
        var signal = await db.Signals.Include(s => s.Observables).FirstAsync(s => s.Id == signalId, cancellationToken);
        if (SignalCategories.Parse(record.Category) is { } category)
        {
            signal.Category = category;
            signal.ModusOperandi = record.ModusOperandi;
            signal.ProcessStep = record.ProcessStep;
        }

        var values = record.Observables.OrderBy(o => o.Position)
            .Select(o => (o.Type, o.Value, Domain.Identifiers.IdentifierChecker.IsPersonalData(o.Type))).ToList();
        var stored = await catalogue.StoreAsync(values, cancellationToken);
        var position = signal.Observables.Count == 0 ? 0 : signal.Observables.Max(o => o.Position) + 1;
        foreach (var observable in stored.Where(o => signal.Observables.All(l => l.ObservableId != o.Id)).DistinctBy(o => o.Id))
        {
            signal.Observables.Add(SignalObservable.Of(signal, observable.Id, position++));
        }

        signal.UpdatedAt = Now;
    }

    private async Task<List<InboxItem>> PresentAsync(List<SourceItem> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.SourceId).ToList();
        var records = (await db.TriageRecords.AsNoTracking().Include(r => r.Observables).Where(r => ids.Contains(r.SourceId)).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.Channel, r.SourceId));
        var signalIds = items.Select(i => records.GetValueOrDefault((i.Channel, i.SourceId))?.SignalId ?? i.SignalId).OfType<string>().ToList();
        var mergedInto = await db.SignalMerges.AsNoTracking().Where(m => m.UndoneAt == null && signalIds.Contains(m.MergedSignalId))
            .ToDictionaryAsync(m => m.MergedSignalId, m => m.SurvivorSignalId, cancellationToken);
        var now = Now;
        return [.. items.Select(i =>
        {
            var r = records.GetValueOrDefault((i.Channel, i.SourceId));
            var signal = r?.SignalId ?? i.SignalId;
            var state = r?.State ?? (i.SignalId is null ? TriageState.New : TriageState.Signal);
            return new InboxItem(i.Channel, i.SourceId, i.Mainport, i.ReceivedAt, (long)(now - i.ReceivedAt).TotalSeconds, state,
                r?.Priority ?? TriagePriority.Normal, r?.Category, Codes(r?.ModusOperandi), r?.ProcessStep,
                [.. (r?.Observables ?? []).OrderBy(o => o.Position).Select(o => new ObservableView(o.Type, o.Value))],
                signal, signal is null ? null : mergedInto.GetValueOrDefault(signal), r?.DismissReason, r?.DismissedAt);
        })];
    }

    private static string[] Codes(string? codes) => codes?.Split(';', StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static MergeView ToView(SignalMerge m) =>
        new(m.Id, m.SurvivorSignalId, m.MergedSignalId, m.AddedObservableIds.Split(';', StringSplitOptions.RemoveEmptyEntries).Length, m.MergedAt, m.UndoneAt);

    private static AuditEvent Event(Actor actor, string action, SourceItem item) =>
        new(action, Subject(item.Channel, item.SourceId), AuditOutcome.Ok, actor.UserId, actor.OrganisationId);

    /// <summary>Reports are audited as <c>report:ID</c>, signals as <c>signal:ID</c>, as everywhere else.</summary>
    private static string Subject(string? channel, string? id)
    {
        var cut = id is null ? "" : id.Length <= VisibleSignals.MaxIdLength ? id : id[..VisibleSignals.MaxIdLength];
        return channel is TriageChannel.Anonymous or TriageChannel.Staff ? "report:" + cut : channel == TriageChannel.Import ? "signal:" + cut
            : channel == TriageChannel.Alert ? "alert:" + cut : $"triage:{channel}:{cut}";
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
