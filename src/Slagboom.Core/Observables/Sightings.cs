using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Organisations;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Observables;

public sealed record Sighting(string SignalId, string Title, string Mainport, DateTime OccurredAt, string Category, string Tlp);

public sealed record SightingsPage(string Normalized, bool Common, IReadOnlyList<Sighting> Items, string? Next);

/// <summary>
/// Where an observable was seen: the signals naming it that the caller may see, and only where the caller
/// receives that value — a private partner finds by a real personal-data value only the signals in which it
/// receives the value in clear, and by its own <c>pd:</c> pseudonym only those in which it was shown that pseudonym
/// (CONTRACT.md §5). Nothing is said about signals the caller may not see.
/// </summary>
public sealed class Sightings(AppDbContext db, IConfiguration configuration)
{
    public const int DefaultCommonThreshold = 1000;

    /// <summary>
    /// An observable, in how many signals it is named (counted no further than the threshold), and the kind of the
    /// reader's organisation (null when there is none): what a lookup needs before its walk, in one round trip.
    /// </summary>
    private sealed record Found(string Id, int Named, OrganisationKind? Kind);

    // Compiled, as every lookup runs one. The reader's mainports and groups are read by the walk itself.
    private static readonly PerModel<Func<AppDbContext, string, string, string, int, CancellationToken, Task<Found?>>> ByValue = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string organisation, string type, string key, int threshold, CancellationToken _) =>
            db.Observables.AsNoTracking().Where(o => o.Type == type && o.MatchKey == key)
                .Select(o => new Found(o.Id, db.SignalObservables.Where(l => l.ObservableId == o.Id).OrderBy(l => l.OccurredAt).Take(threshold).Count(),
                    db.Organisations.Where(g => g.Id == organisation).Select(g => (OrganisationKind?)g.Kind).FirstOrDefault()))
                .FirstOrDefault()));

    private static readonly PerModel<Func<AppDbContext, string, string, int, CancellationToken, Task<Found?>>> ByPseudonym = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string organisation, string value, int threshold, CancellationToken _) =>
            (from p in db.Pseudonyms.AsNoTracking()
             where p.OrganisationId == organisation && p.Value == value
             join o in db.Observables on p.ObservableId equals o.Id
             select new Found(o.Id, db.SignalObservables.Where(l => l.ObservableId == o.Id).OrderBy(l => l.OccurredAt).Take(threshold).Count(),
                 db.Organisations.Where(g => g.Id == organisation).Select(g => (OrganisationKind?)g.Kind).FirstOrDefault()))
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

        var organisation = actor.OrganisationId ?? "";
        var size = Math.Clamp(limit ?? 25, 1, 100);
        var threshold = configuration.GetValue("Slagboom:Observables:CommonThreshold", DefaultCommonThreshold);
        string normalized;
        Found? found;
        var receipt = SightingWalks.Receipt.Any;
        if (Pseudonym.IsPseudonym(value.Trim()))
        {
            // One of the caller's own pseudonyms: the signals in which the caller was shown it.
            normalized = value.Trim().ToLowerInvariant();
            found = await ByPseudonym.For(db)(db, organisation, normalized, threshold, cancellationToken);
            receipt = SightingWalks.Receipt.NotInClear;
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
            found = await ByValue.For(db)(db, organisation, kind, key, threshold, cancellationToken);
            if (IdentifierChecker.IsPersonalData(kind))
            {
                receipt = SightingWalks.Receipt.InClear;
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

        var rows = await SightingWalks.NewestAsync(db, organisation, found.Kind == OrganisationKind.Public, Viewers.SeesContent(actor, found.Kind is not null),
            receipt, observableId, size + 1, after, cancellationToken: cancellationToken);
        var items = rows.Take(size).Select(r => r.ToSighting()).ToList();
        var next = rows.Count > size ? Cursor.Write(items[^1].OccurredAt, items[^1].SignalId) : null;
        return new SightingsPage(normalized, common, items, next);
    }

    /// <summary>Whether a value is named in at least <paramref name="threshold"/> signals; counts no further than that.</summary>
    internal static async Task<bool> IsCommonAsync(AppDbContext db, string observableId, int threshold, CancellationToken cancellationToken) =>
        await db.SignalObservables.Where(l => l.ObservableId == observableId).OrderBy(l => l.OccurredAt).Take(threshold).CountAsync(cancellationToken) >= threshold;
}

