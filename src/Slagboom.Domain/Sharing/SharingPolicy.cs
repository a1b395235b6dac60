using System.Linq.Expressions;
using Slagboom.Domain.Signals;

namespace Slagboom.Domain.Sharing;

/// <summary>
/// The one sharing policy (CONTRACT.md §5). Every read path — page, API, list, search, correlation, export — asks
/// it. Its rules are written once, as expressions, so that a database query filters with exactly the rule that an
/// in-memory check applies: nothing is loaded first and filtered afterwards.
/// </summary>
public static class SharingPolicy
{
    /// <summary>
    /// The signals <paramref name="viewer"/> may see: their own organisation's (drafts included), and published ones
    /// whose distribution admits the organisation. Nothing at all without a content role.
    /// </summary>
    public static Expression<Func<Signal, bool>> Visible(Viewer viewer)
    {
        if (!viewer.SeesContent)
        {
            return _ => false;
        }

        var organisation = viewer.OrganisationId;
        var mainports = viewer.Mainports.ToList();
        var groups = viewer.SharingGroupIds.ToList();
        var isPublic = viewer.IsPublic;
        return s => s.OwnerOrganisationId == organisation
            || (s.Status == SignalStatus.Published
                && (s.Distribution == DistributionLevel.National
                    || (s.Distribution == DistributionLevel.Mainport && mainports.Contains(s.Mainport))
                    || (s.Distribution == DistributionLevel.PublicPartners && isPublic && mainports.Contains(s.Mainport))
                    || (s.Distribution == DistributionLevel.Group && s.SharingGroupId != null && groups.Contains(s.SharingGroupId))));
    }

    /// <summary>
    /// The visible signals whose description and personal data <paramref name="viewer"/> receives in clear: the
    /// owner, public organisations, and private ones where the owner recorded a legal basis for disclosure.
    /// </summary>
    public static Expression<Func<Signal, bool>> ReceivedInClear(Viewer viewer)
    {
        var organisation = viewer.OrganisationId;
        var isPublic = viewer.IsPublic;
        return s => isPublic || s.OwnerOrganisationId == organisation || s.PersonalDataLegalBasis != null;
    }

    /// <summary>In-memory form of <see cref="Visible"/>, for a single signal already loaded.</summary>
    public static bool CanSee(Viewer viewer, Signal signal) => Visible(viewer).Compile()(signal);

    /// <summary>In-memory form of <see cref="ReceivedInClear"/>.</summary>
    public static bool ReceivesInClear(Viewer viewer, Signal signal) => ReceivedInClear(viewer).Compile()(signal);

    /// <summary>Only the owner organisation changes a signal, its distribution or its TLP.</summary>
    public static bool CanChange(Viewer viewer, Signal signal) =>
        viewer.SeesContent && signal.OwnerOrganisationId == viewer.OrganisationId;

    /// <summary>
    /// Why a distribution and marking do not go together, or null when they do: TLP:RED is for named recipients,
    /// so it allows only <c>organisation</c> or <c>group</c>.
    /// </summary>
    public static string? CheckMarking(DistributionLevel level, Tlp tlp) =>
        tlp == Tlp.Red && level is not (DistributionLevel.Organisation or DistributionLevel.Group)
            ? "A TLP:RED signal may only have distribution 'organisation' or 'group'."
            : null;
}
