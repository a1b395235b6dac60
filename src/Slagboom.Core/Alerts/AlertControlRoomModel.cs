using Microsoft.EntityFrameworkCore;

namespace Slagboom.Core.Alerts;

/// <summary>Why an operator closed an alert: one word from a short list, so that false alarms can be counted per rule.</summary>
public static class AlertCloseReasons
{
    public const string FalseAlarm = "false-alarm";
    public const string Handled = "handled";
    public const string Duplicate = "duplicate";
    public const string Maintenance = "maintenance";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [FalseAlarm, Handled, Duplicate, Maintenance, Other];
}

/// <summary>One step in an alert's life (acknowledge, assign, close, promote): who, when and the detail (assignee, reason).</summary>
public sealed class AlertHistoryEntry
{
    public long Id { get; set; }
    public string AlertId { get; set; } = "";
    public DateTime At { get; set; }

    /// <summary><c>acknowledge</c>, <c>assign</c>, <c>close</c> or <c>promote</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>The user; null when the platform did it (automatic promotion).</summary>
    public string? ByUserId { get; set; }

    /// <summary>The assignee, the close reason, or what the promotion refused.</summary>
    public string? Detail { get; set; }
}

/// <summary>
/// An alert promoted to the triage inbox (at most one per alert: the primary key is the alert's id). The triage
/// item itself is the <see cref="Triage.TriageRecord"/> of channel <c>alert</c> with the same source id, holding the
/// observables extracted from the alert's events; what could not be taken over is kept here with the reason.
/// </summary>
public sealed class AlertPromotion
{
    public string AlertId { get; set; } = "";
    public DateTime PromotedAt { get; set; }

    /// <summary>Null when promoted automatically (severity at or above the threshold).</summary>
    public string? PromotedByUserId { get; set; }

    public string? OrganisationId { get; set; }

    /// <summary>Refused observables, one per line: <c>type value: reason</c>.</summary>
    public string Refused { get; set; } = "";
}

/// <summary>The control room's tables, configured here so that <c>AppDbContext</c> needs one line for them.</summary>
public static class AlertControlRoomModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<StoredAlert>(e => e.Property(a => a.CloseReason).HasMaxLength(32));
        builder.Entity<AlertHistoryEntry>(e =>
        {
            e.ToTable("AlertHistory");
            e.Property(h => h.AlertId).HasMaxLength(32);
            e.Property(h => h.Action).HasMaxLength(16);
            e.Property(h => h.ByUserId).HasMaxLength(64);
            e.Property(h => h.Detail).HasMaxLength(2000);
            e.HasIndex(h => new { h.AlertId, h.At });
            e.HasOne<StoredAlert>().WithMany().HasForeignKey(h => h.AlertId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AlertPromotion>(e =>
        {
            e.ToTable("AlertPromotions");
            e.HasKey(p => p.AlertId);
            e.Property(p => p.AlertId).HasMaxLength(32);
            e.Property(p => p.PromotedByUserId).HasMaxLength(64);
            e.Property(p => p.OrganisationId).HasMaxLength(64);
            e.Property(p => p.Refused).HasMaxLength(8000);
            e.HasOne<StoredAlert>().WithOne().HasForeignKey<AlertPromotion>(p => p.AlertId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
