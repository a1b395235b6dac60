namespace Slagboom.Domain.Organisations;

/// <summary>
/// Whether a partner is a public body (police, customs, prosecution, municipality) or a private company
/// (terminal, shipping line, haulier). The sharing policy treats the two differently.
/// </summary>
public enum OrganisationKind
{
    /// <summary>A public body.</summary>
    Public = 1,

    /// <summary>A private company or association.</summary>
    Private = 2,
}

/// <summary>Text forms of <see cref="OrganisationKind"/> as the contract writes them.</summary>
public static class OrganisationKinds
{
    /// <summary>Reads <c>public</c> or <c>private</c>; null otherwise.</summary>
    public static OrganisationKind? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "public" => OrganisationKind.Public,
        "private" => OrganisationKind.Private,
        _ => null,
    };

    /// <summary>The contract's text for a kind.</summary>
    public static string ToText(this OrganisationKind kind) => kind == OrganisationKind.Public ? "public" : "private";
}
