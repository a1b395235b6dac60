using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Domain.Accounts;

namespace Slagboom.Core.Sharing;

public sealed record CreateSharingGroupRequest(string? Name, IReadOnlyList<string>? OrganisationIds);

public sealed record SharingGroupView(string Id, string Name, string OwnerOrganisationId, IReadOnlyList<string> OrganisationIds);

/// <summary>Sharing groups: any member or analyst makes one, with any organisations; it belongs to their organisation.</summary>
public sealed class SharingGroups(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Result<SharingGroupView>> CreateAsync(Actor actor, CreateSharingGroupRequest request, CancellationToken cancellationToken = default)
    {
        if (!Role.Content.Any(actor.Has) || actor.OrganisationId is null)
        {
            return new Forbidden("Only members and analysts make sharing groups.");
        }

        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors.Add("name", "A name of 1 to 200 characters is required.");
        }

        var ids = (request.OrganisationIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Organisations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var unknown in ids.Except(known))
        {
            errors.Add("organisationIds", $"No organisation with id '{unknown}'.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var group = new SharingGroup { Id = Ids.New(), Name = name!, OwnerOrganisationId = actor.OrganisationId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        // The owner organisation is always a member: it shares through its own group.
        group.Members.AddRange(ids.Append(actor.OrganisationId).Distinct(StringComparer.Ordinal)
            .Select(o => new SharingGroupMember { SharingGroupId = group.Id, OrganisationId = o }));
        db.SharingGroups.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("sharing-group.create", $"sharing-group:{group.Id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId,
            Recipients: string.Join(",", group.Members.Select(m => m.OrganisationId))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToView(group);
    }

    /// <summary>The groups the actor's organisation belongs to (and may so distribute to).</summary>
    public async Task<List<SharingGroupView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var groups = await db.SharingGroups.AsNoTracking().Include(g => g.Members)
            .Where(g => g.Members.Any(m => m.OrganisationId == actor.OrganisationId))
            .OrderBy(g => g.Name).ToListAsync(cancellationToken);
        return [.. groups.Select(ToView)];
    }

    private static SharingGroupView ToView(SharingGroup g) =>
        new(g.Id, g.Name, g.OwnerOrganisationId, [.. g.Members.Select(m => m.OrganisationId).Order(StringComparer.Ordinal)]);
}
