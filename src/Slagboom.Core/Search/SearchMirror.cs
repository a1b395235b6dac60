using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Search;

/// <summary>
/// This instance's copy of the search documents in an SQLite FTS5 index (ADR 0008), from which a search takes its
/// candidates newest first — on PostgreSQL and, since the sixteenth session, on SQLite, whose database no longer holds
/// a full-text index of its own. Derived data, like a cache: the database stays the only source of truth and the only
/// place where the sharing policy and the filters are applied (PostgreSQL also re-checks every candidate's vector), so
/// an entry that is stale can leave a signal off a page but never show one the caller may not see. Kept in the data
/// folder (one file per database origin, readable by this user only) and brought up to date before every use from
/// what the database's feed says (<see cref="SearchSchema.PostgresFeedUp"/>, <see cref="SearchSchema.SqliteFeedUp"/>):
/// documents with a key above the last one read, and documents changed or removed since the last change read. Built
/// from nothing when missing, when of another <see cref="Version"/>, or when the database is behind it (restored from a
/// backup). Several processes on one host may share the file: each update runs in an SQLite write transaction that
/// re-reads where the file stands.
/// </summary>
public sealed class SearchMirror(SlagboomSettings settings, ILogger<SearchMirror> logger) : IDisposable
{
    /// <summary>What the file holds and how; a file of another version is built again.</summary>
    public const int Version = 1;

    /// <summary>Documents and changes read per write transaction while catching up.</summary>
    internal const int Round = 10_000;

    /// <summary>
    /// How long the database keeps a change for the mirrors (<see cref="TrimChangesAsync"/>); a mirror that has not
    /// caught up for longer is built again.
    /// </summary>
    public static readonly TimeSpan ChangesKept = TimeSpan.FromDays(30);

    /// <summary>
    /// The mirror's FTS5 table (the same columns and tokenizer as SQLite's own index had), contentless, with up to 64 MB
    /// of new entries kept in memory before FTS5 writes a segment. Public for the import floor benchmark, which builds the
    /// same index.
    /// </summary>
    public const string CreateIndex = """
        CREATE VIRTUAL TABLE "SignalSearch" USING fts5("Public", "Restricted", "PublicTerms", "RestrictedPairs", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
        INSERT INTO "SignalSearch"("SignalSearch", rank) VALUES ('hashsize', 67108864);
        """;

    /// <summary>How a document goes into the mirror's table: its key, its two sections and what is derived from them.</summary>
    public const string InsertDocument = """
        INSERT INTO "SignalSearch"(rowid, "Public", "Restricted", "PublicTerms", "RestrictedPairs") VALUES ($key, $public, $restricted, $publicTerms, $restrictedPairs)
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _prepared = [];

    /// <summary>The file of the database with this origin.</summary>
    private string PathFor(Guid origin) => Path.Combine(settings.DataFolder, $"search-mirror-{origin:N}.db");

    /// <summary>
    /// Brings the mirror up to date with the database — it then holds every document committed before this call — and
    /// opens it for reading.
    /// </summary>
    public async Task<Reader> OpenAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        // On the context's own connection (outside any transaction of it: a search, or an import between batches).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return new Reader(await CurrentAsync(db.Database.GetDbConnection(), cancellationToken));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Brings the mirror up to date on a database connection of its own — beside other work on the context, such as an
    /// import's index builds (<see cref="Signals.SignalImport"/>).
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await using DbConnection database = settings.UsesPostgres
            ? new NpgsqlConnection(settings.PostgresConnectionString)
            : new SqliteConnection(settings.SqliteConnectionString);
        await database.OpenAsync(cancellationToken);
        await (await CurrentAsync(database, cancellationToken)).DisposeAsync();
    }

    /// <summary>
    /// <see cref="CatchUpAsync(CancellationToken)"/> where the caller does not depend on it (a server starting, an import
    /// done): a failure is logged, and the next search catches up. False when it failed or was cancelled.
    /// </summary>
    public async Task<bool> TryCatchUpAsync(string occasion, CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "The search mirror could not be brought up to date {Occasion}; the next search catches up.", occasion);
            return false;
        }
    }

    /// <summary>The mirror's file, open and up to date.</summary>
    private async Task<SqliteConnection> CurrentAsync(DbConnection database, CancellationToken cancellationToken)
    {
        var feed = await FeedAsync(database, cancellationToken);
        var path = PathFor(feed.Origin);
        var connection = await ConnectAsync(path, cancellationToken);
        try
        {
            // Current when no document above its last key and no change after its last one was committed (a document with
            // the highest key may have been deleted since: that is a change), and the database has not gone back behind it.
            if (!await PreparedAsync(connection, path, cancellationToken)
                || await StateAsync(connection, null, cancellationToken) is var (lastKey, lastChange)
                && (feed.LastKey > lastKey || feed.LastChange != lastChange || feed.Behind(lastKey, lastChange)))
            {
                await CatchUpAsync(database, connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Deletes the changes recorded before <paramref name="before"/>, except the newest (so the newest
    /// number never goes back), and records up to which number they went: a mirror that had not read that far is built
    /// again. Returns how many went. Run by retention (<see cref="Retention.RetentionJob"/>).
    /// </summary>
    public static async Task<int> TrimChangesAsync(AppDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        // Numbers follow commit order, times the transactions' starts: everything up to the newest old one goes.
        // PostgreSQL records a time, SQLite Unix seconds (SearchSchema).
        object recordedBefore = db.Database.IsNpgsql() ? before : before.ToUnixTimeSeconds();
        var through = await db.Database.SqlQuery<long?>($"""
            SELECT max("Sequence") AS "Value" FROM "SignalSearchChanges"
            WHERE "RecordedAt" < {recordedBefore} AND "Sequence" < (SELECT max("Sequence") FROM "SignalSearchChanges")
            """).SingleAsync(cancellationToken);
        var trimmed = 0;
        if (through is { } last)
        {
            trimmed = await db.Database.ExecuteSqlAsync($"""DELETE FROM "SignalSearchChanges" WHERE "Sequence" <= {last}""", cancellationToken);
            await db.Database.ExecuteSqlAsync($"""UPDATE "SearchFeed" SET "TrimmedThrough" = {last} WHERE "TrimmedThrough" < {last}""", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return trimmed;
    }

    /// <summary>Reads from an up-to-date mirror; dispose it when the search is done.</summary>
    public sealed class Reader(SqliteConnection connection) : IAsyncDisposable
    {
        /// <summary>
        /// The keys of documents matching <paramref name="match"/> (an FTS5 query), below <paramref name="below"/>, newest
        /// first; only among <paramref name="only"/> when given (FTS5 then tests each of those documents).
        /// </summary>
        public async Task<long[]> KeysAsync(string match, long below, int take, CancellationToken cancellationToken, long[]? only = null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT rowid FROM "SignalSearch" WHERE "SignalSearch" MATCH $match AND rowid < $below
                {(only is null ? "" : "AND rowid IN (SELECT value FROM json_each($only))")} ORDER BY rowid DESC LIMIT $take
                """;
            command.Parameters.AddWithValue("$match", match);
            if (only is not null)
            {
                command.Parameters.AddWithValue("$only", Json(only));
            }

            command.Parameters.AddWithValue("$below", below);
            command.Parameters.AddWithValue("$take", take);
            var keys = new List<long>(Math.Min(take, 4096));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetInt64(0));
            }

            return [.. keys];
        }

        /// <summary>How many documents match <paramref name="match"/> (an FTS5 query).</summary>
        public async Task<long> CountAsync(string match, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT count(*) FROM "SignalSearch" WHERE "SignalSearch" MATCH $match""";
            command.Parameters.AddWithValue("$match", match);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }

    /// <summary>
    /// The database's origin, its highest document key and change number, the highest key it has handed out (which
    /// only a restore from a backup takes back), and the number up to which changes were trimmed.
    /// </summary>
    private readonly record struct Feed(Guid Origin, long LastKey, long LastChange, long Issued, long TrimmedThrough)
    {
        /// <summary>Whether a mirror that has read up to these cannot be caught up, only built again.</summary>
        public bool Behind(long lastKey, long lastChange) => Issued < lastKey || LastChange < lastChange || (lastKey > 0 && lastChange < TrimmedThrough);
    }

    private static async Task<Feed> FeedAsync(DbConnection database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand();
        // The highest key handed out: the key's sequence (SQLite: AUTOINCREMENT's record of it).
        var issued = database is NpgsqlConnection
            ? """pg_sequence_last_value(pg_get_serial_sequence('"SignalSearchDocuments"', 'Key'))"""
            : """(SELECT "seq" FROM sqlite_sequence WHERE "name" = 'SignalSearchDocuments')""";
        command.CommandText = $"""
            SELECT f."Origin",
                   coalesce((SELECT max("Key") FROM "SignalSearchDocuments"), 0),
                   coalesce((SELECT max("Sequence") FROM "SignalSearchChanges"), 0),
                   coalesce({issued}, 0),
                   f."TrimmedThrough"
            FROM "SearchFeed" AS f
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The database has no search feed origin (migration SearchMirrorFeed).");
        }

        // A uuid on PostgreSQL, its hexadecimal text on SQLite.
        var origin = reader.GetValue(0) is Guid guid ? guid : Guid.Parse(reader.GetString(0));
        return new Feed(origin, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    private static async Task<SqliteConnection> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Created readable by this user only; SQLite gives its WAL and shared-memory files the same mode.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await new FileStream(path, options).DisposeAsync();
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());
        await connection.OpenAsync(cancellationToken);
        // Read in place from the operating system's cache, as the SQLite database is (SqliteReadMapping).
        SqliteReadMapping.Map(connection);
        return connection;
    }

    /// <summary>
    /// Creates the tables once per file and process (under SQLite's write lock, as another process may be at it), or
    /// drops and creates them when the file is of another version. False the first time in this process (the caller then
    /// looks at the file's state whatever the feed says).
    /// </summary>
    private async Task<bool> PreparedAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        lock (_prepared)
        {
            if (_prepared.Contains(path))
            {
                return true;
            }
        }

        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            await ExecuteAsync(connection, transaction, """
                CREATE TABLE IF NOT EXISTS "MirrorState" ("Id" INTEGER PRIMARY KEY CHECK ("Id" = 1), "Version" INTEGER NOT NULL, "LastKey" INTEGER NOT NULL, "LastChange" INTEGER NOT NULL)
                """, cancellationToken);
            await using var version = connection.CreateCommand();
            version.Transaction = transaction;
            version.CommandText = """SELECT "Version" FROM "MirrorState" """;
            if (await version.ExecuteScalarAsync(cancellationToken) is not long found || found != Version)
            {
                // Derived columns computed here (SearchText), not by SQL functions: the mirror is written by this code only.
                await ExecuteAsync(connection, transaction, $"""
                    DROP TABLE IF EXISTS "SignalSearch";
                    {CreateIndex}
                    DELETE FROM "MirrorState";
                    INSERT INTO "MirrorState" ("Id", "Version", "LastKey", "LastChange") VALUES (1, $version, 0, 0);
                    """, cancellationToken, ("$version", Version));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
        lock (_prepared)
        {
            _prepared.Add(path);
        }

        return false;
    }

    private static async Task<(long LastKey, long LastChange)> StateAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """SELECT "LastKey", "LastChange" FROM "MirrorState" """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Reads what changed, a round at a time, each round in one SQLite write transaction that starts from where the file
    /// stands (another process may have caught up meanwhile): the documents changed or removed since the last change
    /// read are taken out and, where they still exist, read again; then the documents above the last key read. Keys and
    /// change numbers come in commit order (PostgreSQL: the feed's lock; SQLite: its single writer), so nothing below them
    /// is still to come.
    /// </summary>
    private async Task CatchUpAsync(DbConnection database, SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Set here rather than at every open (a search only reads). Derived data: a crash may lose the last updates,
            // which the next catch-up reads again (state and documents commit together).
            await ExecuteAsync(connection, null, "PRAGMA synchronous = NORMAL", cancellationToken);
            while (true)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                var (lastKey, lastChange) = await StateAsync(connection, transaction, cancellationToken);
                var feed = await FeedAsync(database, cancellationToken);
                if (feed.Behind(lastKey, lastChange))
                {
                    // The database went back behind the mirror (restored from a backup), or trimmed changes it had not read.
                    logger.LogWarning("The search mirror cannot follow the database (key {Key}, change {Change}; the database: key {DatabaseKey}, change {DatabaseChange}, trimmed through {Trimmed}); building it again.",
                        lastKey, lastChange, feed.Issued, feed.LastChange, feed.TrimmedThrough);
                    await ExecuteAsync(connection, transaction, """INSERT INTO "SignalSearch"("SignalSearch") VALUES ('delete-all')""", cancellationToken);
                    (lastKey, lastChange) = (0, 0);
                }

                if (lastKey == 0)
                {
                    // Holding nothing yet, no change so far concerns it: the documents it reads next are as they are now.
                    lastChange = Math.Max(lastChange, feed.LastChange);
                }

                var (changes, trimmedThrough) = await ReadChangesAsync(database, lastChange, cancellationToken);
                if (lastKey > 0 && lastChange < trimmedThrough)
                {
                    // Trimmed since the feed was read: start the round again (it then builds the mirror again).
                    continue;
                }

                var changed = changes.Select(c => c.Key).Where(k => k <= lastKey).Distinct().ToArray();
                foreach (var key in changed)
                {
                    await ExecuteAsync(connection, transaction, """DELETE FROM "SignalSearch" WHERE rowid = $key""", cancellationToken, ("$key", key));
                }

                var insert = connection.CreateCommand();
                await using (insert)
                {
                    insert.Transaction = transaction;
                    insert.CommandText = InsertDocument;
                    var parameters = new[] { "$key", "$public", "$restricted", "$publicTerms", "$restrictedPairs" }.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
                    parameters[0].SqliteType = SqliteType.Integer;
                    async Task<(int Count, long Last)> CopyAsync(string where, object value)
                    {
                        var (count, last) = (0, 0L);
                        await ReadDocumentsAsync(database, where, value, async (key, publicSection, restricted) =>
                        {
                            (parameters[0].Value, parameters[1].Value, parameters[2].Value) = (key, publicSection, restricted);
                            (parameters[3].Value, parameters[4].Value) = (SearchText.PublicTerms(publicSection), SearchText.SectionPairs(restricted));
                            await insert.ExecuteNonQueryAsync(cancellationToken);
                            (count, last) = (count + 1, key);
                        }, cancellationToken);
                        return (count, last);
                    }

                    if (changed.Length > 0)
                    {
                        var postgres = database is NpgsqlConnection;
                        await CopyAsync(postgres ? """d."Key" = ANY(@value)""" : """d."Key" IN (SELECT value FROM json_each(@value))""",
                            postgres ? changed : Json(changed));
                    }

                    var (fresh, freshLast) = await CopyAsync($"""d."Key" > @value ORDER BY d."Key" LIMIT {Round}""", lastKey);
                    await ExecuteAsync(connection, transaction, """UPDATE "MirrorState" SET "LastKey" = $key, "LastChange" = $change""", cancellationToken,
                        ("$key", Math.Max(lastKey, freshLast)), ("$change", changes.Count > 0 ? changes[^1].Sequence : lastChange));
                    await transaction.CommitAsync(cancellationToken);
                    if (changes.Count < Round && fresh < Round)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The changes after <paramref name="after"/>, and — read with them, in one snapshot — up to which number changes were trimmed.</summary>
    private static async Task<(List<(long Sequence, long Key)> Changes, long TrimmedThrough)> ReadChangesAsync(DbConnection database, long after,
        CancellationToken cancellationToken)
    {
        var changes = new List<(long, long)>();
        var trimmedThrough = 0L;
        await using var command = database.CreateCommand();
        command.CommandText = $"""
            SELECT f."TrimmedThrough", c."Sequence", c."Key" FROM "SearchFeed" AS f
            LEFT JOIN (SELECT "Sequence", "Key" FROM "SignalSearchChanges" WHERE "Sequence" > @after ORDER BY "Sequence" LIMIT {Round}) AS c ON 1 = 1
            ORDER BY c."Sequence"
            """;
        AddParameter(command, "@after", after);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            trimmedThrough = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                changes.Add((reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        return (changes, trimmedThrough);
    }

    private static async Task ReadDocumentsAsync(DbConnection database, string where, object value, Func<long, string, string, Task> each,
        CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand();
        command.CommandText = $"""SELECT d."Key", d."Public", d."Restricted" FROM "SignalSearchDocuments" AS d WHERE {where}""";
        AddParameter(command, "@value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await each(reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Keys as a JSON array, for SQLite's <c>json_each</c>.</summary>
    internal static string Json(long[] keys) => "[" + string.Join(',', keys.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    public void Dispose() => _gate.Dispose();
}
