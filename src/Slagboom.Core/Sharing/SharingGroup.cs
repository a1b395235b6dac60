namespace Slagboom.Core.Sharing;

/// <summary>
/// A named set of organisations a signal can be distributed to. It belongs to the creator's organisation, which is
/// always a member too.
/// </summary>
public sealed class SharingGroup
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string OwnerOrganisationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<SharingGroupMember> Members { get; set; } = [];
}

public sealed class SharingGroupMember
{
    public required string SharingGroupId { get; set; }
    public required string OrganisationId { get; set; }
}
