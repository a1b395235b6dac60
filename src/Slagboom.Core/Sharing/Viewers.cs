using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Organisations;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Sharing;

/// <summary>Builds the sharing policy's <see cref="Viewer"/> for an actor, from the database as it is now.</summary>
public sealed class Viewers(AppDbContext db)
{
    private sealed record OrganisationFacts(string Id, OrganisationKind Kind, List<string> Mainports, List<string> Groups);

    /// <summary>
    /// An organisation's mainports and sharing groups as subqueries, for a compiled query that applies the sharing
    /// policy with the facts read in SQL (<see cref="PolicyInCompiledQueries"/>): the same rows <see cref="Organisation"/> reads.
    /// </summary>
    internal static readonly Expression<Func<AppDbContext, string, IQueryable<string>>> MainportsOf =
        (db, organisation) => db.OrganisationMainports.Where(m => m.OrganisationId == organisation).Select(m => m.MainportCode);

    /// <inheritdoc cref="MainportsOf"/>
    internal static readonly Expression<Func<AppDbContext, string, IQueryable<string>>> GroupsOf =
        (db, organisation) => db.SharingGroupMembers.Where(m => m.OrganisationId == organisation).Select(m => m.SharingGroupId);

    private static readonly PerModel<Func<AppDbContext, string, CancellationToken, Task<OrganisationFacts?>>> Organisation = new(() => EF.CompileAsyncQuery((AppDbContext db, string id, CancellationToken _) =>
        // One statement: an organisation has a handful of mainports and groups, so the joined rows stay few.
        db.Organisations.AsNoTracking().AsSingleQuery().Where(o => o.Id == id)
            .Select(o => new OrganisationFacts(
                o.Id,
                o.Kind,
                o.Mainports.Select(m => m.MainportCode).ToList(),
                db.SharingGroupMembers.Where(m => m.OrganisationId == o.Id).Select(m => m.SharingGroupId).ToList()))
            .FirstOrDefault()));

    public async Task<Viewer> ForAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.OrganisationId is null)
        {
            return new Viewer("", OrganisationKind.Private, [], [], SeesContent: false);
        }

        // One round trip, a compiled query: every request that reads content starts here.
        var organisation = await Organisation.For(db)(db, actor.OrganisationId, cancellationToken);
        if (organisation is null)
        {
            return new Viewer(actor.OrganisationId, OrganisationKind.Private, [], [], SeesContent: false);
        }

        return new Viewer(organisation.Id, organisation.Kind, [.. organisation.Mainports], organisation.Groups, SeesContent(actor, organisationExists: true));
    }

    /// <summary>Whether an actor reads content: a member or analyst of an organisation that exists (the one rule, also for callers that read the organisation themselves).</summary>
    internal static bool SeesContent(Actor actor, bool organisationExists) => organisationExists && Role.Content.Any(actor.Has);

    /// <summary>Every organisation as a content-reading viewer: to tell who a signal would reach.</summary>
    public async Task<List<(string Name, Viewer Viewer)>> AllOrganisationsAsync(CancellationToken cancellationToken = default)
    {
        var organisations = await db.Organisations.AsNoTracking().Include(o => o.Mainports).OrderBy(o => o.Name).ToListAsync(cancellationToken);
        var memberships = (await db.SharingGroupMembers.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(m => m.OrganisationId, m => m.SharingGroupId);
        return [.. organisations.Select(o => (o.Name, new Viewer(o.Id, o.Kind, [.. o.Mainports.Select(m => m.MainportCode)], [.. memberships[o.Id]], true)))];
    }
}
