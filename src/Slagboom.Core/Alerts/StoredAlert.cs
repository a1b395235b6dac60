using Microsoft.EntityFrameworkCore;

namespace Slagboom.Core.Alerts;

/// <summary>The states of an alert in the control room.</summary>
public static class AlertStates
{
    public const string New = "new";
    public const string Acknowledged = "acknowledged";
    public const string Assigned = "assigned";
    public const string Closed = "closed";
}

/// <summary>
/// An alert raised by a rule, kept for the control room. Deduplicated: the same rule and key raised again while
/// the alert is open and within <see cref="AlertSettings.DedupMinutes"/> of its last raise adds to
/// <see cref="Count"/> and to its events instead of making a new alert.
/// </summary>
public sealed class StoredAlert
{
    public string Id { get; set; } = "";
    public string RuleId { get; set; } = "";

    /// <summary>The version of the stored rule that raised it (docs/rules.md, "Stored rules"); null for a rule from the rules folder.</summary>
    public int? RuleVersion { get; set; }
    public string Title { get; set; } = "";
    public string Severity { get; set; } = "";
    public string RuleType { get; set; } = "";
    public string Mainport { get; set; } = "";
    public string? Site { get; set; }

    /// <summary>What the alert is about (the rule's group values, for example a pass or a plate).</summary>
    public string Key { get; set; } = "";

    /// <summary>Event time of the first and the latest raise.</summary>
    public DateTime FirstAt { get; set; }
    public DateTime LastAt { get; set; }

    /// <summary>How often the rule raised it.</summary>
    public int Count { get; set; } = 1;

    public DateTime CreatedAt { get; set; }

    public string State { get; set; } = AlertStates.New;
    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AssignedTo { get; set; }
    public string? AssignedBy { get; set; }
    public DateTime? AssignedAt { get; set; }
    public string? ClosedBy { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Why it was closed (<see cref="AlertCloseReasons"/>): the false-alarm label kept for tuning rules.</summary>
    public string? CloseReason { get; set; }

    public List<AlertEvent> Events { get; set; } = [];
}

/// <summary>An event behind an alert, by the event's id (<see cref="Events.StoredEvent.EventId"/>).</summary>
public sealed class AlertEvent
{
    public string AlertId { get; set; } = "";
    public string EventId { get; set; } = "";
}

public static class AlertStorage
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<StoredAlert>(e =>
        {
            e.ToTable("Alerts");
            e.Property(a => a.Id).HasMaxLength(32);
            e.Property(a => a.RuleId).HasMaxLength(100);
            e.Property(a => a.Title).HasMaxLength(300);
            e.Property(a => a.Severity).HasMaxLength(16);
            e.Property(a => a.RuleType).HasMaxLength(16);
            e.Property(a => a.Mainport).HasMaxLength(3);
            e.Property(a => a.Site).HasMaxLength(200);
            e.Property(a => a.Key).HasMaxLength(620);
            e.Property(a => a.State).HasMaxLength(16);
            e.HasMany(a => a.Events).WithOne().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
            // The control room's list: a mainport's alerts, newest first; dedup looks up the open alert of a rule and key.
            e.HasIndex(a => new { a.Mainport, a.LastAt });
            e.HasIndex(a => new { a.RuleId, a.Key, a.State });
        });
        builder.Entity<AlertEvent>(e =>
        {
            e.ToTable("AlertEvents");
            e.HasKey(x => new { x.AlertId, x.EventId });
            e.Property(x => x.EventId).HasMaxLength(200);
        });
    }
}
