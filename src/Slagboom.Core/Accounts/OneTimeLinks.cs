using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Organisations;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Mainports;

namespace Slagboom.Core.Accounts;

/// <summary>
/// One-time links: the setup link that creates the first platform admin on an empty installation (so that no
/// installation ever ships a known password), and password-reset links made by an organisation admin.
/// </summary>
public sealed class OneTimeLinks(AppDbContext db, UserManager<User> users, OrganisationAdministration organisations, UserAdministration accounts, TimeProvider clock)
{
    public const string SetupPurpose = "setup";
    public const string ResetPurpose = "password-reset";
    public static readonly TimeSpan SetupValidity = TimeSpan.FromHours(1);
    public static readonly TimeSpan ResetValidity = TimeSpan.FromHours(24);

    /// <summary>
    /// When no user exists yet, makes a new setup link (earlier unused ones stop working) and returns its secret;
    /// otherwise null.
    /// </summary>
    public async Task<string?> CreateSetupLinkIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.OneTimeLinks.Where(l => l.Purpose == SetupPurpose && l.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), cancellationToken);
        return await CreateAsync(SetupPurpose, null, SetupValidity, cancellationToken);
    }

    public async Task<bool> IsValidAsync(string purpose, string? secret, CancellationToken cancellationToken = default) =>
        await FindLiveAsync(purpose, secret, cancellationToken) is not null;

    public sealed record SetupRequest(string? OrganisationName, string? Email, string? Password);

    /// <summary>Uses the setup link: creates the operator's organisation and the first platform admin.</summary>
    public async Task<Result<User>> CompleteSetupAsync(string? secret, SetupRequest request, CancellationToken cancellationToken = default)
    {
        var link = await FindLiveAsync(SetupPurpose, secret, cancellationToken);
        if (link is null || await db.Users.AnyAsync(cancellationToken))
        {
            return new NotFound("This setup link is not valid (any more).");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var organisation = await organisations.AddAsync(Actor.Operator,
            new AddOrganisationRequest(request.OrganisationName, "public", "platform", MainportCode.All), cancellationToken: cancellationToken);
        if (!organisation.Ok)
        {
            return organisation.Error!;
        }

        var created = await accounts.AddAsync(Actor.Operator,
            new AddUserRequest(organisation.Value!.Id, request.Email, [Role.PlatformAdmin]), password: request.Password, cancellationToken: cancellationToken);
        if (!created.Ok)
        {
            return created.Error!;
        }

        link.UsedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created.Value!.User;
    }

    /// <summary>An org admin makes a reset link for a user of their organisation.</summary>
    public async Task<Result<string>> CreateResetLinkAsync(Actor actor, string userIdOrEmail, CancellationToken cancellationToken = default)
    {
        var found = await accounts.FindAdministeredAsync(actor, userIdOrEmail, cancellationToken);
        if (!found.Ok)
        {
            return found.Error!;
        }

        if (found.Value!.IsDisabled)
        {
            return new Conflict("The user is disabled.");
        }

        return await CreateAsync(ResetPurpose, found.Value.Id, ResetValidity, cancellationToken);
    }

    /// <summary>Sets a new password with a reset link; the link is spent, lockout cleared, other sessions ended.</summary>
    public async Task<Result<User>> ResetPasswordAsync(string? secret, string? newPassword, CancellationToken cancellationToken = default)
    {
        var link = await FindLiveAsync(ResetPurpose, secret, cancellationToken);
        var user = link?.UserId is null ? null : await users.FindByIdAsync(link.UserId);
        if (link is null || user is null || user.IsDisabled)
        {
            return new NotFound("This reset link is not valid (any more).");
        }

        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, newPassword ?? "");
            if (!check.Succeeded)
            {
                return new Invalid("password", string.Join(" ", check.Errors.Select(e => e.Description)));
            }
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await users.RemovePasswordAsync(user);
        var added = await users.AddPasswordAsync(user, newPassword!);
        if (!added.Succeeded)
        {
            return new Invalid("password", string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        link.UsedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    private async Task<string> CreateAsync(string purpose, string? userId, TimeSpan validity, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = Secrets.New("");
        db.OneTimeLinks.Add(new OneTimeLink
        {
            Id = Ids.New(),
            Purpose = purpose,
            UserId = userId,
            Hash = Secrets.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now + validity,
        });
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    private async Task<OneTimeLink?> FindLiveAsync(string purpose, string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = Secrets.Hash(secret.Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.OneTimeLinks.FirstOrDefaultAsync(
            l => l.Hash == hash && l.Purpose == purpose && l.UsedAt == null && l.ExpiresAt > now, cancellationToken);
    }
}
