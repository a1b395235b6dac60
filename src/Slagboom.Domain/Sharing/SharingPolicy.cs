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

    /// <summary>
    /// What a signal's links carry for <see cref="ReceivedInClear"/> (<see cref="SignalObservable.ClearOnlyTo"/>): null
    /// when the owner recorded a legal basis for disclosure (every viewer of the signal receives it in clear), else the
    /// owner organisation (the only private organisation that does). Every write path sets it through
    /// <see cref="SignalObservable.Of"/> or the same rule in SQL.
    /// </summary>
    public static string? LinkClearOnlyTo(Signal signal) => LinkClearOnlyTo(signal.OwnerOrganisationId, signal.PersonalDataLegalBasis);

    /// <summary><see cref="LinkClearOnlyTo(Signal)"/> from the owner and the legal basis (for writers without a <see cref="Signal"/>).</summary>
    public static string? LinkClearOnlyTo(string ownerOrganisationId, string? personalDataLegalBasis) => personalDataLegalBasis is null ? ownerOrganisationId : null;

    /// <summary>
    /// The values of <see cref="SignalObservable.ClearOnlyTo"/> on links of the signals that <paramref name="viewer"/>
    /// may receive in clear, or null when every signal qualifies (a public organisation). A pre-filter for an index
    /// walk only: the query must still apply <see cref="ReceivedInClear"/> (or its negation) to the signal, and a link
    /// outside these values is a signal that <see cref="ReceivedInClear"/> rejects — for a private organisation O,
    /// <c>ReceivedInClear(s)</c> ⇔ <c>s.OwnerOrganisationId == O || s.PersonalDataLegalBasis != null</c> ⇔
    /// <c>LinkClearOnlyTo(s) is null or O</c>.
    /// </summary>
    public static IReadOnlyList<string?>? LinkKeysReceivedInClear(Viewer viewer) => viewer.IsPublic ? null : [null, viewer.OrganisationId];

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
