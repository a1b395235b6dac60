using Microsoft.EntityFrameworkCore;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Triage;

/// <summary>The triage tables, configured here so that <c>AppDbContext</c> needs one line for them.</summary>
public static class TriageModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<TriageRecord>(e =>
        {
            e.Property(r => r.Channel).HasMaxLength(16);
            e.Property(r => r.SourceId).HasMaxLength(64);
            e.Property(r => r.Mainport).HasMaxLength(3);
            e.Property(r => r.State).HasMaxLength(16);
            e.Property(r => r.Priority).HasMaxLength(16);
            e.Property(r => r.Category).HasMaxLength(32);
            e.Property(r => r.ModusOperandi).HasMaxLength(400);
            e.Property(r => r.DismissReason).HasMaxLength(1000);
            e.HasIndex(r => new { r.Channel, r.SourceId }).IsUnique();
            e.HasIndex(r => new { r.Mainport, r.ReceivedAt });
            e.HasIndex(r => r.SignalId);
            e.HasMany(r => r.Observables).WithOne().HasForeignKey(o => o.TriageRecordId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<TriageObservable>(e =>
        {
            e.HasKey(o => new { o.TriageRecordId, o.Position });
            e.Property(o => o.Type).HasMaxLength(16);
            e.Property(o => o.Value).HasMaxLength(500);
        });
        builder.Entity<SignalMerge>(e =>
        {
            e.HasIndex(m => new { m.MergedSignalId, m.UndoneAt });
            e.HasIndex(m => new { m.SurvivorSignalId, m.UndoneAt });
            // Deleting either signal (owner, retention) takes its merge records with it.
            e.HasOne<Signal>().WithMany().HasForeignKey(m => m.SurvivorSignalId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Signal>().WithMany().HasForeignKey(m => m.MergedSignalId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
