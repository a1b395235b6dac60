using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Observables;

/// <summary>
/// One observable as a viewer may know it: the value as the viewer receives it, every sighting the viewer may see
/// (newest first, at most <see cref="ObservableOverviews.MaxSightings"/>), whether it is common or excluded from
/// correlation, and per sighting the signal's observables as the viewer receives them (the link graph's second hop).
/// </summary>
public sealed record ObservableOverview(
    string Type,
    string Value,
    bool PersonalData,
    bool Common,
    bool Excluded,
    IReadOnlyList<Sighting> Sightings,
    bool Truncated,
    IReadOnlyDictionary<string, IReadOnlyList<ObservableView>> Neighbours);

/// <summary>
/// The observable page and the observable-rooted link graph, built only from <see cref="Sightings"/> (which applies
/// the sharing policy and the private-partner rules of CONTRACT.md §5) — so a value the viewer sees in no signal
/// looks exactly like a value that does not exist: not found. A successful look-up is audited as
/// <c>observable.read</c> with the observable as subject, so it shows in data-subject reports.
/// </summary>
public sealed class ObservableOverviews(AppDbContext db, Viewers viewers, Sightings sightings, Pseudonyms pseudonyms, AuditTrail audit)
{
    /// <summary>The page and the graph show at most this many sightings (newest first); the sightings API pages through all.</summary>
    public const int MaxSightings = 500;

    /// <summary>The link graph goes on from at most this many sightings (the newest) to their other observables.</summary>
    public const int MaxGraphSignals = 100;

    private const int PageSize = 100;

    public async Task<Result<ObservableOverview>> GetAsync(Actor actor, string type, string value, CancellationToken cancellationToken = default)
    {
        var found = new List<Sighting>();
        string? cursor = null;
        SightingsPage? page;
        do
        {
            var next = await sightings.FindAsync(actor, type, value, PageSize, cursor, cancellationToken);
            if (!next.Ok)
            {
                return next.Error!;
            }

            page = next.Value!;
            found.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null && found.Count < MaxSightings);

        if (found.Count == 0)
        {
            return new NotFound("No such observable.");
        }

        var kind = IdentifierChecker.ParseType(type)!;
        var normalized = page.Normalized;
        var key = normalized.ToLowerInvariant();
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var observableId = Pseudonym.IsPseudonym(page.Normalized)
            ? await db.Pseudonyms.AsNoTracking().Where(p => p.OrganisationId == viewer.OrganisationId && p.Value == normalized)
                .Select(p => p.ObservableId).FirstOrDefaultAsync(cancellationToken)
            : await db.Observables.AsNoTracking().Where(o => o.Type == kind && o.MatchKey == key)
                .Select(o => o.Id).FirstOrDefaultAsync(cancellationToken);
        var matchKey = await db.Observables.AsNoTracking().Where(o => o.Id == observableId).Select(o => o.MatchKey).FirstOrDefaultAsync(cancellationToken);
        var excluded = matchKey is not null && await db.CorrelationExclusions.AnyAsync(e => e.Type == kind && e.MatchKey == matchKey, cancellationToken);
        await audit.AppendAsync(new AuditEvent("observable.read", $"observable:{observableId}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId), cancellationToken);
        var shown = found.Take(MaxSightings).ToList();
        return new ObservableOverview(kind, normalized, IdentifierChecker.IsPersonalData(kind), page.Common, excluded,
            shown, found.Count > MaxSightings || cursor is not null,
            await NeighboursAsync(viewer, [.. shown.Take(MaxGraphSignals).Select(s => s.SignalId)], cancellationToken));
    }

    /// <summary>
    /// The observables of the given signals as the viewer receives them (pseudonyms where the policy says so), read
    /// again through the sharing policy rather than trusted from the caller.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<ObservableView>>> NeighboursAsync(Viewer viewer, List<string> signalIds, CancellationToken cancellationToken)
    {
        var signals = await db.Signals.AsNoTracking().Where(SharingPolicy.Visible(viewer)).Where(s => signalIds.Contains(s.Id))
            .Include(s => s.Observables).ThenInclude(o => o.Observable)
            .AsSplitQuery().ToListAsync(cancellationToken);
        var inClear = SharingPolicy.ReceivedInClear(viewer).Compile();
        var restricted = signals.Where(s => !inClear(s)).ToList();
        var shown = restricted.Count == 0 ? [] : await pseudonyms.ShowAsync(viewer.OrganisationId,
            restricted.SelectMany(s => s.Observables).Select(o => o.Observable!).Where(o => o.IsPersonalData), cancellationToken);
        var result = new Dictionary<string, IReadOnlyList<ObservableView>>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            var clear = inClear(signal);
            result[signal.Id] = [.. signal.Observables.OrderBy(o => o.Position).Select(o => o.Observable!)
                .Select(o => new ObservableView(o.Type, o.IsPersonalData && !clear ? shown[o.Id] : o.Value))];
        }

        return result;
    }
}
