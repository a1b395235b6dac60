using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Slagboom.Core.Imports;

/// <summary>
/// One file a user imported through the web UI: queued, running, then finished or failed. Kept after it ends so
/// that the user sees how it went (counts, bad rows with line and reason). The file itself is never stored: it waits
/// in memory in <see cref="PendingImports"/> and is gone once processed.
/// </summary>
public sealed class ImportJob
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public required string OrganisationId { get; set; }
    public required string FileName { get; set; }
    public required string Format { get; set; }
    public bool Publish { get; set; }
    public string Status { get; set; } = ImportStatus.Queued;
    public long Total { get; set; }
    public long Read { get; set; }
    public long Imported { get; set; }
    public long Skipped { get; set; }
    public long Bad { get; set; }

    /// <summary>The first <see cref="ImportJobs.MaxProblemsKept"/> problems as JSON: <c>[{"line","field","message"}]</c>.</summary>
    public string Problems { get; set; } = "[]";
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public static void Configure(EntityTypeBuilder<ImportJob> e)
    {
        e.Property(j => j.Id).HasMaxLength(64);
        e.Property(j => j.FileName).HasMaxLength(ImportJobs.MaxFileNameLength);
        e.Property(j => j.Format).HasMaxLength(8);
        e.Property(j => j.Status).HasMaxLength(16);
        e.Property(j => j.Error).HasMaxLength(1000);
        e.HasIndex(j => new { j.UserId, j.CreatedAt });
        e.HasIndex(j => new { j.Status, j.UpdatedAt });
    }
}

public static class ImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";

    public static bool IsOver(string status) => status is Finished or Failed;
}
