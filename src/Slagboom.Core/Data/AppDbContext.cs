using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Observables;
using Slagboom.Core.Organisations;
using Slagboom.Core.Programme;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Data;

/// <summary>
/// The one database context. Used directly from the use cases (no repository layer); one migrations set per
/// provider lives in Slagboom.Migrations.Sqlite and Slagboom.Migrations.Postgres.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<User, IdentityRole, string>(options)
{
    public DbSet<Mainport> Mainports => Set<Mainport>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<StrategyLine> StrategyLines => Set<StrategyLine>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<ModusOperandi> ModusOperandi => Set<ModusOperandi>();
    public DbSet<ProcessStep> ProcessSteps => Set<ProcessStep>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationMainport> OrganisationMainports => Set<OrganisationMainport>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<OneTimeLink> OneTimeLinks => Set<OneTimeLink>();
    public DbSet<SharingGroup> SharingGroups => Set<SharingGroup>();
    public DbSet<SharingGroupMember> SharingGroupMembers => Set<SharingGroupMember>();
    public DbSet<Signal> Signals => Set<Signal>();
    public DbSet<Observable> Observables => Set<Observable>();
    public DbSet<SignalObservable> SignalObservables => Set<SignalObservable>();
    public DbSet<PseudonymRecord> Pseudonyms => Set<PseudonymRecord>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditSeal> AuditSeals => Set<AuditSeal>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<CorrelationExclusion> CorrelationExclusions => Set<CorrelationExclusion>();
    public DbSet<Slagboom.Core.Reports.Report> Reports => Set<Slagboom.Core.Reports.Report>();
    public DbSet<Slagboom.Core.Reports.ReportMessage> ReportMessages => Set<Slagboom.Core.Reports.ReportMessage>();
    public DbSet<Slagboom.Core.Reports.ReportAttachment> ReportAttachments => Set<Slagboom.Core.Reports.ReportAttachment>();
    public DbSet<Slagboom.Core.Reports.ReceivingOrganisation> ReceivingOrganisations => Set<Slagboom.Core.Reports.ReceivingOrganisation>();
    public DbSet<Slagboom.Core.Reports.ReportQuestion> ReportQuestions => Set<Slagboom.Core.Reports.ReportQuestion>();
    public DbSet<Slagboom.Core.Search.SignalSearchDocument> SearchDocuments => Set<Slagboom.Core.Search.SignalSearchDocument>();
    public DbSet<Slagboom.Core.Imports.ImportJob> ImportJobs => Set<Slagboom.Core.Imports.ImportJob>();
    public DbSet<Slagboom.Core.Triage.TriageRecord> TriageRecords => Set<Slagboom.Core.Triage.TriageRecord>();
    public DbSet<Slagboom.Core.Triage.SignalMerge> SignalMerges => Set<Slagboom.Core.Triage.SignalMerge>();
    public DbSet<Slagboom.Core.Events.StoredEvent> Events => Set<Slagboom.Core.Events.StoredEvent>();
    public DbSet<Slagboom.Core.Events.EventKey> EventKeys => Set<Slagboom.Core.Events.EventKey>();
    public DbSet<Slagboom.Core.Events.DeadLetter> EventDeadLetters => Set<Slagboom.Core.Events.DeadLetter>();
    public DbSet<Slagboom.Core.Alerts.StoredAlert> Alerts => Set<Slagboom.Core.Alerts.StoredAlert>();
    public DbSet<Slagboom.Core.Alerts.AlertEvent> AlertEvents => Set<Slagboom.Core.Alerts.AlertEvent>();
    public DbSet<Slagboom.Core.RuleBook.StoredRule> Rules => Set<Slagboom.Core.RuleBook.StoredRule>();
    public DbSet<Slagboom.Core.RuleBook.RuleVersion> RuleVersions => Set<Slagboom.Core.RuleBook.RuleVersion>();
    public DbSet<Slagboom.Core.RuleBook.StoredWatchlist> Watchlists => Set<Slagboom.Core.RuleBook.StoredWatchlist>();
    public DbSet<Slagboom.Core.RuleBook.WatchlistEntry> WatchlistEntries => Set<Slagboom.Core.RuleBook.WatchlistEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC. SQLite hands DateTime back without a kind; say what it is.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Mainport>(e =>
        {
            e.HasKey(m => m.Code);
            e.Property(m => m.Code).HasMaxLength(3);
            e.HasMany(m => m.Budgets).WithOne().HasForeignKey(b => b.MainportCode);
            e.HasMany(m => m.StrategyLines).WithOne().HasForeignKey(s => s.MainportCode);
        });
        builder.Entity<Budget>().HasKey(b => new { b.MainportCode, b.Year });
        builder.Entity<StrategyLine>(e =>
        {
            e.HasIndex(s => new { s.MainportCode, s.Number }).IsUnique();
            e.HasMany(s => s.Measures).WithOne().HasForeignKey(m => m.StrategyLineId);
        });
        builder.Entity<Measure>().HasIndex(m => new { m.StrategyLineId, m.Number }).IsUnique();
        builder.Entity<ModusOperandi>().HasKey(m => m.Code);
        builder.Entity<ProcessStep>().HasKey(p => new { p.Chain, p.Number });

        builder.Entity<Organisation>(e =>
        {
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(o => o.Name).IsUnique();
            e.HasMany(o => o.Mainports).WithOne().HasForeignKey(m => m.OrganisationId);
        });
        builder.Entity<OrganisationMainport>(e =>
        {
            e.HasKey(m => new { m.OrganisationId, m.MainportCode });
            e.HasOne<Mainport>().WithMany().HasForeignKey(m => m.MainportCode);
        });

        builder.Entity<User>(e =>
        {
            e.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId);
        });
        builder.Entity<OneTimeLink>().HasIndex(l => l.Hash).IsUnique();

        builder.Entity<SharingGroup>(e =>
        {
            e.HasOne<Organisation>().WithMany().HasForeignKey(g => g.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.SharingGroupId);
        });
        builder.Entity<SharingGroupMember>(e =>
        {
            e.HasKey(m => new { m.SharingGroupId, m.OrganisationId });
            e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId);
            e.HasIndex(m => m.OrganisationId);
        });

        builder.Entity<Signal>(e =>
        {
            e.Property(s => s.Title).HasMaxLength(200);
            e.Property(s => s.Mainport).HasMaxLength(3);
            e.Property(s => s.Category).HasConversion<string>().HasMaxLength(32);
            e.Property(s => s.Distribution).HasConversion<string>().HasMaxLength(32);
            e.Property(s => s.Tlp).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Mainport>().WithMany().HasForeignKey(s => s.Mainport).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SharingGroup>().WithMany().HasForeignKey(s => s.SharingGroupId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(s => s.Observables).WithOne().HasForeignKey(o => o.SignalId);
            e.HasMany(s => s.Attachments).WithOne().HasForeignKey(a => a.SignalId);
            e.HasIndex(s => s.UpdatedAt);
            // The list is "newest first" within what the policy admits.
            e.HasIndex(s => new { s.Mainport, s.Status, s.Distribution });
            e.HasIndex(s => new { s.OwnerOrganisationId, s.CreatedAt });
            e.HasIndex(s => s.PersonalDataLegalBasis).HasFilter("\"PersonalDataLegalBasis\" IS NOT NULL"); // search: what private partners receive in clear
            e.HasIndex(s => new { s.CreatedAt, s.Id });
            // Imports are idempotent: a source's id goes in once per organisation.
            e.Property(s => s.ExternalId).HasMaxLength(100);
            e.HasIndex(s => new { s.OwnerOrganisationId, s.ExternalId }).IsUnique();
        });
        builder.Entity<Observable>(e =>
        {
            e.HasIndex(o => new { o.Type, o.MatchKey }).IsUnique();
        });
        builder.Entity<SignalObservable>(e =>
        {
            e.HasKey(o => new { o.SignalId, o.ObservableId });
            e.HasOne(o => o.Observable).WithMany().HasForeignKey(o => o.ObservableId);
            e.HasIndex(o => new { o.ObservableId, o.OccurredAt, o.SignalId });
            e.HasIndex(o => new { o.ObservableId, o.ClearOnlyTo, o.OccurredAt, o.SignalId });
        });

        builder.Entity<PseudonymRecord>(e =>
        {
            e.HasKey(p => new { p.OrganisationId, p.ObservableId });
            e.HasIndex(p => new { p.OrganisationId, p.Value });
            e.HasOne<Observable>().WithMany().HasForeignKey(p => p.ObservableId);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Id).ValueGeneratedNever();
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Subject, a.At });
        });
        builder.Entity<AuditSeal>().HasIndex(s => s.EntryId);
        builder.Entity<AuditCheckpoint>().HasIndex(c => c.EntryId);
        builder.Entity<CorrelationExclusion>().HasIndex(e => new { e.Type, e.MatchKey }).IsUnique();
        Slagboom.Core.Search.SignalSearchDocument.Configure(builder);
        builder.Entity<Attachment>(e =>
        {
            e.Property(a => a.FileName).HasMaxLength(255);
            e.Property(a => a.ContentType).HasMaxLength(100);
            e.HasIndex(a => a.SignalId);
        });
        Slagboom.Core.Reports.ReportModel.Configure(builder);
        Slagboom.Core.Cases.CaseConfiguration.ConfigureCases(builder);
        builder.Entity<Slagboom.Core.Imports.ImportJob>(Slagboom.Core.Imports.ImportJob.Configure);
        Slagboom.Core.Triage.TriageModel.Configure(builder);
        Slagboom.Core.Events.EventStorage.Configure(builder);
        Slagboom.Core.Alerts.AlertStorage.Configure(builder);
        Slagboom.Core.Alerts.AlertControlRoomModel.Configure(builder);
        Slagboom.Core.RuleBook.RuleBookStorage.Configure(builder);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
