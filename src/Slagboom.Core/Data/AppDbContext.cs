using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Slagboom.Core.Accounts;
using Slagboom.Core.Organisations;
using Slagboom.Core.Programme;

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
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
