using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Triage;

/// <summary>What the inbox asks of a source: which state and filters.</summary>
public sealed record InboxFilter(string? Mainport = null, string? Channel = null, string? Priority = null, string State = InboxState.Open);

/// <summary>Which items the inbox shows by state.</summary>
public static class InboxState
{
    /// <summary>Not yet turned into a signal nor dismissed (the default queue).</summary>
    public const string Open = "open";
    public const string Signal = TriageState.Signal;
    public const string Dismissed = TriageState.Dismissed;
    public const string All = "all";

    public static IReadOnlyList<string> Values { get; } = [Open, Signal, Dismissed, All];
}

/// <summary>One item as its source knows it: no content, only what the queue shows.</summary>
public sealed record SourceItem
{
    public required string Channel { get; init; }
    public required string SourceId { get; init; }
    public required string Mainport { get; init; }
    public DateTime ReceivedAt { get; init; }

    /// <summary>The signal the source already links to the item (a report turned into a signal on the report page).</summary>
    public string? SignalId { get; init; }
}

/// <summary>
/// A channel that feeds the triage inbox. Each source decides who may see its items (reports: the analysts of the
/// receiving organisations; signals: the sharing policy) and how an item becomes a signal. Rule alerts and other
/// imports plug in by registering another <see cref="ITriageSource"/>.
/// </summary>
public interface ITriageSource
{
    /// <summary>The channel words this source answers for.</summary>
    IReadOnlyList<string> Channels { get; }

    /// <summary>The items <paramref name="actor"/> may triage, newest first, at most <paramref name="limit"/>, filtered in the database.</summary>
    Task<IReadOnlyList<SourceItem>> ListAsync(Actor actor, InboxFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>One item when <paramref name="actor"/> may triage it; null otherwise (shown as not found).</summary>
    Task<SourceItem?> FindAsync(Actor actor, string channel, string sourceId, CancellationToken cancellationToken);

    /// <summary>Makes (or accepts) the signal for the item; its id.</summary>
    Task<Result<string>> ToSignalAsync(Actor actor, SourceItem item, SignalInput input, CancellationToken cancellationToken);
}

/// <summary>Narrows a source's query by the triage records' state and priority.</summary>
internal static class InboxQueries
{
    public static IQueryable<SourceItem> Filter(AppDbContext db, IQueryable<SourceItem> items, InboxFilter filter)
    {
        var records = db.TriageRecords;
        if (!string.IsNullOrEmpty(filter.Mainport))
        {
            items = items.Where(i => i.Mainport == filter.Mainport);
        }

        if (!string.IsNullOrEmpty(filter.Channel))
        {
            items = items.Where(i => i.Channel == filter.Channel);
        }

        items = filter.State switch
        {
            InboxState.Open => items.Where(i => i.SignalId == null
                && !records.Any(t => t.Channel == i.Channel && t.SourceId == i.SourceId && (t.State == TriageState.Signal || t.State == TriageState.Dismissed))),
            InboxState.Signal => items.Where(i => i.SignalId != null
                || records.Any(t => t.Channel == i.Channel && t.SourceId == i.SourceId && t.State == TriageState.Signal)),
            InboxState.Dismissed => items.Where(i => records.Any(t => t.Channel == i.Channel && t.SourceId == i.SourceId && t.State == TriageState.Dismissed)),
            _ => items,
        };

        if (filter.Priority == TriagePriority.Normal)
        {
            items = items.Where(i => !records.Any(t => t.Channel == i.Channel && t.SourceId == i.SourceId && t.Priority != TriagePriority.Normal));
        }
        else if (!string.IsNullOrEmpty(filter.Priority))
        {
            var priority = filter.Priority;
            items = items.Where(i => records.Any(t => t.Channel == i.Channel && t.SourceId == i.SourceId && t.Priority == priority));
        }

        return items;
    }
}

/// <summary>
/// Anonymous and staff reports. Only analysts of an organisation named as receiver for the report's mainport see
/// them — the rule of <see cref="ReportService"/>, whose report-to-signal path makes the signal.
/// </summary>
public sealed class ReportTriageSource(AppDbContext db, ReportService reports) : ITriageSource
{
    public IReadOnlyList<string> Channels { get; } = [TriageChannel.Anonymous, TriageChannel.Staff];

    public async Task<IReadOnlyList<SourceItem>> ListAsync(Actor actor, InboxFilter filter, int limit, CancellationToken cancellationToken)
    {
        var items = InboxQueries.Filter(db, Received(actor), filter);
        if (filter.State == InboxState.Open)
        {
            // A report its analysts closed on the report page is handled too.
            items = items.Where(i => db.Reports.Any(r => r.Id == i.SourceId && r.Status != ReportStatus.Closed));
        }

        return await items.OrderByDescending(i => i.ReceivedAt).ThenByDescending(i => i.SourceId).Take(limit).ToListAsync(cancellationToken);
    }

    public Task<SourceItem?> FindAsync(Actor actor, string channel, string sourceId, CancellationToken cancellationToken) =>
        Received(actor).FirstOrDefaultAsync(i => i.Channel == channel && i.SourceId == sourceId, cancellationToken);

    public async Task<Result<string>> ToSignalAsync(Actor actor, SourceItem item, SignalInput input, CancellationToken cancellationToken)
    {
        var made = await reports.ToSignalAsync(actor, item.SourceId, input, cancellationToken);
        return made.Ok ? made.Value!.Id : made.Error!;
    }

    /// <summary>The reports an actor receives, as inbox items (the same rule as <see cref="ReportService"/>'s).</summary>
    private IQueryable<SourceItem> Received(Actor actor)
    {
        if (!actor.Has(Role.Analyst) || actor.OrganisationId is null)
        {
            return db.Reports.Where(_ => false).Select(r => new SourceItem { Channel = r.Channel, SourceId = r.Id, Mainport = r.Mainport, ReceivedAt = r.CreatedAt, SignalId = r.SignalId });
        }

        var organisation = actor.OrganisationId;
        return db.Reports
            .Where(r => db.ReceivingOrganisations.Any(o => o.MainportCode == r.Mainport && o.OrganisationId == organisation))
            .Select(r => new SourceItem { Channel = r.Channel, SourceId = r.Id, Mainport = r.Mainport, ReceivedAt = r.CreatedAt, SignalId = r.SignalId });
    }
}

/// <summary>
/// Signals brought in by <c>slagboom import</c> (they carry an external id): they await triage by the analysts of
/// the organisation that owns them, read through the sharing policy. Accepting one keeps the signal as it is.
/// </summary>
public sealed class ImportedSignalTriageSource(AppDbContext db, Viewers viewers) : ITriageSource
{
    public IReadOnlyList<string> Channels { get; } = [TriageChannel.Import];

    public async Task<IReadOnlyList<SourceItem>> ListAsync(Actor actor, InboxFilter filter, int limit, CancellationToken cancellationToken)
    {
        var items = InboxQueries.Filter(db, await ImportedAsync(actor, cancellationToken), filter);
        return await items.OrderByDescending(i => i.ReceivedAt).ThenByDescending(i => i.SourceId).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<SourceItem?> FindAsync(Actor actor, string channel, string sourceId, CancellationToken cancellationToken) =>
        channel != TriageChannel.Import ? null
            : await (await ImportedAsync(actor, cancellationToken)).FirstOrDefaultAsync(i => i.SourceId == sourceId, cancellationToken);

    public Task<Result<string>> ToSignalAsync(Actor actor, SourceItem item, SignalInput input, CancellationToken cancellationToken) =>
        Task.FromResult<Result<string>>(item.SourceId);

    private async Task<IQueryable<SourceItem>> ImportedAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.Has(Role.Analyst))
        {
            return db.Signals.Where(_ => false).Select(s => new SourceItem { Channel = TriageChannel.Import, SourceId = s.Id, Mainport = s.Mainport, ReceivedAt = s.CreatedAt, SignalId = null });
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var organisation = viewer.OrganisationId;
        // SignalId stays null here: an imported signal is open until an analyst accepts or dismisses it.
        return db.Signals.Where(SharingPolicy.Visible(viewer))
            .Where(s => s.OwnerOrganisationId == organisation && s.ExternalId != null)
            .Where(SignalMerges.Listed(db))
            .Select(s => new SourceItem { Channel = TriageChannel.Import, SourceId = s.Id, Mainport = s.Mainport, ReceivedAt = s.CreatedAt, SignalId = null });
    }
}
