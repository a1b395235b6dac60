using Slagboom.Domain.Accounts;

namespace Slagboom.Core.Accounts;

/// <summary>
/// Who asks for a use case: a signed-in user (web, API token) or the operator at the server's command line, who
/// holds the machine and so every administrative power.
/// </summary>
public sealed record Actor(string? UserId, string? OrganisationId, IReadOnlySet<string> Roles)
{
    public static Actor Operator { get; } = new(null, null, new HashSet<string>(Role.All));

    public bool IsOperator => UserId is null;

    public bool Has(string role) => Roles.Contains(role);

    public bool IsPlatformAdmin => IsOperator || Has(Role.PlatformAdmin);

    /// <summary>May administer the accounts of <paramref name="organisationId"/>.</summary>
    public bool AdministersOrganisation(string organisationId) =>
        IsPlatformAdmin || (Has(Role.OrgAdmin) && OrganisationId == organisationId);
}
