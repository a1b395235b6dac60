using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Observables;

public sealed record Sighting(string SignalId, string Title, string Mainport, DateTime OccurredAt, string Category, string Tlp);

public sealed record SightingsPage(string Normalized, bool Common, IReadOnlyList<Sighting> Items, string? Next);

/// <summary>
/// Where an observable was seen: the signals naming it that the caller may see, and only where the caller
/// receives that value — a private partner finds by a real personal-data value only the signals in which it
/// receives the value in clear, and by its own <c>pd:</c> pseudonym only those in which it was shown that pseudonym
/// (CONTRACT.md §5). Nothing is said about signals the caller may not see.
/// </summary>
public sealed class Sightings(AppDbContext db, Viewers viewers, IConfiguration configuration)
{
    public const int DefaultCommonThreshold = 1000;

    /// <summary>An observable and in how many signals it is named, counted no further than the threshold.</summary>
    private sealed record ObservableCount(string Id, int Named);

    // The observable and whether it is common, in one round trip each; compiled, as every lookup runs one.
    private static readonly PerModel<Func<AppDbContext, string, string, int, CancellationToken, Task<ObservableCount?>>> ByValue = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string type, string key, int threshold, CancellationToken _) =>
            db.Observables.AsNoTracking().Where(o => o.Type == type && o.MatchKey == key)
                .Select(o => new ObservableCount(o.Id, db.SignalObservables.Where(l => l.ObservableId == o.Id).OrderBy(l => l.OccurredAt).Take(threshold).Count()))
                .FirstOrDefault()));

    private static readonly PerModel<Func<AppDbContext, string, string, int, CancellationToken, Task<ObservableCount?>>> ByPseudonym = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string organisation, string value, int threshold, CancellationToken _) =>
            (from p in db.Pseudonyms.AsNoTracking()
             where p.OrganisationId == organisation && p.Value == value
             join o in db.Observables on p.ObservableId equals o.Id
             select new ObservableCount(o.Id, db.SignalObservables.Where(l => l.ObservableId == o.Id).OrderBy(l => l.OccurredAt).Take(threshold).Count()))
                .FirstOrDefault()));

    public async Task<Result<SightingsPage>> FindAsync(Actor actor, string type, string value, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var kind = IdentifierChecker.ParseType(type);
        if (kind is null)
        {
            return new Invalid("type", $"Unknown observable type '{type}'; use one of {string.Join(", ", IdentifierChecker.ObservableTypes)}.");
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > 500)
        {
            return new Invalid("value", "A value of 1 to 500 characters is required.");
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var size = Math.Clamp(limit ?? 25, 1, 100);
        var visible = db.Signals.AsNoTracking().Where(SharingPolicy.Visible(viewer));
        var threshold = configuration.GetValue("Slagboom:Observables:CommonThreshold", DefaultCommonThreshold);
        string normalized;
        ObservableCount? found;
        var receipt = Receipt.Any;
        if (Pseudonym.IsPseudonym(value.Trim()))
        {
            // One of the caller's own pseudonyms: the signals in which the caller was shown it.
            normalized = value.Trim().ToLowerInvariant();
            found = await ByPseudonym.For(db)(db, viewer.OrganisationId, normalized, threshold, cancellationToken);
            visible = visible.Where(SharingPolicy.ReceivedInClear(viewer).Not());
            receipt = Receipt.NotInClear;
        }
        else
        {
            var check = IdentifierChecker.Check(kind, value);
            if (!check.Keepable)
            {
                return new Invalid("value", $"Not a valid {kind}: {check.Message}");
            }

            normalized = check.ObservableValue!;
            var key = normalized.ToLowerInvariant();
            found = await ByValue.For(db)(db, kind, key, threshold, cancellationToken);
            if (IdentifierChecker.IsPersonalData(kind))
            {
                visible = visible.Where(SharingPolicy.ReceivedInClear(viewer));
                receipt = Receipt.InClear;
            }
        }

        if (found is null)
        {
            return new SightingsPage(normalized, false, [], null);
        }

        var (observableId, common) = (found.Id, found.Named >= threshold);
        (DateTime At, string Id)? after = null;
        if (cursor is not null)
        {
            if (!Cursor.TryRead(cursor, out var at, out var afterId))
            {
                return new Invalid("cursor", "The cursor is not valid; start again without one.");
            }

            after = (at, afterId);
        }

        var rows = await Newest(db, visible, viewer, receipt, observableId, size + 1, after)
            .Select(s => new { s.Id, s.Title, s.Mainport, s.OccurredAt, s.Category, s.Tlp })
            .ToListAsync(cancellationToken);
        var items = rows.Take(size).Select(s => new Sighting(s.Id, s.Title, s.Mainport, s.OccurredAt, s.Category.ToText(), s.Tlp.ToText())).ToList();
        var next = rows.Count > size ? Cursor.Write(items[^1].OccurredAt, items[^1].SignalId) : null;
        return new SightingsPage(normalized, common, items, next);
    }

    /// <summary>
    /// The <paramref name="visible"/> signals naming an observable, newest first (ties by id, descending), after a
    /// keyset position, at most <paramref name="take"/>: driven by the link index (observable, occurred, signal), so a
    /// page costs the same for a rare value and for one named in a million signals — only visible signals are joined
    /// in, up to the page size.
    /// <para>
    /// <paramref name="receipt"/> says which signals <paramref name="visible"/> keeps (<see cref="SharingPolicy.ReceivedInClear"/>
    /// or its negation, already applied by the caller): for a private organisation the links are pre-filtered by
    /// what they carry (<see cref="SignalObservable.ClearOnlyTo"/>), so that a private partner looking up a common real
    /// personal-data value does not walk every link of the value to find the few it receives in clear. Signals it
    /// receives in clear are read as two index-ordered walks over (observable, clear-only-to, occurred, signal) —
    /// links with a legal basis, and links of its own signals — each stopped at <paramref name="take"/>, then merged.
    /// The pre-filter only skips links whose signal the policy would reject; the policy still decides.
    /// </para>
    /// </summary>
    internal static IQueryable<Signal> Newest(AppDbContext db, IQueryable<Signal> visible, Viewer viewer, Receipt receipt, string observableId, int take, (DateTime At, string Id)? after = null)
    {
        var links = db.SignalObservables.Where(l => l.ObservableId == observableId);
        if (after is var (at, afterId))
        {
#pragma warning disable CA1309 // string.Compare without a comparison is what EF translates to SQL's ordinal '<'
            links = links.Where(l => l.OccurredAt < at || (l.OccurredAt == at && string.Compare(l.SignalId, afterId) < 0));
#pragma warning restore CA1309
        }

        IQueryable<Signal> Walk(IQueryable<SignalObservable> walked) =>
            (from l in walked
             join s in visible on l.SignalId equals s.Id
             orderby l.OccurredAt descending, l.SignalId descending
             select s).Take(take);

        var keys = SharingPolicy.LinkKeysReceivedInClear(viewer);
        if (keys is null || receipt == Receipt.Any)
        {
            return Walk(links);
        }

        if (receipt == Receipt.NotInClear)
        {
            // Pseudonymised sightings: links outside the keys; walked on the plain index, the signal not joined for the others.
            var own = viewer.OrganisationId;
            return Walk(links.Where(l => l.ClearOnlyTo != null && l.ClearOnlyTo != own));
        }

        IQueryable<Signal>? merged = null;
        foreach (var key in keys)
        {
            var walk = key is null ? Walk(links.Where(l => l.ClearOnlyTo == null)) : Walk(links.Where(l => l.ClearOnlyTo == key));
            merged = merged is null ? walk : merged.Concat(walk);
        }

        // The link's time is the signal's (kept in step by every write path), so the merged walks order by the signal's.
        return merged!.OrderByDescending(s => s.OccurredAt).ThenByDescending(s => s.Id).Take(take);
    }

    /// <summary>Which of the visible signals a sightings walk keeps: all, those received in clear, or those received pseudonymised.</summary>
    internal enum Receipt
    {
        Any,
        InClear,
        NotInClear,
    }

    /// <summary>Whether a value is named in at least <paramref name="threshold"/> signals; counts no further than that.</summary>
    internal static async Task<bool> IsCommonAsync(AppDbContext db, string observableId, int threshold, CancellationToken cancellationToken) =>
        await db.SignalObservables.Where(l => l.ObservableId == observableId).OrderBy(l => l.OccurredAt).Take(threshold).CountAsync(cancellationToken) >= threshold;
}
