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
    public async Task<Viewer> ForAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.OrganisationId is null)
        {
            return new Viewer("", OrganisationKind.Private, [], [], SeesContent: false);
        }

        // One round trip: every request that reads content starts here.
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == actor.OrganisationId)
            .Select(o => new
            {
                o.Id,
                o.Kind,
                Mainports = o.Mainports.Select(m => m.MainportCode).ToList(),
                Groups = db.SharingGroupMembers.Where(m => m.OrganisationId == o.Id).Select(m => m.SharingGroupId).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (organisation is null)
        {
            return new Viewer(actor.OrganisationId, OrganisationKind.Private, [], [], SeesContent: false);
        }

        return new Viewer(organisation.Id, organisation.Kind, [.. organisation.Mainports], organisation.Groups, Role.Content.Any(actor.Has));
    }

    /// <summary>Every organisation as a content-reading viewer: to tell who a signal would reach.</summary>
    public async Task<List<(string Name, Viewer Viewer)>> AllOrganisationsAsync(CancellationToken cancellationToken = default)
    {
        var organisations = await db.Organisations.AsNoTracking().Include(o => o.Mainports).OrderBy(o => o.Name).ToListAsync(cancellationToken);
        var memberships = (await db.SharingGroupMembers.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(m => m.OrganisationId, m => m.SharingGroupId);
        return [.. organisations.Select(o => (o.Name, new Viewer(o.Id, o.Kind, [.. o.Mainports.Select(m => m.MainportCode)], [.. memberships[o.Id]], true)))];
    }
}
