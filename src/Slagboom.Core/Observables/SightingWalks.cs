using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Sharing;
using Slagboom.Domain;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Observables;

/// <summary>
/// The signals naming an observable that a viewer may see, newest first (ties by id, descending), after a keyset
/// position: driven by the link index (observable, occurred, signal), so a page costs the same for a rare value and
/// for one named in a million signals — only visible signals are joined in, up to the page size. Behind sightings
/// and correlations.
/// <para>
/// The <see cref="Receipt"/> says which visible signals a walk keeps. For a private organisation the links are
/// pre-filtered by what they carry (<see cref="SignalObservable.ClearOnlyTo"/>), so that a private partner looking up
/// a common real personal-data value does not walk every link of the value to find the few it receives in clear:
/// signals it receives in clear are read as two index-ordered walks over (observable, clear-only-to, occurred,
/// signal) — links with a legal basis, and links of its own signals — each stopped at the page size, then merged
/// (<see cref="SharingPolicy.LinkKeysReceivedInClear"/>). The pre-filter only skips links whose signal the policy
/// would reject; the policy still decides.
/// </para>
/// <para>
/// Each shape (receipt, public or private viewer, with or without a cursor) is one compiled query, the policy
/// inlined with the viewer's organisation and kind as its parameters and its mainports and groups read by subqueries
/// (<see cref="PolicyInCompiledQueries"/>): a lookup builds no expression and EF neither translates nor looks up its
/// cache — that, with lists sent as a parameter per element, was 64 of a lookup's 115 KB of garbage.
/// </para>
/// </summary>
internal static class SightingWalks
{
    /// <summary>Which of the visible signals a walk keeps: all, those received in clear, or those received pseudonymised.</summary>
    internal enum Receipt
    {
        Any,
        InClear,
        NotInClear,
    }

    /// <summary>What a sightings page or a correlation shows of a signal.</summary>
    internal sealed record Row(string Id, string Title, string Mainport, DateTime OccurredAt, SignalCategory Category, Tlp Tlp)
    {
        public Sighting ToSighting() => new(Id, Title, Mainport, OccurredAt, Category.ToText(), Tlp.ToText());
    }

    /// <summary>
    /// The newest <paramref name="take"/> signals naming <paramref name="observableId"/> that <paramref name="viewer"/>
    /// may see, with <paramref name="receipt"/>, older than <paramref name="after"/>, other than <paramref name="except"/>.
    /// </summary>
    public static Task<List<Row>> NewestAsync(AppDbContext db, Viewer viewer, Receipt receipt, string observableId, int take,
        (DateTime At, string Id)? after = null, string? except = null, CancellationToken cancellationToken = default) =>
        NewestAsync(db, viewer.OrganisationId, viewer.IsPublic, viewer.SeesContent, receipt, observableId, take, after, except, cancellationToken);

    /// <summary>
    /// The same, for a reader known by its organisation, the organisation's kind and whether it sees content: the walk
    /// reads the organisation's mainports and groups itself, so a caller that has only these facts need not build a
    /// <see cref="Viewer"/> first.
    /// </summary>
    public static async Task<List<Row>> NewestAsync(AppDbContext db, string organisationId, bool isPublic, bool seesContent, Receipt receipt,
        string observableId, int take, (DateTime At, string Id)? after = null, string? except = null, CancellationToken cancellationToken = default)
    {
        if (!seesContent)
        {
            return [];
        }

        // A public organisation receives every link in clear (SharingPolicy.LinkKeysReceivedInClear gives no keys).
        var walk = Compiled.For(db).GetOrAdd(new Shape(receipt, isPublic, after is not null, take), Compile);
        var (at, afterId) = after ?? default;
        var rows = new List<Row>(take);
        await foreach (var row in walk(db, organisationId, observableId, except ?? "", at, afterId ?? "").WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// What a compiled walk is made for. The page size is part of it and goes into the SQL as a constant: PostgreSQL
    /// cannot estimate a <c>LIMIT</c> given as a parameter, so a prepared walk with one was planned anew at every run
    /// (its generic plan looked costlier than the custom ones) — 0.35–0.72 ms of planning per lookup at 1,000,000
    /// signals, more than the walk itself. With the constant the generic plan is used from the sixth run on. Callers
    /// use a handful of sizes (a page and one more; a correlation's few).
    /// </summary>
    private readonly record struct Shape(Receipt Receipt, bool PublicViewer, bool Cursor, int Take);

    private static readonly PerModel<ConcurrentDictionary<Shape, Func<AppDbContext, string, string, string, DateTime, string, IAsyncEnumerable<Row>>>> Compiled =
        new(() => new());

    /// <summary>
    /// One walk over the links that <see cref="Links"/> admits, joined to the signals the viewer may see that
    /// <see cref="Received"/> keeps, except one, after the cursor <see cref="After"/>.
    /// </summary>
    private static readonly Expression<Func<AppDbContext, string, bool, string, string, int, DateTime, string, IQueryable<Signal>>> Walk =
        (db, organisation, isPublic, observableId, except, take, at, afterId) =>
            (from l in db.SignalObservables
             where l.ObservableId == observableId && Links(l, organisation) && After(l, at, afterId)
             join s in db.Signals.Where(s => s.Id != except && PolicyInCompiledQueries.Visible(s, db, organisation, isPublic) && Received(s, organisation, isPublic))
                 on l.SignalId equals s.Id
             orderby l.OccurredAt descending, l.SignalId descending
             select s).Take(take);

    // The link's time is the signal's (kept in step by every write path), so merged walks order by the signal's.
    private static readonly Expression<Func<IQueryable<Signal>, IQueryable<Signal>, int, IQueryable<Row>>> Merge =
        (first, second, take) => first.Concat(second).OrderByDescending(s => s.OccurredAt).ThenByDescending(s => s.Id).Take(take)
            .Select(s => new Row(s.Id, s.Title, s.Mainport, s.OccurredAt, s.Category, s.Tlp));

    // The walk's plan is the same for every value (PlanChoice).
    private static readonly Expression<Func<IQueryable<Row>, IQueryable<Row>>> Tagged = rows => rows.TagWith(PlanChoice.GenericPlan);

    private static readonly Expression<Func<IQueryable<Signal>, IQueryable<Row>>> Project =
        walked => walked.Select(s => new Row(s.Id, s.Title, s.Mainport, s.OccurredAt, s.Category, s.Tlp));

#pragma warning disable CA1309 // string.Compare without a comparison is what EF translates to SQL's ordinal '<'
    private static readonly Expression<Func<SignalObservable, DateTime, string, bool>> AfterCursor =
        (l, at, afterId) => l.OccurredAt < at || (l.OccurredAt == at && string.Compare(l.SignalId, afterId) < 0);
#pragma warning restore CA1309

    private static readonly Expression<Func<SignalObservable, string, bool>> AllLinks = (l, organisation) => true;
    private static readonly Expression<Func<SignalObservable, string, bool>> LinksInClearToAll = (l, organisation) => l.ClearOnlyTo == null;
    private static readonly Expression<Func<SignalObservable, string, bool>> LinksInClearToOwner = (l, organisation) => l.ClearOnlyTo == organisation;
    private static readonly Expression<Func<SignalObservable, string, bool>> LinksInClearToOthers = (l, organisation) => l.ClearOnlyTo != null && l.ClearOnlyTo != organisation;

    private static Func<AppDbContext, string, string, string, DateTime, string, IAsyncEnumerable<Row>> Compile(Shape shape)
    {
        Expression<Func<Signal, string, bool, bool>> received = shape.Receipt switch
        {
            Receipt.Any => (s, organisation, isPublic) => true,
            Receipt.InClear => (s, organisation, isPublic) => PolicyInCompiledQueries.ReceivedInClear(s, organisation, isPublic),
            _ => (s, organisation, isPublic) => !PolicyInCompiledQueries.ReceivedInClear(s, organisation, isPublic),
        };

        Expression WalkOver(Expression<Func<SignalObservable, string, bool>> links) =>
            PolicyInCompiledQueries.Expand(Walk,
                (Marker(nameof(Links)), a => Inlining.Body(links, a)),
                (Marker(nameof(Received)), a => Inlining.Body(received, a)),
                (Marker(nameof(After)), a => shape.Cursor ? Inlining.Body(AfterCursor, a) : Expression.Constant(true))).Body;

        // A public organisation receives everything in clear: one walk over all links. A private one: see the class.
        var body = (shape.PublicViewer, shape.Receipt) switch
        {
            (false, Receipt.InClear) => Inlining.Body(Merge, WalkOver(LinksInClearToAll), WalkOver(LinksInClearToOwner), Walk.Parameters[5]),
            (false, Receipt.NotInClear) => Inlining.Body(Project, WalkOver(LinksInClearToOthers)),
            _ => Inlining.Body(Project, WalkOver(AllLinks)),
        };
        // The reader's kind and the page size become constants of the compiled walk (Shape); the other values stay parameters.
        var (isPublic, take) = (Walk.Parameters[2], Walk.Parameters[5]);
        var constants = Inlining.Body(Expression.Lambda(Inlining.Body(Tagged, body), isPublic, take), Expression.Constant(shape.PublicViewer), Expression.Constant(shape.Take));
        return EF.CompileAsyncQuery(Expression.Lambda<Func<AppDbContext, string, string, string, DateTime, string, IQueryable<Row>>>(constants,
            Walk.Parameters.Where(p => p != isPublic && p != take)));
    }

    private static MethodInfo Marker(string name) => typeof(SightingWalks).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    // Markers in the walk template, replaced by Compile; they never run.
    private static bool Links(SignalObservable link, string organisation) => throw new InvalidOperationException("Template marker.");

    private static bool Received(Signal signal, string organisation, bool isPublic) => throw new InvalidOperationException("Template marker.");

    private static bool After(SignalObservable link, DateTime at, string afterId) => throw new InvalidOperationException("Template marker.");
}
