using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Demo;
using Slagboom.Core.Events;
using Slagboom.Core.Organisations;
using Slagboom.Core.Programme;
using Slagboom.Core.Reports;
using Slagboom.Core.Retention;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;

namespace Slagboom.Core.Hosting;

public static class CoreServices
{
    public const string SqliteMigrationsAssembly = "Slagboom.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Slagboom.Migrations.Postgres";

    /// <summary>Everything the server and the command line share: database, keys, clock and the use cases.</summary>
    public static IServiceCollection AddSlagboomCore(this IServiceCollection services, SlagboomSettings settings)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => KeyRing.OpenOrCreate(settings.KeysFolder));
        // Pooled: a request leases a context that was set up before instead of building one (a sightings lookup
        // allocated about 55 KB, a third of its garbage, on the context's first query alone). The context holds no state
        // of its own between requests; EF resets its change tracker and settings when it goes back.
        services.AddDbContextPool<AppDbContext>(options => ConfigureDatabase(options, settings));

        services.AddScoped<DatabaseSetup>();
        services.AddScoped<Backup>();
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<DemoDataSet>();
        services.AddScoped<OrganisationAdministration>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<OneTimeLinks>();
        services.AddScoped<ProgrammeQueries>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditQueries>();
        services.AddSlagboomRetention();
        services.AddSlagboomEvents();
        services.AddScoped<Viewers>();
        services.AddScoped<Pseudonyms>();
        services.AddScoped<SharingGroups>();
        services.AddScoped<ObservableCatalogue>();
        services.AddScoped<SignalService>();
        services.AddScoped<Slagboom.Core.Search.SearchIndex>();
        services.AddSingleton<Slagboom.Core.Search.DocumentFrequencies>();
        services.AddSingleton<Slagboom.Core.Search.SearchMirror>();
        // The bound on ranked matches: a setting, so that an operator can weigh it and tests can make it small.
        services.AddScoped(sp => new Slagboom.Core.Search.SignalSearch(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<Viewers>(),
            sp.GetRequiredService<Slagboom.Core.Search.DocumentFrequencies>(), sp.GetRequiredService<Slagboom.Core.Search.SearchMirror>())
        {
            MaxRanked = Math.Max(1, sp.GetService<IConfiguration>()?.GetValue("Slagboom:Search:MaxRanked", Slagboom.Core.Search.SignalSearch.DefaultMaxRanked)
                ?? Slagboom.Core.Search.SignalSearch.DefaultMaxRanked),
        });
        services.AddScoped<Slagboom.Core.Search.CaseSearch>();
        services.AddScoped<SignalImport>();
        services.AddScoped<SignalBulkStore>();
        services.AddScoped<DeferredIndexes>();
        services.AddScoped<SignalExports>();
        services.AddScoped<LegalHolds>();
        services.AddScoped<SignalDeletion>();
        services.AddScoped<Slagboom.Core.Observables.Correlations>();
        services.AddScoped<Slagboom.Core.Observables.Sightings>();
        services.AddScoped<Slagboom.Core.Observables.ObservableOverviews>();
        services.AddSingleton<Slagboom.Core.Imports.PendingImports>();
        services.AddScoped<Slagboom.Core.Imports.ImportJobs>();
        services.AddScoped<Slagboom.Core.Attachments.AttachmentStore>();
        services.AddSlagboomReports();
        Slagboom.Core.Cases.CaseServices.AddSlagboomCases(services);
        Slagboom.Core.Triage.TriageServices.AddSlagboomTriage(services);
        return services;
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, SlagboomSettings settings)
    {
        if (settings.UsesPostgres)
        {
            options.UseNpgsql(WithPreparedStatements(settings.PostgresConnectionString!), o => o.MigrationsAssembly(PostgresMigrationsAssembly))
                .AddInterceptors(Slagboom.Core.Data.PlanChoice.Instance);
        }
        else
        {
            options.UseSqlite(settings.SqliteConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(Slagboom.Core.Data.SqliteReadMapping.Instance, Slagboom.Core.Data.SqliteSearchFunctions.Instance);
        }
    }

    /// <summary>
    /// Npgsql prepares the statements it has seen a few times on each connection and keeps them across the pool
    /// (unless the connection string says otherwise): without it, PostgreSQL parses and plans every statement each time,
    /// ~0.5 ms for a sightings lookup's walk (statement log: bind 0.45–0.55 ms, execute under 0.1 ms). A prepared
    /// statement is planned for its parameters for five runs, then with a generic plan when that is no dearer.
    /// </summary>
    internal static string WithPreparedStatements(string connectionString) =>
        connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            ? connectionString
            : new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 200 }.ConnectionString;

    /// <summary>Password, lockout and user rules; the same for the server and the command line.</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.Password.RequiredLength = 12;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireDigit = false;
        options.Password.RequiredUniqueChars = 6;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>Identity without the cookie machinery, for the command line and tests.</summary>
    public static IServiceCollection AddSlagboomIdentityCore(this IServiceCollection services)
    {
        services.AddIdentityCore<User>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        return services;
    }
}
