using System.Text.Json.Serialization;

namespace Slagboom.Core.Signals;

/// <summary>A signal as written by its owner (API body and form): CONTRACT.md §4.</summary>
public sealed record SignalInput(
    string? Title,
    string? Description,
    string? PartnerSummary,
    string? Mainport,
    DateTimeOffset? OccurredAt,
    string? Category,
    IReadOnlyList<string>? ModusOperandi,
    int? ProcessStep,
    IReadOnlyList<ObservableInput>? Observables,
    DistributionInput? Distribution,
    string? Tlp,
    PersonalDataDisclosure? PersonalDataToPrivatePartners,
    string? Location = null,
    double? Latitude = null,
    double? Longitude = null);

public sealed record ObservableInput(string? Type, string? Value);

public sealed record DistributionInput(string? Level, string? GroupId);

/// <summary>The legal basis the owner records for disclosing personal data to private partners.</summary>
public sealed record PersonalDataDisclosure(string? LegalBasis);

/// <summary>A signal as one caller receives it: pseudonyms and the partner summary where the policy says so.</summary>
public sealed record SignalView(
    string Id,
    string Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PartnerSummary,
    string Mainport,
    string? Location,
    double? Latitude,
    double? Longitude,
    DateTime OccurredAt,
    string Category,
    IReadOnlyList<string> ModusOperandi,
    int? ProcessStep,
    IReadOnlyList<ObservableView> Observables,
    DistributionView Distribution,
    string Tlp,
    string Status,
    string OwnerOrganisationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PersonalDataDisclosure? PersonalDataToPrivatePartners,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? PublishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings)
{
    /// <summary>True when the caller received pseudonyms and the partner summary instead of the full text.</summary>
    [JsonIgnore]
    public bool Restricted { get; init; }
}

public sealed record ObservableView(string Type, string Value);

public sealed record DistributionView(string Level, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GroupId);

public sealed record SignalPage(IReadOnlyList<SignalView> Items, string? Next);

/// <summary>Who a signal reaches once published, by organisation.</summary>
public sealed record AudienceMember(string OrganisationId, string Name, bool Public, bool ReceivesPseudonyms);
