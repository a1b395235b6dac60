using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Notifications;
using Slagboom.Core.Organisations;
using Slagboom.Core.Programme;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Cases;

/// <summary>The database model of cases, tasks, outcomes, timeline, templates and notifications (called from AppDbContext).</summary>
public static class CaseConfiguration
{
    public static void ConfigureCases(this ModelBuilder builder)
    {
        builder.Entity<Case>(e =>
        {
            e.ToTable("Cases");
            e.Property(c => c.Title).HasMaxLength(200);
            e.Property(c => c.Mainport).HasMaxLength(3);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Mainport>().WithMany().HasForeignKey(c => c.Mainport).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Signals).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Tasks).WithOne(t => t.Case).HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.OwnerOrganisationId, c.CreatedAt });
        });
        builder.Entity<CaseSignal>(e =>
        {
            e.ToTable("CaseSignals");
            e.HasKey(s => new { s.CaseId, s.SignalId });
            // Retention or the owner deletes a signal: its place in cases goes with it.
            e.HasOne<Signal>().WithMany().HasForeignKey(s => s.SignalId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => s.SignalId);
        });
        builder.Entity<CaseTask>(e =>
        {
            e.ToTable("CaseTasks");
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Organisation>().WithMany().HasForeignKey(t => t.AssignedOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(t => t.Notes).WithOne().HasForeignKey(n => n.TaskId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => new { t.AssignedOrganisationId, t.Status, t.DueDate });
            e.HasIndex(t => new { t.Status, t.DueDate });
        });
        builder.Entity<CaseTaskNote>(e =>
        {
            e.ToTable("CaseTaskNotes");
            e.Property(n => n.StatusSet).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(n => n.TaskId);
        });
        builder.Entity<CaseOutcome>(e =>
        {
            e.ToTable("CaseOutcomes");
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(o => o.Drug).HasMaxLength(32);
            e.Property(o => o.Quantity).HasPrecision(18, 3);
            e.HasOne<Case>().WithMany().HasForeignKey(o => o.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<CaseTask>().WithMany().HasForeignKey(o => o.TaskId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => o.CaseId);
        });
        builder.Entity<CaseEvent>(e =>
        {
            e.ToTable("CaseEvents");
            e.Property(v => v.Action).HasMaxLength(32);
            e.Property(v => v.Detail).HasMaxLength(500);
            e.HasOne<Case>().WithMany().HasForeignKey(v => v.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(v => new { v.CaseId, v.At });
        });
        builder.Entity<CaseTemplate>(e =>
        {
            e.ToTable("CaseTemplates");
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
            e.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(t => t.Tasks).WithOne().HasForeignKey(t => t.TemplateId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => new { t.OrganisationId, t.Kind }).IsUnique();
        });
        builder.Entity<CaseTemplateTask>(e =>
        {
            e.ToTable("CaseTemplateTasks");
            e.Property(t => t.Sector).HasMaxLength(64);
        });
        builder.Entity<Notification>(e =>
        {
            e.ToTable("Notifications");
            e.Property(n => n.Kind).HasMaxLength(32);
            e.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<CaseTask>().WithMany().HasForeignKey(n => n.TaskId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(n => new { n.UserId, n.ReadAt });
            e.HasIndex(n => new { n.UserId, n.At });
        });
    }
}
