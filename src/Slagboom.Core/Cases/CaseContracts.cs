using System.Text.Json.Serialization;

namespace Slagboom.Core.Cases;

/// <summary>A new case: title, description, mainport, kind (a signal category word), and optionally its first signals.</summary>
public sealed record CaseInput(string? Title, string? Description, string? Mainport, string? Kind, bool? ShareTitleWithAssignees = null, IReadOnlyList<string>? SignalIds = null);

/// <summary>A change to a case by its owner; fields left out stay as they are. Status is <c>open</c> or <c>closed</c>.</summary>
public sealed record CaseUpdateInput(string? Title = null, string? Description = null, string? Status = null, bool? ShareTitleWithAssignees = null);

public sealed record CaseSignalInput(string? SignalId);

/// <summary>A task for an organisation, with a due day (<c>yyyy-MM-dd</c>).</summary>
public sealed record TaskInput(string? OrganisationId, string? Text, DateOnly? DueDate);

/// <summary>
/// A change to a task: the assigned organisation sets <see cref="Status"/> (open, in-progress, done, declined); the
/// owner changes <see cref="Text"/> and <see cref="DueDate"/>; either adds a <see cref="Note"/>.
/// </summary>
public sealed record TaskUpdateInput(string? Status = null, string? Note = null, string? Text = null, DateOnly? DueDate = null);

/// <summary>
/// An outcome: kind <c>seizure</c> (quantity in kg, with a drug), <c>arrests</c>, <c>administrative-measures</c>,
/// <c>riec-referral</c> (counts) or <c>note</c>; an assigned organisation names its task.
/// </summary>
public sealed record OutcomeInput(string? Kind, decimal? Quantity = null, string? Drug = null, string? Note = null, string? TaskId = null);

/// <summary>
/// A case as one caller may see it. The owner organisation sees everything; an organisation with a task sees
/// (<see cref="Access"/> = <c>assignee</c>) its own tasks and outcomes, the title only when the owner shares it,
/// and — like everyone — only the case's signals that the sharing policy admits.
/// </summary>
public sealed record CaseView(
    string Id,
    string Access,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mainport,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ShareTitleWithAssignees,
    string OwnerOrganisationName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? ClosedAt,
    IReadOnlyList<CaseSignalView> Signals,
    IReadOnlyList<TaskView> Tasks,
    IReadOnlyList<OutcomeView> Outcomes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CaseEventView>? Timeline)
{
    [JsonIgnore]
    public bool IsOwner => Access == CaseService.OwnerAccess;
}

/// <summary>A case's signal as the caller receives it: the partner summary instead of the description where the policy says so.</summary>
public sealed record CaseSignalView(
    string Id,
    string Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    string Mainport,
    string Category,
    string Tlp,
    string Status,
    bool Restricted);

public sealed record TaskView(
    string Id,
    string CaseId,
    string AssignedOrganisationId,
    string AssignedOrganisationName,
    string RequestedByOrganisationName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CaseTitle,
    string Text,
    DateOnly DueDate,
    string Status,
    bool Overdue,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<TaskNoteView> Notes)
{
    [JsonIgnore]
    public bool MayChangeStatus { get; init; }

    [JsonIgnore]
    public bool MayChangeText { get; init; }
}

public sealed record TaskNoteView(string Text, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status, string OrganisationName, DateTime At);

public sealed record OutcomeView(
    string Id,
    string Kind,
    decimal Quantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Drug,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TaskId,
    string OrganisationName,
    DateTime At);

public sealed record CaseEventView(
    string Action,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OrganisationName,
    DateTime At);

/// <summary>A line of the owner's case list.</summary>
public sealed record CaseSummary(string Id, string Title, string Mainport, string Kind, string Status, int OpenTasks, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A task the case's template proposes, with the organisations of that sector in the case's mainport.</summary>
public sealed record ProposedTask(string Sector, string Text, DateOnly DueDate, IReadOnlyList<OrganisationChoice> Candidates);

public sealed record OrganisationChoice(string Id, string Name, string Sector);
