using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Hosting;
using Slagboom.Core.Programme;

namespace Slagboom.Core.Data;

/// <summary>Creates or upgrades the schema and loads the reference data; run on server start and by the command line.</summary>
public sealed class DatabaseSetup(AppDbContext db, SlagboomSettings settings, ReferenceDataSeeder seeder, Slagboom.Core.Search.SearchIndex search,
    Slagboom.Core.Signals.DeferredIndexes deferred, ILogger<DatabaseSetup> logger)
{
    /// <summary>
    /// SQLite: statistics of the signals' indexes, sampled (<c>analysis_limit</c>: ~80 ms at 1,000,000 signals), for
    /// its query planner. Without them SQLite takes any index equality to find about ten rows, and planned a search's
    /// candidate query (ADR 0008) from the signals of one mainport — 160,000 at that size, 460 ms — instead of from the
    /// mirror's 1,126 keys (1.7 ms). Refreshed at every start, after a large import
    /// (<see cref="Signals.SignalBulkStore.TidyAfterImportAsync"/>) and daily by retention; PostgreSQL keeps its own.
    /// </summary>
    public const string SqliteSignalStatistics = """PRAGMA analysis_limit = 1000; ANALYZE "Signals";""";

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (!settings.UsesPostgres)
        {
            Directory.CreateDirectory(settings.DataFolder);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (!settings.UsesPostgres)
        {
            // WAL lets readers go on while one writer writes; it is a property of the file, so set it once here.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // An import killed while its indexes were deferred left them out: build them now.
        await deferred.RestoreAsync(cancellationToken);
        if (!settings.UsesPostgres)
        {
            await db.Database.ExecuteSqlRawAsync(SqliteSignalStatistics, cancellationToken);
        }

        if (pending.Count > 0)
        {
            // Signals without a search document (written before the index existed, or dropped by a migration that changes
            // what documents hold: SearchSchema.Reindex) get one now.
            await search.BackfillAsync(cancellationToken);
            logger.LogInformation("Applied {Count} migration(s) to {Database}", pending.Count, settings.DescribeDatabase());
        }
    }

    public async Task MigrateAndSeedAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken);
        await seeder.SeedAsync(cancellationToken);
    }

    /// <summary>True when an error means the database could not be reached or opened, a configuration problem.</summary>
    public static bool IsConnectionProblem(Exception exception) =>
        exception is Npgsql.NpgsqlException or SqliteException or InvalidOperationException { InnerException: Npgsql.NpgsqlException or SqliteException };
}
