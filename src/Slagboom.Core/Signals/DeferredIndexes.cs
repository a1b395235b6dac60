using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Slagboom.Core.Data;
using Slagboom.Core.Search;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Signals;

/// <summary>
/// The indexes a large initial import builds once, after its rows are in, instead of row by row (ADR 0007): the
/// secondary indexes of signals and observable links (the full-text index is the search mirror's since ADR 0008, built
/// beside the import on both databases). Inserting ten million links one by one into two
/// B-trees ordered by observable touches a random page per row once they outgrow the cache; building them afterwards
/// is one sort. Unique indexes stay: idempotence and the observable lookup rely on them. The statements come from the
/// model, as the migrations' do (a test compares what they build), and <see cref="RestoreAsync"/> only creates what is
/// missing, so it is safe to run at any time: <see cref="DatabaseSetup"/> runs it at every start, which repairs an
/// import that was killed while its indexes were away.
/// </summary>
/// <remarks>
/// On PostgreSQL the cascading foreign keys of the links and the search documents go away too: each linked row
/// otherwise runs a trigger that looks up and locks its signal and its observable (100,000 links took 4.3 s with them,
/// 0.8 s without). They come back as <c>NOT VALID</c> (enforced and cascading again from then on) and are then
/// validated, one scan of each table; rows whose signal or observable was deleted while they were away — what the
/// cascade would have deleted — are deleted first when validation finds any. The import's own rows are consistent:
/// each batch writes the signals and observables before their links, in one transaction. SQLite checks its keys per
/// connection and needs no such step.
/// </remarks>
public sealed class DeferredIndexes(AppDbContext db, ILogger<DeferredIndexes> logger)
{
    /// <summary>Memory PostgreSQL may use to sort while it builds one of them (its default, 64 MB, spills to disk).</summary>
    private const string PostgresBuildMemory = "512MB";

    /// <summary>
    /// How many of them PostgreSQL builds at once. Two, as many as the 2-core machines measured: at 1,000,000 signals the
    /// GIN index (since dropped, ADR 0008) and the two link indexes of a kept database took 61 s one after the other,
    /// 43–45 s in two jobs, 50 s in three; in the benchmark's import the deferred steps went from 70 to 63 s.
    /// </summary>
    private const int PostgresBuildJobs = 2;

    /// <summary>Building them over millions of rows takes minutes.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromHours(1);

    /// <summary>Tables whose non-unique indexes are deferred, the larger first (the order they are built in).</summary>
    private static readonly Type[] Entities = [typeof(SignalObservable), typeof(Signal)];

    /// <summary>Name and definition (what follows <c>ON</c>), as the model declares them and so as the migrations made them.</summary>
    private IEnumerable<(string Name, string On)> BTrees() =>
        from type in Entities
        let entity = db.Model.FindEntityType(type)!
        from index in entity.GetIndexes()
        where !index.IsUnique
        let columns = string.Join(", ", index.Properties.Select(p => $"\"{p.GetColumnName()}\""))
        let filter = index.GetFilter() is { } condition ? " WHERE " + condition : ""
        select (index.GetDatabaseName()!, $"\"{entity.GetTableName()}\" ({columns}){filter}");

    /// <summary>PostgreSQL: tables whose cascading foreign keys are deferred.</summary>
    private static readonly Type[] ForeignKeyEntities = [typeof(SignalObservable), typeof(SignalSearchDocument)];

    /// <summary>A single-column cascading foreign key, as the model declares it and so as the migrations made it.</summary>
    private sealed record ForeignKey(string Name, string Table, string Column, string Principal, string PrincipalColumn)
    {
        public string Drop => $"ALTER TABLE \"{Table}\" DROP CONSTRAINT IF EXISTS \"{Name}\"";

        /// <summary>Enforced for new rows at once; the rows already there are checked by <see cref="Validate"/>.</summary>
        public string AddNotValid => $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '{Name}' AND connamespace = current_schema()::regnamespace) THEN
                ALTER TABLE "{Table}" ADD CONSTRAINT "{Name}" FOREIGN KEY ("{Column}") REFERENCES "{Principal}" ("{PrincipalColumn}") ON DELETE CASCADE NOT VALID;
              END IF;
            END $$
            """;

        public string Validate => $"ALTER TABLE \"{Table}\" VALIDATE CONSTRAINT \"{Name}\"";

        /// <summary>What the cascade would have deleted while the key was away.</summary>
        public string DeleteOrphans => $"DELETE FROM \"{Table}\" AS c WHERE NOT EXISTS (SELECT 1 FROM \"{Principal}\" AS p WHERE p.\"{PrincipalColumn}\" = c.\"{Column}\")";
    }

    private IEnumerable<ForeignKey> ForeignKeys() =>
        !db.Database.IsNpgsql() ? [] :
        from type in ForeignKeyEntities
        let entity = db.Model.FindEntityType(type)!
        from key in entity.GetForeignKeys()
        where key.DeleteBehavior == DeleteBehavior.Cascade && key.Properties.Count == 1
        select new ForeignKey(key.GetConstraintName()!, entity.GetTableName()!, key.Properties[0].GetColumnName(),
            key.PrincipalEntityType.GetTableName()!, key.PrincipalKey.Properties[0].GetColumnName());

    /// <summary>The names of the indexes and, on PostgreSQL, of the foreign keys.</summary>
    internal IEnumerable<string> Names() =>
        BTrees().Select(b => b.Name).Concat(ForeignKeys().Select(k => k.Name));

    /// <summary>By name, the statement that creates it (another process may have done so meanwhile: IF NOT EXISTS), in the order they are built.</summary>
    private IEnumerable<(string Name, string Sql)> CreateStatements() =>
        BTrees().Select(b => (b.Name, $"CREATE INDEX IF NOT EXISTS \"{b.Name}\" ON {b.On}"));

    private IEnumerable<string> DropStatements() =>
        CreateStatements().Select(c => $"DROP INDEX IF EXISTS \"{c.Name}\"").Concat(ForeignKeys().Select(k => k.Drop));

    /// <summary>Drops them, in one transaction: from here until <see cref="RestoreAsync"/> lookups by these columns scan.</summary>
    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        foreach (var statement in DropStatements())
        {
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Creates whichever of them is missing. SQLite builds them in one transaction. PostgreSQL builds <see cref="PostgresBuildJobs"/> at once,
    /// each in a transaction of its own (<see cref="BuildOnPostgresAsync"/>), then brings the foreign keys back. When
    /// none is missing (every start), one catalogue read and nothing else.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        var missing = await MissingAsync(cancellationToken);
        if (missing.Count == 0)
        {
            return;
        }

        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(BuildTimeout);
        try
        {
            if (db.Database.IsNpgsql())
            {
                await BuildOnPostgresAsync(missing, cancellationToken);
                await RestoreForeignKeysAsync(missing, cancellationToken);
            }
            else
            {
                await BuildOnSqliteAsync(missing, cancellationToken);
            }
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    private async Task BuildOnSqliteAsync(HashSet<string> missing, CancellationToken cancellationToken)
    {
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        // SQLite sorts on helper threads when allowed to. The default page cache is kept: with one as large as the
        // import's, the sorter sorts in one piece on one thread, three times slower than small runs merged on two.
        var threads = "PRAGMA threads = " + Math.Min(Environment.ProcessorCount, 8).ToString(CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlRawAsync(threads, cancellationToken);
        foreach (var (name, statement) in CreateStatements().Where(c => missing.Contains(c.Name)))
        {
            await TimedAsync(name, () => db.Database.ExecuteSqlRawAsync(statement, cancellationToken));
        }

        await TimedAsync("the commit", () => transaction.CommitAsync(cancellationToken));
    }

    /// <summary>
    /// Builds the missing indexes <see cref="PostgresBuildJobs"/> at a time, each on a connection of its own and in a
    /// transaction of its own, as <c>pg_restore --jobs</c> does, the links' before the signals'. An index is there whole
    /// or not at all, and a start after a kill builds what is still missing.
    /// </summary>
    private async Task BuildOnPostgresAsync(HashSet<string> missing, CancellationToken cancellationToken)
    {
        var pending = new ConcurrentQueue<(string Name, string Sql)>(CreateStatements().Where(c => missing.Contains(c.Name)));
        var connectionString = db.Database.GetConnectionString()!;
        async Task JobAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            while (pending.TryDequeue(out var index))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"SET LOCAL maintenance_work_mem = '{PostgresBuildMemory}'; {index.Sql}", connection, transaction)
                {
                    CommandTimeout = (int)BuildTimeout.TotalSeconds,
                };
                await TimedAsync(index.Name, () => create.ExecuteNonQueryAsync(cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(PostgresBuildJobs, pending.Count)).Select(_ => JobAsync()));
    }

    /// <summary>PostgreSQL: the missing foreign keys back, enforced at once (<c>NOT VALID</c>), then each validated.</summary>
    private async Task RestoreForeignKeysAsync(HashSet<string> missing, CancellationToken cancellationToken)
    {
        var keys = ForeignKeys().Where(k => missing.Contains(k.Name)).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        await using (var transaction = await UnitOfWork.BeginAsync(db, cancellationToken))
        {
            foreach (var key in keys)
            {
                await db.Database.ExecuteSqlRawAsync(key.AddNotValid, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var key in keys)
        {
            await TimedAsync(key.Name, () => ValidateAsync(key, cancellationToken));
        }
    }

    /// <summary>Runs one step of building them and logs how long it took (a first load of millions of rows spends minutes here).</summary>
    private async Task TimedAsync(string what, Func<Task> step)
    {
        var started = Stopwatch.GetTimestamp();
        await step();
        logger.LogInformation("Deferred indexes: {What} done in {Seconds:F1} s", what, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Validates a foreign key; when rows lost their signal or observable while it was away, deletes them first.</summary>
    private async Task ValidateAsync(ForeignKey key, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync(key.Validate, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(key.DeleteOrphans, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(key.Validate, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Which of them (on PostgreSQL, a foreign key also when not yet validated) the database lacks, from one catalogue read.
    /// </summary>
    private async Task<HashSet<string>> MissingAsync(CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var present = await db.Database.SqlQueryRaw<string>(postgres
            ? """
              SELECT indexname AS "Value" FROM pg_indexes WHERE schemaname = current_schema()
              UNION ALL SELECT conname FROM pg_constraint WHERE contype = 'f' AND convalidated AND connamespace = current_schema()::regnamespace
              """
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index'").ToListAsync(cancellationToken);
        var missing = Names().ToHashSet(StringComparer.Ordinal);
        missing.ExceptWith(present);
        return missing;
    }
}
