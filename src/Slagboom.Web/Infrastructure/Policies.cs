using Slagboom.Domain.Accounts;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// Authorisation policies. Every endpoint names one of these or is explicitly anonymous (a convention test
/// checks it); resource visibility is decided by the use cases on top of that.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user or token.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Member or analyst: the roles that see shared content.</summary>
    public const string Content = "content";

    /// <summary>Org admin or platform admin.</summary>
    public const string AccountAdmin = "account-admin";

    public const string PlatformAdmin = "platform-admin";

    public const string Auditor = "auditor";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Content, p => p.RequireRole(Role.Member, Role.Analyst));
        options.AddPolicy(AccountAdmin, p => p.RequireRole(Role.OrgAdmin, Role.PlatformAdmin));
        options.AddPolicy(PlatformAdmin, p => p.RequireRole(Role.PlatformAdmin));
        options.AddPolicy(Auditor, p => p.RequireRole(Role.Auditor));
        // Deny by default: an endpoint that forgot to say gets the strictest sensible answer.
        options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
