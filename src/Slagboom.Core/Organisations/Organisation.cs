using Slagboom.Domain.Organisations;

namespace Slagboom.Core.Organisations;

/// <summary>A partner organisation: a public body or a private company taking part in one or more mainports.</summary>
public sealed class Organisation
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    /// <summary>Free text such as <c>police</c>, <c>customs</c>, <c>terminal</c>.</summary>
    public required string Sector { get; set; }
    public List<OrganisationMainport> Mainports { get; set; } = [];
    /// <summary>Part of the fictional demo data set; a demo load refuses to touch a database with real data.</summary>
    public bool IsDemo { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class OrganisationMainport
{
    public required string OrganisationId { get; set; }
    public required string MainportCode { get; set; }
}
