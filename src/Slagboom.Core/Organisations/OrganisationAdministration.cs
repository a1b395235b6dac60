using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Organisations;

namespace Slagboom.Core.Organisations;

public sealed record AddOrganisationRequest(string? Name, string? Kind, string? Sector, IReadOnlyList<string>? Mainports);

/// <summary>Adds and lists partner organisations. Only a platform admin adds; an org admin sees their own.</summary>
public sealed class OrganisationAdministration(AppDbContext db, TimeProvider clock)
{
    public async Task<Result<Organisation>> AddAsync(Actor actor, AddOrganisationRequest request, bool isDemo = false, CancellationToken cancellationToken = default)
    {
        if (!actor.IsPlatformAdmin)
        {
            return new Forbidden("Only a platform admin adds organisations.");
        }

        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "A name is required.");
        }
        else if (name.Length > 200)
        {
            errors.Add("name", "A name has at most 200 characters.");
        }

        var kind = OrganisationKinds.Parse(request.Kind);
        if (kind is null)
        {
            errors.Add("kind", "Kind must be 'public' or 'private'.");
        }

        var sector = request.Sector?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(sector))
        {
            errors.Add("sector", "A sector is required (for example police, customs, terminal).");
        }
        else if (sector.Length > 100)
        {
            errors.Add("sector", "A sector has at most 100 characters.");
        }

        var codes = new List<string>();
        foreach (var text in request.Mainports ?? [])
        {
            var code = MainportCode.Parse(text);
            if (code is null)
            {
                errors.Add("mainports", $"Unknown mainport '{text}'; use one of {string.Join(", ", MainportCode.All)}.");
            }
            else if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        if (codes.Count == 0 && request.Mainports is not { Count: > 0 })
        {
            errors.Add("mainports", "At least one mainport is required.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        if (await db.Organisations.AnyAsync(o => o.Name == name, cancellationToken))
        {
            return new Conflict($"An organisation named '{name}' already exists.");
        }

        var organisation = new Organisation
        {
            Id = Ids.New(),
            Name = name!,
            Kind = kind!.Value,
            Sector = sector!,
            IsDemo = isDemo,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        organisation.Mainports.AddRange(codes.Select(c => new OrganisationMainport { OrganisationId = organisation.Id, MainportCode = c }));
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        return organisation;
    }

    public async Task<List<Organisation>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var query = db.Organisations.AsNoTracking().Include(o => o.Mainports).AsQueryable();
        if (!actor.IsPlatformAdmin)
        {
            query = query.Where(o => o.Id == actor.OrganisationId);
        }

        return await query.OrderBy(o => o.Name).ToListAsync(cancellationToken);
    }

    public async Task<Result<Organisation>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (!actor.IsPlatformAdmin && actor.OrganisationId != id)
        {
            return new NotFound("No such organisation.");
        }

        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Mainports)
            .FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return organisation is null ? new NotFound("No such organisation.") : organisation;
    }
}
