using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Search;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Signals;

/// <summary>
/// The indexes a large initial import builds once, after its rows are in, instead of row by row (ADR 0007): the
/// secondary indexes of signals and observable links, and the full-text index (SQLite: the FTS5 insert trigger, the
/// index rebuilt from the documents; PostgreSQL: the GIN index). Inserting ten million links one by one into two
/// B-trees ordered by observable touches a random page per row once they outgrow the cache; building them afterwards
/// is one sort. Unique indexes stay: idempotence and the observable lookup rely on them. The statements come from the
/// model, as the migrations' do (a test compares what they build), and <see cref="RestoreAsync"/> only creates what is
/// missing, so it is safe to run at any time: <see cref="DatabaseSetup"/> runs it at every start, which repairs an
/// import that was killed while its indexes were away.
/// </summary>
public sealed class DeferredIndexes(AppDbContext db)
{
    /// <summary>Memory PostgreSQL may use to sort while it builds them (its default, 64 MB, spills to disk).</summary>
    private const string PostgresBuildMemory = "512MB";

    /// <summary>Tables whose non-unique indexes are deferred.</summary>
    private static readonly Type[] Entities = [typeof(Signal), typeof(SignalObservable)];

    /// <summary>Name and definition (what follows <c>ON</c>), as the model declares them and so as the migrations made them.</summary>
    private IEnumerable<(string Name, string On)> BTrees() =>
        from type in Entities
        let entity = db.Model.FindEntityType(type)!
        from index in entity.GetIndexes()
        where !index.IsUnique
        let columns = string.Join(", ", index.Properties.Select(p => $"\"{p.GetColumnName()}\""))
        let filter = index.GetFilter() is { } condition ? " WHERE " + condition : ""
        select (index.GetDatabaseName()!, $"\"{entity.GetTableName()}\" ({columns}){filter}");

    /// <summary>The names of the indexes and, on PostgreSQL, of the full-text one.</summary>
    internal IEnumerable<string> Names() =>
        BTrees().Select(b => b.Name).Concat(db.Database.IsNpgsql() ? [SearchSchema.PostgresIndexName] : []);

    /// <summary>By name, the statement that creates it (another process may have done so meanwhile: IF NOT EXISTS).</summary>
    private IEnumerable<(string Name, string Sql)> CreateStatements() =>
        BTrees().Select(b => (b.Name, $"CREATE INDEX IF NOT EXISTS \"{b.Name}\" ON {b.On}"))
            .Concat(db.Database.IsNpgsql()
                ? [(SearchSchema.PostgresIndexName, SearchSchema.PostgresIndex.Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal))]
                : []);

    private IEnumerable<string> DropStatements() =>
        Names().Select(name => $"DROP INDEX IF EXISTS \"{name}\"")
            .Concat(db.Database.IsNpgsql() ? [] : [$"DROP TRIGGER IF EXISTS \"{SearchSchema.SqliteInsertTriggerName}\""]);

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
    /// Creates whichever of them is missing, in one transaction; when the FTS5 insert trigger was missing, rebuilds
    /// the full-text index from the documents. When none is missing (every start), one catalogue read and nothing else.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        var missing = await MissingAsync(cancellationToken);
        if (missing.Count == 0)
        {
            return;
        }

        var postgres = db.Database.IsNpgsql();
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1)); // building them over millions of rows takes minutes
        try
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SET LOCAL maintenance_work_mem = '{PostgresBuildMemory}'", cancellationToken);
            }
            else
            {
                // SQLite sorts on helper threads when allowed to. The default page cache is kept: with one as large as the
                // import's, the sorter sorts in one piece on one thread, three times slower than small runs merged on two.
                var threads = "PRAGMA threads = " + Math.Min(Environment.ProcessorCount, 8).ToString(CultureInfo.InvariantCulture);
                await db.Database.ExecuteSqlRawAsync(threads, cancellationToken);
            }

            foreach (var (_, statement) in CreateStatements().Where(c => missing.Contains(c.Name)))
            {
                await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
            }

            if (missing.Contains(SearchSchema.SqliteInsertTriggerName))
            {
                await db.Database.ExecuteSqlRawAsync(SearchSchema.SqliteInsertTrigger, cancellationToken);
                await db.Database.ExecuteSqlRawAsync(SearchSchema.SqliteRebuild, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>Which of them (on SQLite, the FTS5 insert trigger too) the database lacks, from one catalogue read.</summary>
    private async Task<HashSet<string>> MissingAsync(CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var present = await db.Database.SqlQueryRaw<string>(postgres
            ? "SELECT indexname AS \"Value\" FROM pg_indexes WHERE schemaname = current_schema()"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type IN ('index', 'trigger')").ToListAsync(cancellationToken);
        var missing = Names().Concat(postgres ? [] : [SearchSchema.SqliteInsertTriggerName]).ToHashSet(StringComparer.Ordinal);
        missing.ExceptWith(present);
        return missing;
    }
}
