namespace Slagboom.Core.Notifications;

/// <summary>
/// An in-app notification for one user. It carries a kind and the task (and, for the case owner, the case) it is
/// about — no text of the task or the case: what a user may read is decided when the page is opened, by the same
/// rules as always.
/// </summary>
public sealed class Notification
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    public required string TaskId { get; set; }
    /// <summary>Only for notifications to the case owner's organisation.</summary>
    public string? CaseId { get; set; }
    public DateTime At { get; set; }
    public DateTime? ReadAt { get; set; }
}

public static class NotificationKinds
{
    /// <summary>A task was assigned to the user's organisation.</summary>
    public const string TaskAssigned = "task-assigned";

    /// <summary>The assigned organisation updated a task of a case the user's organisation owns.</summary>
    public const string TaskUpdated = "task-updated";

    /// <summary>A task of the user's organisation is due within a day.</summary>
    public const string TaskDueSoon = "task-due-soon";

    /// <summary>A task of the user's organisation is past its due date.</summary>
    public const string TaskOverdue = "task-overdue";
}
