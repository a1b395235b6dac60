using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Domain.Accounts;

namespace Slagboom.Core.Accounts;

public sealed record AddUserRequest(string? OrganisationId, string? Email, IReadOnlyList<string>? Roles);

public sealed record NewUser(User User, IReadOnlyList<string> Roles, string Password);

public sealed record UserView(string Id, string Email, string OrganisationId, IReadOnlyList<string> Roles, bool Disabled, bool TwoFactorEnabled, DateTime CreatedAt);

/// <summary>
/// Accounts: add, list, disable, password reset. A platform admin administers every organisation, an org admin
/// their own; an org admin cannot hand out the platform-admin or auditor role.
/// </summary>
public sealed class UserAdministration(AppDbContext db, UserManager<User> users, TimeProvider clock)
{
    private static readonly string[] PlatformOnlyRoles = [Role.PlatformAdmin, Role.Auditor];

    public async Task<Result<NewUser>> AddAsync(Actor actor, AddUserRequest request, bool isDemo = false, string? password = null, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var organisationId = request.OrganisationId?.Trim();
        if (string.IsNullOrEmpty(organisationId))
        {
            errors.Add("organisationId", "An organisation is required.");
        }

        var email = request.Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Length > 254)
        {
            errors.Add("email", "A valid e-mail address is required.");
        }

        var roles = new List<string>();
        foreach (var text in request.Roles ?? [])
        {
            var role = Role.Parse(text);
            if (role is null)
            {
                errors.Add("roles", $"Unknown role '{text}'; use one of {string.Join(", ", Role.All)}.");
            }
            else if (!roles.Contains(role))
            {
                roles.Add(role);
            }
        }

        if (request.Roles is not { Count: > 0 })
        {
            errors.Add("roles", "At least one role is required.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        if (!actor.AdministersOrganisation(organisationId!))
        {
            // Not revealing whether the organisation exists.
            return new NotFound("No such organisation.");
        }

        if (!actor.IsPlatformAdmin && roles.Any(PlatformOnlyRoles.Contains))
        {
            return new Forbidden("Only a platform admin grants the platform-admin or auditor role.");
        }

        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            return new NotFound("No such organisation.");
        }

        if (await users.FindByEmailAsync(email!) is not null)
        {
            return new Conflict($"A user with e-mail {email} already exists.");
        }

        password ??= Secrets.NewPassword();
        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            OrganisationId = organisationId!,
            IsDemo = isDemo,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new Invalid("password", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded)
        {
            return new Invalid("roles", string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        await transaction.CommitAsync(cancellationToken);
        return new NewUser(user, roles, password);
    }

    public async Task<List<UserView>> ListAsync(Actor actor, string? organisationId = null, CancellationToken cancellationToken = default)
    {
        var query = db.Users.AsNoTracking();
        if (!actor.IsPlatformAdmin)
        {
            if (!actor.Has(Role.OrgAdmin))
            {
                return [];
            }

            query = query.Where(u => u.OrganisationId == actor.OrganisationId);
        }

        if (organisationId is not null)
        {
            query = query.Where(u => u.OrganisationId == organisationId);
        }

        var rows = await query.OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var ids = rows.Select(u => u.Id).ToList();
        var roleRows = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              where ids.Contains(ur.UserId)
                              select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var roles = roleRows.ToLookup(r => r.UserId, r => r.Name!);
        return [.. rows.Select(u => new UserView(u.Id, u.Email!, u.OrganisationId, [.. roles[u.Id].Order()], u.IsDisabled, u.TwoFactorEnabled, u.CreatedAt))];
    }

    /// <summary>Finds a user the actor administers; anything else is not found.</summary>
    public async Task<Result<User>> FindAdministeredAsync(Actor actor, string idOrEmail, CancellationToken cancellationToken = default)
    {
        var key = idOrEmail.Trim();
        var lowered = key.ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == key || u.Email == lowered, cancellationToken);
        if (user is null || !actor.AdministersOrganisation(user.OrganisationId))
        {
            return new NotFound("No such user.");
        }

        return user;
    }

    /// <summary>
    /// Disables a user: the account is locked, its security stamp changes (which ends every cookie session at the
    /// next request) and every API token is revoked, in one transaction.
    /// </summary>
    public async Task<Result<User>> DisableAsync(Actor actor, string idOrEmail, CancellationToken cancellationToken = default)
    {
        var found = await FindAdministeredAsync(actor, idOrEmail, cancellationToken);
        if (!found.Ok)
        {
            return found;
        }

        var user = found.Value!;
        if (user.Id == actor.UserId)
        {
            return new Conflict("You cannot disable your own account.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        user.IsDisabled = true;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        await users.UpdateSecurityStampAsync(user);
        await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    public async Task<IList<string>> RolesOfAsync(User user) => await users.GetRolesAsync(user);
}
