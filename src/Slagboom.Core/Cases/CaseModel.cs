using Slagboom.Domain.Signals;

namespace Slagboom.Core.Cases;

/// <summary>
/// A case (<em>casus</em>): the integral follow-up of one or more signals by the organisation that owns it, with
/// tasks for partner organisations. A case opens no second door to its signals: every organisation, the owner
/// included, sees a case's signal only when the sharing policy admits it (see docs/cases.md).
/// </summary>
public sealed class Case
{
    public required string Id { get; set; }
    public required string OwnerOrganisationId { get; set; }
    public required string CreatedByUserId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string Mainport { get; set; }
    /// <summary>The kind of signal the case follows up; its template proposes tasks.</summary>
    public SignalCategory Kind { get; set; }
    public CaseStatus Status { get; set; }
    /// <summary>When true, organisations with a task also see the case title (never the description). Default off.</summary>
    public bool ShareTitleWithAssignees { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public List<CaseSignal> Signals { get; set; } = [];
    public List<CaseTask> Tasks { get; set; } = [];
}

public enum CaseStatus
{
    Open = 1,
    Closed = 2,
}

/// <summary>A signal gathered in a case (many-to-many). Deleted with the signal.</summary>
public sealed class CaseSignal
{
    public required string CaseId { get; set; }
    public required string SignalId { get; set; }
    public required string AddedByUserId { get; set; }
    public DateTime AddedAt { get; set; }
}

/// <summary>A task for one partner organisation: what the owner wrote for it, a due date, and its progress.</summary>
public sealed class CaseTask
{
    public required string Id { get; set; }
    public required string CaseId { get; set; }
    public Case? Case { get; set; }
    public required string AssignedOrganisationId { get; set; }
    public required string Text { get; set; }
    /// <summary>The due day (a date; stored as midnight UTC). The task is overdue once that day has passed.</summary>
    public DateTime DueDate { get; set; }
    public CaseTaskStatus Status { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Set when the "due soon" notification went out, so that it goes out once.</summary>
    public DateTime? DueSoonNotifiedAt { get; set; }
    /// <summary>Set when the "overdue" notification went out, so that it goes out once.</summary>
    public DateTime? OverdueNotifiedAt { get; set; }
    public List<CaseTaskNote> Notes { get; set; } = [];
}

public enum CaseTaskStatus
{
    Open = 1,
    InProgress = 2,
    Done = 3,
    Declined = 4,
}

/// <summary>A progress note on a task, by the assigned organisation or the owner, with the status it set, if any.</summary>
public sealed class CaseTaskNote
{
    public required string Id { get; set; }
    public required string TaskId { get; set; }
    public required string OrganisationId { get; set; }
    public required string UserId { get; set; }
    public required string Text { get; set; }
    public CaseTaskStatus? StatusSet { get; set; }
    public DateTime At { get; set; }
}

/// <summary>An outcome in numbers: a seizure (kg of a drug), arrests, administrative measures, a referral to the RIEC, or a note.</summary>
public sealed class CaseOutcome
{
    public required string Id { get; set; }
    public required string CaseId { get; set; }
    /// <summary>The task it came from; always set when an assigned organisation registers it.</summary>
    public string? TaskId { get; set; }
    public required string OrganisationId { get; set; }
    public required string UserId { get; set; }
    public CaseOutcomeKind Kind { get; set; }
    /// <summary>For a seizure: cocaine, heroin, cannabis, synthetic, other.</summary>
    public string? Drug { get; set; }
    /// <summary>Kilograms for a seizure; a count for arrests, measures and referrals.</summary>
    public decimal Quantity { get; set; }
    public string? Note { get; set; }
    public DateTime At { get; set; }
}

public enum CaseOutcomeKind
{
    Seizure = 1,
    Arrests = 2,
    AdministrativeMeasures = 3,
    RiecReferral = 4,
    Note = 5,
}

/// <summary>One line of a case's timeline, visible to the owner organisation.</summary>
public sealed class CaseEvent
{
    public required string Id { get; set; }
    public required string CaseId { get; set; }
    /// <summary>created, updated, signal-added, signal-removed, task-assigned, task-updated, outcome, closed, reopened.</summary>
    public required string Action { get; set; }
    public string? UserId { get; set; }
    public string? OrganisationId { get; set; }
    /// <summary>What it concerns: a signal id, a task id, an outcome id.</summary>
    public string? Reference { get; set; }
    /// <summary>A short description (a status word, an outcome in numbers); never signal content.</summary>
    public string? Detail { get; set; }
    public DateTime At { get; set; }
}

/// <summary>An organisation's own template for a kind of signal, replacing the built-in default (see <see cref="CaseTemplates"/>).</summary>
public sealed class CaseTemplate
{
    public required string Id { get; set; }
    public required string OrganisationId { get; set; }
    public SignalCategory Kind { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedByUserId { get; set; }
    public List<CaseTemplateTask> Tasks { get; set; } = [];
}

/// <summary>A proposed task: the sector of the organisation that would carry it out, the text, and days until due.</summary>
public sealed class CaseTemplateTask
{
    public required string Id { get; set; }
    public required string TemplateId { get; set; }
    public int Position { get; set; }
    public required string Sector { get; set; }
    public required string Text { get; set; }
    public int DueDays { get; set; }
}
