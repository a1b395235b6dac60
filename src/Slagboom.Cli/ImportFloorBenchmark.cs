using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Slagboom.Core.Benchmarks;
using Slagboom.Core.Errors;
using Slagboom.Core.Search;
using Slagboom.Core.Signals;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;
using SQLitePCL;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom bench import-floor --signals N [--provider sqlite|postgres] [--json]</c>: how fast an import of the
/// correlation benchmark's N signals could be on this machine at best. It does, each step alone and in its least form,
/// the work that any import of them must do under issue 5's rules — check every identifier, make the search text, build
/// the full-text index (the search mirror's FTS5 table, filled exactly as the mirror fills it), write the signals, the
/// observables (each value once) and the links, and build the two sightings indexes — and adds up the CPU time. Rows
/// take integer keys (a link is five integers: no text keys, no foreign keys) and are written with one prepared
/// statement per batch on SQLite, binary COPY on PostgreSQL. Left out, so that the ceiling is generous: the search
/// documents' rows, the audit, reading and checking the other fields, looking up observables already stored, foreign
/// keys, the search mirror's reading from the database. With every core busy all the time, the import cannot go faster
/// than <c>ceilingLinksPerSecond</c> = links ÷ (the steps' core-seconds ÷ cores). A step's core-seconds are the whole
/// machine's busy CPU time while it ran (<see cref="Step.CoreSeconds"/>), so a PostgreSQL server on the same machine
/// counts: run it on a quiet machine.
/// </summary>
internal static class ImportFloorBenchmark
{
    private const int Chunk = 10_000;

    private sealed class Step
    {
        public double Seconds;
        public double CpuSeconds;
        public double MachineCpuSeconds;

        /// <summary>
        /// What the step cost the machine: the CPU time of all its cores while the step ran (Linux: <c>/proc/stat</c>, so
        /// a PostgreSQL server on this machine and its parallel workers count too — run on a quiet machine); elsewhere
        /// this process's CPU time, and for work in a PostgreSQL server at least the step's wall time.
        /// </summary>
        public double CoreSeconds => MachineCpu.Known ? MachineCpuSeconds : ServerSide ? Math.Max(CpuSeconds, Seconds) : CpuSeconds;

        /// <summary>Work done in a PostgreSQL server, whose CPU this process does not see.</summary>
        public bool ServerSide { get; init; }

        public T Time<T>(Func<T> work)
        {
            var started = Start();
            try
            {
                return work();
            }
            finally
            {
                Stop(started);
            }
        }

        public async Task TimeAsync(Func<Task> work)
        {
            var started = Start();
            try
            {
                await work();
            }
            finally
            {
                Stop(started);
            }
        }

        private static (long, TimeSpan, double) Start() => (Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime, MachineCpu.Seconds());

        private void Stop((long At, TimeSpan Cpu, double Machine) started)
        {
            Seconds += Stopwatch.GetElapsedTime(started.At).TotalSeconds;
            CpuSeconds += (Process.GetCurrentProcess().TotalProcessorTime - started.Cpu).TotalSeconds;
            MachineCpuSeconds += MachineCpu.Seconds() - started.Machine;
        }

        public object Figures() => new
        {
            seconds = Math.Round(Seconds, 2), cpuSeconds = Math.Round(CpuSeconds, 2), machineCpuSeconds = MachineCpu.Known ? Math.Round(MachineCpuSeconds, 2) : (double?)null,
            coreSeconds = Math.Round(CoreSeconds, 2),
        };
    }

    /// <summary>The CPU time all cores of this machine have spent busy, from the first line of Linux's <c>/proc/stat</c> (in USER_HZ, 100 a second).</summary>
    private static class MachineCpu
    {
        private const string Stat = "/proc/stat";

        public static bool Known { get; } = OperatingSystem.IsLinux() && File.Exists(Stat);

        public static double Seconds()
        {
            if (!Known)
            {
                return 0;
            }

            using var reader = new StreamReader(Stat);
            // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
            var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (fields.Sum() - fields[3] - fields[4]) / 100.0;
        }
    }

    public static Command Create(CliApp app)
    {
        var (signals, provider) = (CorrelationBenchmark.SignalsOption(), CorrelationBenchmark.ProviderOption());
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var floor = new Command("import-floor", "The least work an import of the correlation benchmark's signals must do, and the fastest import it allows on this machine.")
        {
            signals, provider, json,
        };
        floor.SetAction((parse, cancellationToken) => RunAsync(app, parse.GetValue(signals), parse.GetValue(provider)!, parse.GetValue(json), cancellationToken));
        return floor;
    }

    private static async Task<int> RunAsync(CliApp app, int count, string provider, bool json, CancellationToken cancellationToken)
    {
        var server = provider == "postgres" ? app.Environment.GetValueOrDefault("SLAGBOOM_DB") : null;
        if (provider == "postgres" && string.IsNullOrWhiteSpace(server))
        {
            await app.Error.WriteLineAsync("--provider postgres needs SLAGBOOM_DB (an Npgsql connection string).");
            return CliApp.Usage;
        }

        var folder = Directory.CreateTempSubdirectory("slagboom-floor-").FullName;
        try
        {
            string[] inDatabase = ["signalRows", "observableRows", "linkRows", "linkIndexes"];
            string[] names = ["identifierChecks", "searchText", "fullTextIndex", .. inDatabase];
            var steps = names.ToDictionary(n => n, n => new Step { ServerSide = server is not null && inDatabase.Contains(n) });
            await using var mirror = new SqliteConnection($"Data Source={Path.Combine(folder, "mirror.db")}");
            await mirror.OpenAsync(cancellationToken);
            await ExecuteAsync(mirror, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " + SearchMirror.CreateIndex);
            await using FloorStore store = server is null ? await SqliteFloorStore.OpenAsync(Path.Combine(folder, "floor.db")) : await PostgresFloorStore.OpenAsync(server, cancellationToken);
            await app.Error.WriteLineAsync($"import floor: {count} signals into {provider}, {Environment.ProcessorCount} cores");
            var generator = new SignalGenerator(count, TimeProvider.System.GetUtcNow());
            var observables = new Dictionary<(string Type, string Key), long>();
            var types = new Dictionary<string, int>(StringComparer.Ordinal);
            var (signalCount, linkCount, documents) = (0L, 0L, 0L);
            foreach (var chunk in generator.Signals(count).Chunk(Chunk))
            {
                var values = steps["identifierChecks"].Time(() => chunk.Select(s => Check(s.Input)).ToArray());
                var sections = steps["searchText"].Time(() => chunk.Select((s, i) => DocumentText(s.Input, values[i])).ToArray());
                steps["fullTextIndex"].Time(() => InsertDocuments(mirror, sections, ref documents));

                // Rows as integers where a key will do: signals and observables numbered, observables in memory once each.
                var (signals, fresh, links) = (new List<SignalRow>(chunk.Length), new List<ObservableRow>(), new List<LinkRow>(chunk.Length * 10));
                for (var s = 0; s < chunk.Length; s++)
                {
                    var (externalId, input) = chunk[s];
                    var signal = ++signalCount;
                    var occurredAt = input.OccurredAt!.Value.UtcDateTime;
                    signals.Add(new SignalRow(signal, externalId, input.Title!, input.Description!, input.PartnerSummary, input.Mainport!, occurredAt, input.Category!, input.Tlp!));
                    var clearOnlyTo = input.PersonalDataToPrivatePartners is null ? 1L : (long?)null;
                    for (var position = 0; position < values[s].Count; position++)
                    {
                        var (type, value, _) = values[s][position];
                        var key = (type, value.ToLowerInvariant());
                        if (!observables.TryGetValue(key, out var observable))
                        {
                            observables[key] = observable = observables.Count + 1;
                            fresh.Add(new ObservableRow(observable, types.TryGetValue(type, out var code) ? code : types[type] = types.Count + 1, value, key.Item2));
                        }

                        links.Add(new LinkRow(signal, observable, position, occurredAt, clearOnlyTo));
                    }
                }

                await steps["signalRows"].TimeAsync(() => store.WriteSignalsAsync(signals, cancellationToken));
                await steps["observableRows"].TimeAsync(() => store.WriteObservablesAsync(fresh, cancellationToken));
                await steps["linkRows"].TimeAsync(() => store.WriteLinksAsync(links, cancellationToken));
                linkCount += links.Count;
                await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {signalCount} signals"));
            }

            await steps["linkIndexes"].TimeAsync(() => store.BuildLinkIndexesAsync(cancellationToken));

            // The work was really done: every row is stored, and the full-text index finds the first document.
            var stored = (await store.CountAsync("FloorSignals"), await store.CountAsync("FloorObservables"), await store.CountAsync("FloorLinks"));
            var indexed = await ScalarAsync(mirror, """SELECT count(*) FROM "SignalSearch" WHERE rowid = 1 AND "SignalSearch" MATCH 'zzcategory*'""");
            if (stored != (signalCount, observables.Count, linkCount) || indexed != 1)
            {
                throw new InvalidOperationException($"The floor's work is incomplete: {stored} of {(signalCount, observables.Count, linkCount)} rows stored, first document indexed {indexed}.");
            }

            var coreSeconds = steps.Values.Sum(s => s.CoreSeconds);
            var result = new
            {
                provider,
                signals = count,
                observables = observables.Count,
                links = linkCount,
                documents,
                cores = Environment.ProcessorCount,
                steps = steps.ToDictionary(s => s.Key, s => s.Value.Figures()),
                coreSeconds = Math.Round(coreSeconds, 2),
                ceilingLinksPerSecond = Math.Round(linkCount / (coreSeconds / Environment.ProcessorCount)),
            };
            if (json)
            {
                await app.WriteJsonAsync(result);
            }
            else
            {
                foreach (var (name, step) in steps)
                {
                    await app.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name}: {step.Seconds:F1} s, {step.CoreSeconds:F1} core-s"));
                }

                await app.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{linkCount} links, {coreSeconds:F1} core-s on {Environment.ProcessorCount} cores: at best {result.ceilingLinksPerSecond} links/s"));
            }

            return CliApp.Success;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record SignalRow(long Key, string ExternalId, string Title, string Description, string? PartnerSummary, string Mainport, DateTime OccurredAt,
        string Category, string Tlp);

    private sealed record ObservableRow(long Key, int Type, string Value, string MatchKey);

    private readonly record struct LinkRow(long Signal, long Observable, int Position, DateTime OccurredAt, long? ClearOnlyTo);

    /// <summary>The identifier checks of one signal, as an import checks them (<see cref="SignalService.CheckObservables"/>).</summary>
    private static List<(string Type, string Value, bool PersonalData)> Check(SignalInput signal)
    {
        var errors = new FieldErrors();
        var values = SignalService.CheckObservables(signal.Observables!, errors, []);
        return errors.Any ? throw new InvalidOperationException("The generator drew a bad identifier: " + errors.ToError().Message) : values;
    }

    /// <summary>What the search mirror indexes of one signal: its two sections and what is derived from them.</summary>
    private static string[] DocumentText(SignalInput signal, List<(string Type, string Value, bool PersonalData)> values)
    {
        var (publicSection, restricted) = SearchIndex.Sections(signal.Title!, signal.Location, signal.PartnerSummary, signal.Description!, signal.Mainport!,
            SignalCategories.Parse(signal.Category)!.Value, SharingTerms.ParseTlp(signal.Tlp)!.Value, signal.ModusOperandi ?? [], values.Select(v => (v.Value, v.PersonalData)));
        return [publicSection, restricted, SearchText.PublicTerms(publicSection), SearchText.SectionPairs(restricted)];
    }

    private static int InsertDocuments(SqliteConnection mirror, string[][] sections, ref long documents)
    {
        using var transaction = mirror.BeginTransaction();
        using var insert = mirror.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = SearchMirror.InsertDocument;
        var parameters = new[] { "$key", "$public", "$restricted", "$publicTerms", "$restrictedPairs" }.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
        parameters[0].SqliteType = SqliteType.Integer;
        insert.Prepare();
        foreach (var section in sections)
        {
            parameters[0].Value = ++documents;
            for (var i = 0; i < section.Length; i++)
            {
                parameters[i + 1].Value = section[i];
            }

            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return sections.Length;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Where the rows go, each table in its least form: signals with their text and an integer key (unique per owner and
    /// external id, for idempotence), observables with an integer key (unique per type and value, for correlation),
    /// links as five integers; the two sightings indexes built after the rows.
    /// </summary>
    private abstract class FloorStore : IAsyncDisposable
    {
        protected const string LinkIndexes = """
            CREATE INDEX "ByObservable" ON "FloorLinks" ("Observable", "OccurredAt", "Signal");
            CREATE INDEX "ByObservableClear" ON "FloorLinks" ("Observable", "ClearOnlyTo", "OccurredAt", "Signal");
            """;

        protected static string Tables(string integer, string time) => $"""
            CREATE TABLE "FloorSignals" ("Key" {integer} PRIMARY KEY, "Owner" {integer} NOT NULL, "ExternalId" TEXT NOT NULL, "Title" TEXT NOT NULL,
                "Description" TEXT NOT NULL, "PartnerSummary" TEXT, "Mainport" TEXT NOT NULL, "OccurredAt" {time} NOT NULL, "Category" TEXT NOT NULL,
                "Tlp" TEXT NOT NULL, UNIQUE ("Owner", "ExternalId"));
            CREATE TABLE "FloorObservables" ("Key" {integer} PRIMARY KEY, "Type" {integer} NOT NULL, "Value" TEXT NOT NULL, "MatchKey" TEXT NOT NULL,
                UNIQUE ("Type", "MatchKey"));
            CREATE TABLE "FloorLinks" ("Signal" {integer} NOT NULL, "Observable" {integer} NOT NULL, "Position" {integer} NOT NULL, "OccurredAt" {time} NOT NULL,
                "ClearOnlyTo" {integer}, PRIMARY KEY ("Signal", "Observable"));
            """;

        public abstract Task WriteSignalsAsync(List<SignalRow> rows, CancellationToken cancellationToken);

        public abstract Task WriteObservablesAsync(List<ObservableRow> rows, CancellationToken cancellationToken);

        public abstract Task WriteLinksAsync(List<LinkRow> rows, CancellationToken cancellationToken);

        public abstract Task BuildLinkIndexesAsync(CancellationToken cancellationToken);

        public abstract Task<long> CountAsync(string table);

        public abstract ValueTask DisposeAsync();
    }

    /// <summary>SQLite with the product's durability (WAL, full synchronous commits), one prepared statement per table and batch.</summary>
    private sealed class SqliteFloorStore(SqliteConnection connection) : FloorStore
    {
        public static async Task<SqliteFloorStore> OpenAsync(string path)
        {
            var connection = new SqliteConnection($"Data Source={path}");
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; " + Tables("INTEGER", "INTEGER"));
            return new SqliteFloorStore(connection);
        }

        public override Task WriteSignalsAsync(List<SignalRow> rows, CancellationToken cancellationToken) =>
            InsertAsync("""INSERT INTO "FloorSignals" VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""", rows, (statement, row) =>
            {
                raw.sqlite3_bind_int64(statement, 1, row.Key);
                raw.sqlite3_bind_text16(statement, 2, row.ExternalId);
                raw.sqlite3_bind_text16(statement, 3, row.Title);
                raw.sqlite3_bind_text16(statement, 4, row.Description);
                _ = row.PartnerSummary is null ? raw.sqlite3_bind_null(statement, 5) : raw.sqlite3_bind_text16(statement, 5, row.PartnerSummary);
                raw.sqlite3_bind_text16(statement, 6, row.Mainport);
                raw.sqlite3_bind_int64(statement, 7, row.OccurredAt.Ticks);
                raw.sqlite3_bind_text16(statement, 8, row.Category);
                raw.sqlite3_bind_text16(statement, 9, row.Tlp);
            });

        public override Task WriteObservablesAsync(List<ObservableRow> rows, CancellationToken cancellationToken) =>
            InsertAsync("""INSERT INTO "FloorObservables" VALUES (?1, ?2, ?3, ?4)""", rows, (statement, row) =>
            {
                raw.sqlite3_bind_int64(statement, 1, row.Key);
                raw.sqlite3_bind_int64(statement, 2, row.Type);
                raw.sqlite3_bind_text16(statement, 3, row.Value);
                raw.sqlite3_bind_text16(statement, 4, row.MatchKey);
            });

        public override Task WriteLinksAsync(List<LinkRow> rows, CancellationToken cancellationToken) =>
            InsertAsync("""INSERT INTO "FloorLinks" VALUES (?1, ?2, ?3, ?4, ?5)""", rows, (statement, row) =>
            {
                raw.sqlite3_bind_int64(statement, 1, row.Signal);
                raw.sqlite3_bind_int64(statement, 2, row.Observable);
                raw.sqlite3_bind_int64(statement, 3, row.Position);
                raw.sqlite3_bind_int64(statement, 4, row.OccurredAt.Ticks);
                _ = row.ClearOnlyTo is { } organisation ? raw.sqlite3_bind_int64(statement, 5, organisation) : raw.sqlite3_bind_null(statement, 5);
            });

        public override Task BuildLinkIndexesAsync(CancellationToken cancellationToken) =>
            ExecuteAsync(connection, $"PRAGMA threads = {Math.Min(Environment.ProcessorCount, 8)}; BEGIN; {LinkIndexes} COMMIT;");

        public override Task<long> CountAsync(string table) => ScalarAsync(connection, $"""SELECT count(*) FROM "{table}" """);

        public override ValueTask DisposeAsync() => connection.DisposeAsync();

        private Task InsertAsync<T>(string sql, List<T> rows, Action<sqlite3_stmt, T> bind)
        {
            using var transaction = connection.BeginTransaction();
            var handle = connection.Handle!;
            Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
            try
            {
                foreach (var row in rows)
                {
                    bind(statement, row);
                    if (raw.sqlite3_step(statement) != raw.SQLITE_DONE)
                    {
                        Check(handle, raw.sqlite3_errcode(handle));
                    }

                    raw.sqlite3_reset(statement);
                }
            }
            finally
            {
                raw.sqlite3_finalize(statement);
            }

            transaction.Commit();
            return Task.CompletedTask;
        }

        private static void Check(sqlite3 handle, int result)
        {
            if (result != raw.SQLITE_OK)
            {
                throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result);
            }
        }
    }

    /// <summary>PostgreSQL in a database of its own on the server of SLAGBOOM_DB (dropped afterwards), binary COPY per table and batch.</summary>
    private sealed class PostgresFloorStore(NpgsqlConnection connection, string server) : FloorStore
    {
        public static async Task<PostgresFloorStore> OpenAsync(string server, CancellationToken cancellationToken)
        {
            var connection = new NpgsqlConnection(await CorrelationBenchmark.CreateDatabaseAsync(server, "slagboom_floor"));
            await connection.OpenAsync(cancellationToken);
            await using var tables = new NpgsqlCommand(Tables("bigint", "timestamptz"), connection);
            await tables.ExecuteNonQueryAsync(cancellationToken);
            return new PostgresFloorStore(connection, server);
        }

        public override Task WriteSignalsAsync(List<SignalRow> rows, CancellationToken cancellationToken) =>
            CopyAsync("FloorSignals", rows, async (copy, row) =>
            {
                await copy.WriteAsync(row.Key, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.ExternalId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Title, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Description, NpgsqlDbType.Text, cancellationToken);
                await (row.PartnerSummary is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(row.PartnerSummary, NpgsqlDbType.Text, cancellationToken));
                await copy.WriteAsync(row.Mainport, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(row.Category, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Tlp, NpgsqlDbType.Text, cancellationToken);
            }, cancellationToken);

        public override Task WriteObservablesAsync(List<ObservableRow> rows, CancellationToken cancellationToken) =>
            CopyAsync("FloorObservables", rows, async (copy, row) =>
            {
                await copy.WriteAsync(row.Key, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync((long)row.Type, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.Value, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.MatchKey, NpgsqlDbType.Text, cancellationToken);
            }, cancellationToken);

        public override Task WriteLinksAsync(List<LinkRow> rows, CancellationToken cancellationToken) =>
            CopyAsync("FloorLinks", rows, async (copy, row) =>
            {
                await copy.WriteAsync(row.Signal, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.Observable, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync((long)row.Position, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await (row.ClearOnlyTo is { } organisation ? copy.WriteAsync(organisation, NpgsqlDbType.Bigint, cancellationToken) : copy.WriteNullAsync(cancellationToken));
            }, cancellationToken);

        public override async Task BuildLinkIndexesAsync(CancellationToken cancellationToken)
        {
            await using var build = new NpgsqlCommand("SET maintenance_work_mem = '512MB'; " + LinkIndexes, connection) { CommandTimeout = 0 };
            await build.ExecuteNonQueryAsync(cancellationToken);
        }

        public override Task<long> CountAsync(string table) => ScalarAsync(connection, $"""SELECT count(*) FROM "{table}" """);

        public override async ValueTask DisposeAsync()
        {
            var database = connection.ConnectionString;
            await connection.DisposeAsync();
            await CorrelationBenchmark.DropDatabasesAsync(server, database);
        }

        private async Task CopyAsync<T>(string table, List<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken cancellationToken)
        {
            await using var copy = await connection.BeginBinaryImportAsync($"""COPY "{table}" FROM STDIN (FORMAT BINARY)""", cancellationToken);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await write(copy, row);
            }

            await copy.CompleteAsync(cancellationToken);
        }
    }
}
