using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Observables;
using Slagboom.Core.Search;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Domain.Signals;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Search;

/// <summary>
/// A large import builds the secondary and full-text indexes after its rows (<see cref="DeferredIndexes"/>): what it
/// builds is exactly what the migrations made, the data is found through them when the import returns, and a start
/// after an import that was killed while they were away builds them again — on SQLite and PostgreSQL.
/// </summary>
public sealed class DeferredIndexesTests
{
    private const string Container = "CSQU3054383";

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Restore_AfterDrop_GivesBackExactlyWhatTheMigrationsMade(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var migrated = await DefinitionsAsync(instance);
        Assert.Equal(await ExpectedAsync(instance), migrated.Keys.Order(StringComparer.Ordinal));

        await instance.RunAsync<DeferredIndexes>(d => d.DropAsync());
        Assert.Empty(await DefinitionsAsync(instance));

        await instance.RunAsync<DeferredIndexes>(d => d.RestoreAsync());
        Assert.Equal(migrated, await DefinitionsAsync(instance));

        // Nothing missing: nothing changes.
        await instance.RunAsync<DeferredIndexes>(d => d.RestoreAsync());
        Assert.Equal(migrated, await DefinitionsAsync(instance));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ALargeImport_DefersTheIndexes_AndIsFullyFindableWhenItReturns(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Zeehavenpolitie"), "r@politie.nl");
        var migrated = await DefinitionsAsync(instance);
        var indexesDuringImport = new List<int>();
        const int rows = 25;

        // Imports as many rows as it expects; after each stored batch, counts the deferred indexes that exist.
        Task<Result<ImportProgress>> ImportAsync(int count, string prefix, int batchSize) =>
            instance.RunAsync<SignalImport, Result<ImportProgress>>(i => i.RunAsync(police, prefix + ".jsonl", Rows(instance, count, prefix),
                new ImportOptions(Publish: true, BatchSize: batchSize, ExpectedRows: count, BulkLoadMinRows: 20), _ => Task.CompletedTask,
                async _ => indexesDuringImport.Add((await DefinitionsAsync(instance)).Count)));

        var imported = await ImportAsync(rows, "r", 10);

        Assert.True(imported.Ok, imported.Error?.Message);
        Assert.Equal(rows, imported.Value!.Imported);
        Assert.All(indexesDuringImport, count => Assert.Equal(0, count));
        Assert.Equal(3, indexesDuringImport.Count);
        Assert.Equal(migrated, await DefinitionsAsync(instance));
        Assert.Equal(rows, await SearchHitsAsync(instance, police, "sleepboot"));
        Assert.Equal(rows, await SightingsAsync(instance, police));

        // Below the threshold nothing is deferred.
        indexesDuringImport.Clear();
        var small = await ImportAsync(5, "s", 2);
        Assert.True(small.Ok, small.Error?.Message);
        Assert.Equal(5, small.Value!.Imported);
        Assert.All(indexesDuringImport, count => Assert.Equal(migrated.Count, count));
        Assert.Equal(rows + 5, await SearchHitsAsync(instance, police, "sleepboot"));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AStart_AfterAnImportKilledWithItsIndexesAway_BuildsThemAndIndexesWhatWentIn(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Zeehavenpolitie"), "r@politie.nl");
        var migrated = await DefinitionsAsync(instance);

        // What a killed bulk import leaves: the indexes dropped, committed rows written without them.
        await instance.RunAsync<DeferredIndexes>(d => d.DropAsync());
        var imported = await instance.RunAsync<SignalImport, Result<ImportProgress>>(i => i.RunAsync(police, "killed.jsonl", Rows(instance, 3),
            new ImportOptions(Publish: true), _ => Task.CompletedTask, _ => Task.CompletedTask));
        Assert.Equal(3, imported.Value!.Imported);

        await instance.RunAsync<DatabaseSetup>(s => s.MigrateAsync());

        Assert.Equal(migrated, await DefinitionsAsync(instance));
        Assert.Equal(3, await SearchHitsAsync(instance, police, "sleepboot"));
        Assert.Equal(3, await SightingsAsync(instance, police));
    }

    /// <summary>
    /// On PostgreSQL the cascading foreign keys of links and search documents are away during a bulk import; rows whose
    /// signal was deleted meanwhile — what the cascade would have deleted — are deleted when they come back, and the
    /// keys are validated again, as the migrations made them.
    /// </summary>
    [Fact]
    public async Task OnPostgres_ForeignKeysComeBackValidated_AndRowsLeftByADeleteMeanwhileGo()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Postgres);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Zeehavenpolitie"), "r@politie.nl");
        var migrated = await DefinitionsAsync(instance);
        Assert.Contains("FK_SignalObservables_Signals_SignalId", migrated.Keys);
        Assert.Contains("FK_SignalSearchDocuments_Signals_SignalId", migrated.Keys);
        var imported = await instance.RunAsync<SignalImport, Result<ImportProgress>>(i => i.RunAsync(police, "first.jsonl", Rows(instance, 3),
            new ImportOptions(Publish: true), _ => Task.CompletedTask, _ => Task.CompletedTask));
        Assert.Equal(3, imported.Value!.Imported);

        await instance.RunAsync<DeferredIndexes>(d => d.DropAsync());
        Assert.DoesNotContain("FK_SignalObservables_Signals_SignalId", (await DefinitionsAsync(instance)).Keys);
        var gone = await instance.QueryAsync(db => db.Signals.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        await instance.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "Signals" WHERE "Id" = {0}""", gone));
        Assert.Equal(1, await instance.QueryAsync(db => db.SignalObservables.CountAsync(l => l.SignalId == gone)));

        await instance.RunAsync<DeferredIndexes>(d => d.RestoreAsync());

        Assert.Equal(migrated, await DefinitionsAsync(instance));
        Assert.Equal(0, await instance.QueryAsync(db => db.SignalObservables.CountAsync(l => l.SignalId == gone)));
        Assert.Equal(0, await instance.QueryAsync(db => db.SearchDocuments.CountAsync(d => d.SignalId == gone)));
        Assert.Equal(2, await instance.QueryAsync(db => db.SignalObservables.CountAsync()));
        Assert.Equal(2, await SightingsAsync(instance, police));

        // Enforced and cascading again.
        var other = await instance.QueryAsync(db => db.Signals.Select(s => s.Id).FirstAsync());
        await instance.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "Signals" WHERE "Id" = {0}""", other));
        Assert.Equal(1, await instance.QueryAsync(db => db.SignalObservables.CountAsync()));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => instance.QueryAsync(db => db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "SignalObservables" ("SignalId", "ObservableId", "Position", "OccurredAt") VALUES ('nosuchsignal', (SELECT "Id" FROM "Observables" LIMIT 1), 0, now())""")));
    }

    /// <summary>
    /// A batch is written without per-row key checks on SQLite (and without the link keys during a bulk import on
    /// PostgreSQL), but a signal that names a mainport, owner or group that is not there is still refused, with
    /// nothing of its batch stored — the check the keys made, once per value.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ABatchNamingAMissingMainport_IsRefusedWhole(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Zeehavenpolitie"), "r@politie.nl");
        var before = await instance.QueryAsync(db => db.SignalObservables.CountAsync());
        await using var scope = instance.Services.CreateAsyncScope();
        var viewer = await scope.ServiceProvider.GetRequiredService<Viewers>().ForAsync(police);
        var service = scope.ServiceProvider.GetRequiredService<SignalService>();
        var rows = new List<(string, SignalService.CheckedSignal)>();
        await foreach (var row in Rows(instance, 2))
        {
            var checkedSignal = await service.CheckAsync(viewer, row.Input!, CancellationToken.None);
            Assert.True(checkedSignal.Ok, checkedSignal.Error?.Message);
            rows.Add((row.ExternalId!, rows.Count == 1 ? checkedSignal.Value! with { Mainport = "XXX" } : checkedSignal.Value!));
        }

        var bulk = scope.ServiceProvider.GetRequiredService<SignalBulkStore>();
        var prepared = bulk.Prepare(police, viewer, rows, publish: true);
        await Assert.ThrowsAnyAsync<DbException>(() => bulk.StoreAsync(police, viewer, prepared, true, "missing.jsonl", CancellationToken.None));

        Assert.Equal(0, await instance.QueryAsync(db => db.Signals.CountAsync()));
        Assert.Equal(before, await instance.QueryAsync(db => db.SignalObservables.CountAsync()));
        var stored = await bulk.StoreAsync(police, viewer, [prepared[0]], true, "good.jsonl", CancellationToken.None);
        Assert.Equal(1, stored.Stored);
    }

    private static Task<List<string>> ExpectedAsync(TestInstance instance) => instance.RunAsync<DeferredIndexes, List<string>>(d => Task.FromResult(
        d.Names().Order(StringComparer.Ordinal).ToList()));

    /// <summary>The deferred indexes that exist, by name, with their definitions as the database keeps them.</summary>
    private static async Task<Dictionary<string, string>> DefinitionsAsync(TestInstance instance)
    {
        var names = await ExpectedAsync(instance);
        return await instance.QueryAsync(async db => await FindAsync(db, names, instance.Provider == TestInstance.Postgres));
    }

    private static async Task<Dictionary<string, string>> FindAsync(AppDbContext db, List<string> names, bool postgres)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = postgres
                ? """
                  SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
                  UNION ALL SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
                  """
                : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (names.Contains(reader.GetString(0)))
                {
                    found[reader.GetString(0)] = reader.GetString(1);
                }
            }

            return found;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async IAsyncEnumerable<ImportRow> Rows(TestInstance instance, int count, string prefix = "r")
    {
        for (var n = 1; n <= count; n++)
        {
            yield return new ImportRow(n, $"{prefix}{n}", new SignalInput($"Sleepboot {prefix}{n} bij de kade", "Beschrijving", null, "RTM",
                instance.Clock.GetUtcNow().AddHours(-n), "observation", null, null, [new ObservableInput("container", Container)],
                new DistributionInput("national", null), "green", null), []);
        }

        await Task.CompletedTask;
    }

    private static async Task<int> SearchHitsAsync(TestInstance instance, Actor actor, string q)
    {
        var page = await instance.RunAsync<SignalSearch, Result<SearchPage>>(s => s.SearchAsync(actor, q, new SearchFilters(), 100, null));
        Assert.True(page.Ok, page.Error?.Message);
        return page.Value!.Items.Count;
    }

    private static async Task<int> SightingsAsync(TestInstance instance, Actor actor)
    {
        // As the web host builds it, with its configuration (the test instance registers none).
        await using var scope = instance.Services.CreateAsyncScope();
        var sightings = ActivatorUtilities.CreateInstance<Sightings>(scope.ServiceProvider, new ConfigurationBuilder().Build());
        var page = await sightings.FindAsync(actor, "container", Container, 100, null);
        Assert.True(page.Ok, page.Error?.Message);
        return page.Value!.Items.Count;
    }
}
