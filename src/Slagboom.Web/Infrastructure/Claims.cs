using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Domain.Accounts;

namespace Slagboom.Web.Infrastructure;

/// <summary>Claim types Slagboom adds to a principal, and reading them back.</summary>
public static class SlagboomClaims
{
    public const string Organisation = "slagboom:org";
    public const string OrganisationName = "slagboom:org_name";
    public const string Purpose = "slagboom:purpose";
    public const string TokenId = "slagboom:token";
    public const string SecondFactorRequired = "slagboom:mfa_required";
    /// <summary>Authentication methods (RFC 8176): Identity writes <c>mfa</c> after a second factor.</summary>
    public const string AuthenticationMethod = "amr";

    public static Actor ToActor(this ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier),
        principal.FindFirstValue(Organisation),
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// True for a cookie session of a user whose role demands a second factor that this session has not given;
    /// such a session may only enrol or sign out.
    /// </summary>
    public static bool LacksRequiredSecondFactor(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true
        && principal.FindFirstValue(TokenId) is null
        && principal.HasClaim(SecondFactorRequired, "true")
        && !principal.HasClaim(AuthenticationMethod, "mfa");
}

/// <summary>Adds the organisation and the second-factor demand to the cookie principal.</summary>
public sealed class SlagboomClaimsPrincipalFactory(UserManager<User> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<User, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SlagboomClaims.Organisation, user.OrganisationId));
        var organisation = await db.Organisations.FindAsync(user.OrganisationId);
        identity.AddClaim(new Claim(SlagboomClaims.OrganisationName, organisation?.Name ?? ""));
        var userRoles = identity.FindAll(identity.RoleClaimType).Select(c => c.Value);
        if (Role.TwoFactorRequiredFor(userRoles))
        {
            identity.AddClaim(new Claim(SlagboomClaims.SecondFactorRequired, "true"));
        }

        return identity;
    }
}
