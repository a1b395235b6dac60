using Microsoft.AspNetCore.Identity;

namespace Slagboom.Core.Accounts;

/// <summary>A person's account. Identity keeps the password hash, lockout and the authenticator key.</summary>
public sealed class User : IdentityUser
{
    public required string OrganisationId { get; set; }
    public bool IsDisabled { get; set; }
    public bool IsDemo { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A bearer token for machines and scripts. Only the SHA-256 hash of the token is kept; the token itself is shown
/// once when it is made.
/// </summary>
public sealed class ApiToken
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }
    /// <summary>The purpose logged with every read made with the token.</summary>
    public required string Purpose { get; set; }
    public required string Hash { get; set; }
    /// <summary>The first characters of the token, so that a person can tell tokens apart in a list.</summary>
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>
/// A one-time link: the setup link that creates the first platform admin, or a password-reset link made by an
/// organisation admin. Only the hash of the secret is kept.
/// </summary>
public sealed class OneTimeLink
{
    public required string Id { get; set; }
    public required string Purpose { get; set; }
    public string? UserId { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
