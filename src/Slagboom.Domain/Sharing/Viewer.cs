using Slagboom.Domain.Organisations;

namespace Slagboom.Domain.Sharing;

/// <summary>
/// Everything the sharing policy needs to know about who is reading: their organisation, its kind and mainports,
/// the sharing groups it belongs to, and whether the user's roles see content at all.
/// </summary>
/// <param name="OrganisationId">The reader's organisation.</param>
/// <param name="Kind">Public or private.</param>
/// <param name="Mainports">Mainport codes the organisation takes part in.</param>
/// <param name="SharingGroupIds">Sharing groups the organisation is a member of.</param>
/// <param name="SeesContent">True when the user holds <c>member</c> or <c>analyst</c>.</param>
public sealed record Viewer(
    string OrganisationId,
    OrganisationKind Kind,
    IReadOnlyCollection<string> Mainports,
    IReadOnlyCollection<string> SharingGroupIds,
    bool SeesContent)
{
    /// <summary>True for a public organisation.</summary>
    public bool IsPublic => Kind == OrganisationKind.Public;
}
