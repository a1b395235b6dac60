namespace Slagboom.Domain.Accounts;

/// <summary>
/// The roles of the contract (CONTRACT.md §2). Only <see cref="Member"/> and <see cref="Analyst"/> give access to
/// shared content; the others administer or audit and see no content by themselves.
/// </summary>
public static class Role
{
    /// <summary>Partner staff: report, read what is shared with their organisation, carry out tasks.</summary>
    public const string Member = "member";

    /// <summary>ISC analyst: triage, enrich, correlate, share.</summary>
    public const string Analyst = "analyst";

    /// <summary>Administers the accounts of one organisation.</summary>
    public const string OrgAdmin = "org-admin";

    /// <summary>Administers the platform: organisations, mainport settings, every account.</summary>
    public const string PlatformAdmin = "platform-admin";

    /// <summary>Auditor or privacy officer: reads the audit trail, answers data-subject requests.</summary>
    public const string Auditor = "auditor";

    /// <summary>All roles.</summary>
    public static IReadOnlyList<string> All { get; } = [Member, Analyst, OrgAdmin, PlatformAdmin, Auditor];

    /// <summary>Roles that see shared content.</summary>
    public static IReadOnlyList<string> Content { get; } = [Member, Analyst];

    /// <summary>
    /// Roles whose holders must sign in with a second factor: they either see much (analysts) or can change who
    /// sees what (administrators, auditors).
    /// </summary>
    public static IReadOnlyList<string> RequiringTwoFactor { get; } = [Analyst, OrgAdmin, PlatformAdmin, Auditor];

    /// <summary>Reads a role name; null when it is not one of the contract's roles.</summary>
    public static string? Parse(string? text)
    {
        var role = text?.Trim().ToLowerInvariant();
        return role is not null && All.Contains(role) ? role : null;
    }

    /// <summary>True when any of <paramref name="roles"/> requires two-factor sign-in.</summary>
    public static bool TwoFactorRequiredFor(IEnumerable<string> roles) => roles.Any(RequiringTwoFactor.Contains);
}
