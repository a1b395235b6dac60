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
    /// The rule of <see cref="Visible(Viewer)"/> with the viewer's facts as parameters: the organisation, its mainports, its
    /// sharing groups and whether it is public. Written once; <see cref="Visible(Viewer)"/> binds it to one viewer for a query
    /// and <see cref="CanSee"/> runs it compiled.
    /// </summary>
    private static readonly Expression<Func<Signal, string, IEnumerable<string>, IEnumerable<string>, bool, bool>> VisibleRule =
        (s, organisation, mainports, groups, isPublic) => s.OwnerOrganisationId == organisation
            || (s.Status == SignalStatus.Published
                && (s.Distribution == DistributionLevel.National
                    || (s.Distribution == DistributionLevel.Mainport && mainports.Contains(s.Mainport))
                    || (s.Distribution == DistributionLevel.PublicPartners && isPublic && mainports.Contains(s.Mainport))
                    || (s.Distribution == DistributionLevel.Group && s.SharingGroupId != null && groups.Contains(s.SharingGroupId))));

    /// <summary>The rule of <see cref="ReceivedInClear(Viewer)"/> with the viewer's organisation and whether it is public as parameters.</summary>
    private static readonly Expression<Func<Signal, string, bool, bool>> ReceivedInClearRule =
        (s, organisation, isPublic) => isPublic || s.OwnerOrganisationId == organisation || s.PersonalDataLegalBasis != null;

    // Compiled once: compiling an expression per call generated and jitted a new method for every check (a search
    // checked each hit on its page).
    private static readonly Func<Signal, string, IEnumerable<string>, IEnumerable<string>, bool, bool> VisibleCheck = VisibleRule.Compile();
    private static readonly Func<Signal, string, bool, bool> ReceivedInClearCheck = ReceivedInClearRule.Compile();

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

        var facts = new ViewerFacts(viewer.OrganisationId, [.. viewer.Mainports], [.. viewer.SharingGroupIds], viewer.IsPublic);
        return Bind(VisibleRule, facts, nameof(ViewerFacts.Organisation), nameof(ViewerFacts.Mainports), nameof(ViewerFacts.Groups), nameof(ViewerFacts.IsPublic));
    }

    /// <summary>
    /// The visible signals whose description and personal data <paramref name="viewer"/> receives in clear: the
    /// owner, public organisations, and private ones where the owner recorded a legal basis for disclosure.
    /// </summary>
    public static Expression<Func<Signal, bool>> ReceivedInClear(Viewer viewer) =>
        Bind(ReceivedInClearRule, new ViewerFacts(viewer.OrganisationId, [], [], viewer.IsPublic), nameof(ViewerFacts.Organisation), nameof(ViewerFacts.IsPublic));

    /// <summary>
    /// The rule of <see cref="Visible(Viewer)"/> over a signal and a viewer's facts given as expressions — for a compiled
    /// query, whose own parameters carry the facts (<c>Slagboom.Core.Sharing.PolicyInCompiledQueries</c>).
    /// </summary>
    public static Expression Visible(Expression signal, Expression organisation, Expression mainports, Expression groups, Expression isPublic) =>
        Inlining.Body(VisibleRule, signal, organisation, mainports, groups, isPublic);

    /// <summary>The rule of <see cref="ReceivedInClear(Viewer)"/> over a signal and a viewer's facts given as expressions, as <see cref="Visible(Expression, Expression, Expression, Expression, Expression)"/>.</summary>
    public static Expression ReceivedInClear(Expression signal, Expression organisation, Expression isPublic) =>
        Inlining.Body(ReceivedInClearRule, signal, organisation, isPublic);

    /// <summary>
    /// A rule with its viewer parameters replaced by the properties of <paramref name="facts"/>: a query provider reads
    /// them as values of the query (EF Core makes them SQL parameters, as it does for captured variables), so the
    /// query's shape is the same for every viewer.
    /// </summary>
    private static Expression<Func<Signal, bool>> Bind(LambdaExpression rule, ViewerFacts facts, params string[] properties)
    {
        var values = Expression.Constant(facts);
        var signal = rule.Parameters[0];
        return Expression.Lambda<Func<Signal, bool>>(Inlining.Body(rule, [signal, .. properties.Select(p => Expression.Property(values, p))]), signal);
    }

    /// <summary>What the rules need to know of a viewer.</summary>
    private sealed record ViewerFacts(string Organisation, List<string> Mainports, List<string> Groups, bool IsPublic);

    /// <summary>
    /// What a signal's links carry for <see cref="ReceivedInClear(Viewer)"/> (<see cref="SignalObservable.ClearOnlyTo"/>): null
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
    /// walk only: the query must still apply <see cref="ReceivedInClear(Viewer)"/> (or its negation) to the signal, and a link
    /// outside these values is a signal that <see cref="ReceivedInClear(Viewer)"/> rejects — for a private organisation O,
    /// <c>ReceivedInClear(s)</c> ⇔ <c>s.OwnerOrganisationId == O || s.PersonalDataLegalBasis != null</c> ⇔
    /// <c>LinkClearOnlyTo(s) is null or O</c>.
    /// </summary>
    public static IReadOnlyList<string?>? LinkKeysReceivedInClear(Viewer viewer) => viewer.IsPublic ? null : [null, viewer.OrganisationId];

    /// <summary>In-memory form of <see cref="Visible(Viewer)"/>, for a single signal already loaded.</summary>
    public static bool CanSee(Viewer viewer, Signal signal) =>
        viewer.SeesContent && VisibleCheck(signal, viewer.OrganisationId, viewer.Mainports, viewer.SharingGroupIds, viewer.IsPublic);

    /// <summary>In-memory form of <see cref="ReceivedInClear(Viewer)"/>.</summary>
    public static bool ReceivesInClear(Viewer viewer, Signal signal) => ReceivedInClearCheck(signal, viewer.OrganisationId, viewer.IsPublic);

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
