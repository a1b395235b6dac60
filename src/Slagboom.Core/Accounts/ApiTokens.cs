using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;

namespace Slagboom.Core.Accounts;

public sealed record NewApiToken(ApiToken Token, string Secret);

/// <summary>The principal behind a valid bearer token.</summary>
public sealed record TokenIdentity(User User, ApiToken Token);

/// <summary>API tokens: shown once, stored as a hash, revocable, expiring.</summary>
public sealed class ApiTokens(AppDbContext db, TimeProvider clock)
{
    public const string Prefix = "slg_";
    public const int DefaultDays = 90;
    public const int MaxDays = 730;

    public async Task<Result<NewApiToken>> CreateAsync(Actor actor, string userIdOrEmail, string? name, int? days, string? purpose, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var validDays = days ?? DefaultDays;
        if (validDays is < 1 or > MaxDays)
        {
            errors.Add("days", $"A token is valid for 1 to {MaxDays} days.");
        }

        var tokenPurpose = string.IsNullOrWhiteSpace(purpose) ? "api" : purpose.Trim();
        if (tokenPurpose.Length > 200)
        {
            errors.Add("purpose", "A purpose has at most 200 characters.");
        }

        var tokenName = string.IsNullOrWhiteSpace(name) ? tokenPurpose : name.Trim();
        if (tokenName.Length > 100)
        {
            errors.Add("name", "A name has at most 100 characters.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var key = userIdOrEmail.Trim();
        var lowered = key.ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == key || u.Email == lowered, cancellationToken);
        // A user makes their own tokens; the operator at the command line makes them for anyone.
        if (user is null || (!actor.IsOperator && actor.UserId != user.Id))
        {
            return new NotFound("No such user.");
        }

        if (user.IsDisabled)
        {
            return new Conflict("The user is disabled.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var secret = Secrets.New(Prefix);
        var token = new ApiToken
        {
            Id = Ids.New(),
            UserId = user.Id,
            Name = tokenName,
            Purpose = tokenPurpose,
            Hash = Secrets.Hash(secret),
            Prefix = secret[..(Prefix.Length + 6)],
            CreatedAt = now,
            ExpiresAt = now.AddDays(validDays),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new NewApiToken(token, secret);
    }

    /// <summary>
    /// Revokes a token by its id, or by the token itself (the command line accepts either). A user revokes their
    /// own tokens; the operator any.
    /// </summary>
    public async Task<Result<ApiToken>> RevokeAsync(Actor actor, string idOrSecret, CancellationToken cancellationToken = default)
    {
        var key = idOrSecret.Trim();
        var hash = Secrets.Hash(key);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == key || t.Hash == hash, cancellationToken);
        if (token is null || (!actor.IsOperator && token.UserId != actor.UserId))
        {
            return new NotFound("No such token.");
        }

        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public Task<List<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
        db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>The user and token behind a presented secret, when the token is live and its user enabled.</summary>
    public async Task<TokenIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var hash = Secrets.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.ApiTokens.Include(t => t.User)
            .FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken);
        if (token?.User is null || token.User.IsDisabled)
        {
            return null;
        }

        // Record use at most once a minute per token, not on every call.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return new TokenIdentity(token.User, token);
    }
}
