using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Organisations;
using Slagboom.Core.Programme;

namespace Slagboom.Core.Reports;

/// <summary>The reporting tables, configured here so that <c>AppDbContext</c> needs one line for them.</summary>
public static class ReportModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Report>(e =>
        {
            e.Property(r => r.Channel).HasMaxLength(16);
            e.Property(r => r.Mainport).HasMaxLength(3);
            e.Property(r => r.Status).HasMaxLength(16);
            e.Property(r => r.ReceiptHash).HasMaxLength(64);
            e.HasIndex(r => r.ReceiptHash).IsUnique();
            e.HasIndex(r => new { r.Mainport, r.UpdatedAt });
            e.HasIndex(r => new { r.ReporterUserId, r.CreatedAt });
            e.HasOne<Mainport>().WithMany().HasForeignKey(r => r.Mainport).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Messages).WithOne().HasForeignKey(m => m.ReportId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Attachments).WithOne().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ReportMessage>(e =>
        {
            e.Property(m => m.From).HasMaxLength(16);
            e.HasIndex(m => new { m.ReportId, m.At });
        });
        builder.Entity<ReportAttachment>(e =>
        {
            e.Property(a => a.ContentType).HasMaxLength(100);
            e.HasIndex(a => a.ReportId);
        });
        builder.Entity<ReceivingOrganisation>(e =>
        {
            e.HasKey(r => new { r.MainportCode, r.OrganisationId });
            e.HasOne<Mainport>().WithMany().HasForeignKey(r => r.MainportCode);
            e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ReportQuestion>(e =>
        {
            e.HasIndex(q => new { q.MainportCode, q.Position });
            e.HasOne<Mainport>().WithMany().HasForeignKey(q => q.MainportCode);
            e.Property(q => q.TextNl).HasMaxLength(300);
            e.Property(q => q.TextEn).HasMaxLength(300);
        });
    }
}
