using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Search;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Signals;

/// <summary>One checked signal made ready for the bulk store: its row, its observables and its search text.</summary>
internal sealed record PreparedSignal(string Id, string ExternalId, object?[] Row, DateTime OccurredAt, string? ClearOnlyTo,
    (string Type, string Key, string Value, bool PersonalData)[] Observables, string Public, string Restricted, string? TsVector);

/// <summary>What one stored batch did: signals written, and rows skipped because the organisation already had them.</summary>
internal sealed record BulkOutcome(int Stored, int Skipped);

/// <summary>
/// The bulk path of imports (<see cref="SignalImport"/>, and so <c>slagboom import</c>, the import page and the
/// correlation benchmark), in two steps so that an import can prepare one batch while the previous one is written:
/// <see cref="Prepare"/> is pure work on the CPU (rows, normalised observable keys, search text); <see cref="StoreAsync"/>
/// writes one batch in one transaction — rows whose external id the organisation already has are skipped, observables
/// deduplicated in memory and looked up set-wise (new ones inserted), then signals, observable links, search
/// documents and one audit entry. PostgreSQL gets binary COPY and array-based set operations; SQLite prepared
/// statements driven through <see cref="SqliteStatement"/>, with a larger page cache while it writes. The rows are
/// exactly those EF would write (same columns and conversions), and the full-text index is maintained as for any
/// other write (FTS5 triggers; the tsvector written alongside).
/// </summary>
public sealed class SignalBulkStore(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Page cache of the SQLite connection while a batch is written (KiB, as SQLite's negative cache_size).</summary>
    private const int SqliteImportCacheKib = 256 * 1024;

    private static readonly string[] SignalColumns =
    [
        "Id", "OwnerOrganisationId", "CreatedByUserId", "Title", "Description", "PartnerSummary", "Mainport", "Location", "Latitude", "Longitude",
        "OccurredAt", "Category", "ModusOperandi", "ProcessStep", "Distribution", "SharingGroupId", "Tlp", "Status", "PersonalDataLegalBasis",
        "LegalHold", "CreatedAt", "UpdatedAt", "PublishedAt", "ExternalId",
    ];

    private static readonly string[] LinkColumns = ["SignalId", "ObservableId", "Position", "OccurredAt", "ClearOnlyTo"];

    /// <summary>
    /// Leaves the database after a large import as readers want it. PostgreSQL: vacuums and analyses the tables a bulk
    /// import fills — the statistics, so that the first queries after it are planned on the new data rather than on the
    /// empty tables' estimates, and the visibility map and hint bits, so that a sightings lookup reads the link index
    /// alone instead of visiting (and dirtying) heap pages; autovacuum would do both only a minute or more later, in
    /// the middle of the first users' queries. SQLite: statistics of the signals for its planner
    /// (<see cref="DatabaseSetup.SqliteSignalStatistics"/>), and a checkpoint that truncates the large write-ahead log
    /// the import may leave, which readers would otherwise consult page by page until the next write.
    /// </summary>
    internal async Task TidyAfterImportAsync(CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
            ? """VACUUM (ANALYZE) "Signals", "Observables", "SignalObservables", "SignalSearchDocuments" """
            : DatabaseSetup.SqliteSignalStatistics + " PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
    }

    /// <summary>Rows, observable keys and search text of checked signals; touches no database.</summary>
    internal List<PreparedSignal> Prepare(Actor actor, Viewer viewer, IReadOnlyList<(string ExternalId, SignalService.CheckedSignal Input)> rows, bool publish)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var postgres = db.Database.IsNpgsql();
        var prepared = new List<PreparedSignal>(rows.Count);
        foreach (var (externalId, input) in rows)
        {
            var id = Ids.New();
            object?[] row =
            [
                id, viewer.OrganisationId, actor.UserId ?? "", input.Title, input.Description, input.PartnerSummary, input.Mainport, input.Location,
                input.Latitude, input.Longitude, input.OccurredAt, input.Category.ToString(), string.Join(';', input.ModusOperandi), input.ProcessStep,
                input.Distribution.ToString(), input.GroupId, input.Tlp.ToString(), (publish ? SignalStatus.Published : SignalStatus.Draft).ToString(),
                input.LegalBasis, false, now, now, publish ? now : null, externalId,
            ];
            var observables = new (string, string, string, bool)[input.Observables.Count];
            for (var i = 0; i < observables.Length; i++)
            {
                var (type, value, personalData) = input.Observables[i];
                observables[i] = (type, value.ToLowerInvariant(), value, personalData);
            }

            var (publicSection, restricted) = SearchIndex.Sections(input.Title, input.Location, input.PartnerSummary, input.Description, input.Mainport,
                input.Category, input.Tlp, input.ModusOperandi, input.Observables.Select(o => (o.Value, o.PersonalData)));
            prepared.Add(new PreparedSignal(id, externalId, row, input.OccurredAt, SharingPolicy.LinkClearOnlyTo(viewer.OrganisationId, input.LegalBasis), observables, publicSection, restricted,
                postgres ? SearchText.TsVector(publicSection, restricted) : null));
        }

        return prepared;
    }

    /// <summary>Writes one prepared batch in one transaction; nothing of it stays when it fails.</summary>
    internal async Task<BulkOutcome> StoreAsync(Actor actor, Viewer viewer, IReadOnlyList<PreparedSignal> batch, bool publish, string subject, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!postgres)
            {
                await SetSqliteBatchModeAsync(writing: true, cancellationToken);
            }

            await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
            var connection = db.Database.GetDbConnection();
            var organisation = viewer.OrganisationId!;
            var existing = postgres
                ? await ExistingPostgresAsync((NpgsqlConnection)connection, organisation, batch, cancellationToken)
                : ExistingSqlite((SqliteConnection)connection, organisation, batch);
            var rows = existing.Count == 0 ? batch : [.. batch.Where(b => !existing.Contains(b.ExternalId))];

            // Observables of the whole batch, once each.
            var wanted = new Dictionary<(string Type, string Key), (string Value, bool PersonalData)>();
            foreach (var signal in rows)
            {
                foreach (var (type, key, value, personalData) in signal.Observables)
                {
                    wanted.TryAdd((type, key), (value, personalData));
                }
            }

            var ids = postgres
                ? await ResolvePostgresAsync((NpgsqlConnection)connection, wanted, cancellationToken)
                : ResolveSqlite((SqliteConnection)connection, wanted);
            var links = new List<object?[]>(rows.Count * 10);
            foreach (var signal in rows)
            {
                for (var i = 0; i < signal.Observables.Length; i++)
                {
                    var (type, key, _, _) = signal.Observables[i];
                    links.Add([signal.Id, ids[(type, key)], i, signal.OccurredAt, signal.ClearOnlyTo]);
                }
            }

            if (postgres)
            {
                await CopyPostgresAsync((NpgsqlConnection)connection, rows, links, cancellationToken);
            }
            else
            {
                var sqlite = (SqliteConnection)connection;
                CheckReferencesSqlite(sqlite, rows);
                SqliteStatement.InsertAll(sqlite, "Signals", SignalColumns, [.. rows.Select(r => r.Row)]);
                SqliteStatement.InsertAll(sqlite, "SignalObservables", LinkColumns, links);
                SqliteStatement.InsertAll(sqlite, "SignalSearchDocuments", ["SignalId", "Public", "Restricted"],
                    [.. rows.Select(r => new object?[] { r.Id, r.Public, r.Restricted })]);
            }

            if (rows.Count > 0)
            {
                await audit.AppendAsync(new AuditEvent("signal.import", subject, AuditOutcome.Ok, actor.UserId, actor.OrganisationId,
                    Purpose: publish ? "imported and published" : "imported as drafts",
                    Recipients: rows.Count.ToString(CultureInfo.InvariantCulture)), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new BulkOutcome(rows.Count, batch.Count - rows.Count);
        }
        finally
        {
            if (!postgres)
            {
                await SetSqliteBatchModeAsync(writing: false, CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// How this connection writes a batch, and back to the defaults after it. A larger page cache (random inserts into
    /// big indexes). No foreign-key checks: SQLite checks them per row, per connection, and a batch's links would each
    /// look up their signal and their observable (measured: 5.4 s against 3.0 s for a million links). The batch's own
    /// rows are consistent without that — its links point at signals it writes and observables it found or wrote in the
    /// same transaction, and SQLite lets no other writer in meanwhile — and <see cref="CheckReferencesSqlite"/> checks
    /// the few values the signals take from elsewhere once each. Other connections keep checking and cascading.
    /// </summary>
    private async Task SetSqliteBatchModeAsync(bool writing, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = writing
            ? $"PRAGMA cache_size = -{SqliteImportCacheKib}; PRAGMA foreign_keys = OFF"
            : "PRAGMA cache_size = -2000; PRAGMA foreign_keys = ON";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What the foreign keys of the signals would check, once per distinct value: owner, mainport and sharing group exist.</summary>
    private static void CheckReferencesSqlite(SqliteConnection connection, IReadOnlyList<PreparedSignal> rows)
    {
        foreach (var (table, key, column) in new[] { ("Organisations", "Id", "OwnerOrganisationId"), ("Mainports", "Code", "Mainport"), ("SharingGroups", "Id", "SharingGroupId") })
        {
            var index = Array.IndexOf(SignalColumns, column);
            using var find = new SqliteStatement(connection, $"SELECT \"{key}\" FROM \"{table}\" WHERE \"{key}\" = ?1");
            foreach (var value in rows.Select(r => r.Row[index]).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (find.QueryText([value]) is null)
                {
                    throw new SqliteException($"FOREIGN KEY constraint failed: {column} '{value}' is not in {table}", 19);
                }
            }
        }
    }

    private static HashSet<string> ExistingSqlite(SqliteConnection connection, string organisation, IReadOnlyList<PreparedSignal> batch)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        using var find = new SqliteStatement(connection, """SELECT "ExternalId" FROM "Signals" WHERE "OwnerOrganisationId" = ?1 AND "ExternalId" = ?2""");
        var values = new object?[] { organisation, null };
        foreach (var signal in batch)
        {
            values[1] = signal.ExternalId;
            if (find.QueryText(values) is { } found)
            {
                existing.Add(found);
            }
        }

        return existing;
    }

    private static async Task<HashSet<string>> ExistingPostgresAsync(NpgsqlConnection connection, string organisation, IReadOnlyList<PreparedSignal> batch, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var find = new NpgsqlCommand("""
            SELECT "ExternalId" FROM "Signals" WHERE "OwnerOrganisationId" = @organisation AND "ExternalId" = ANY(@ids)
            """, connection);
        find.Parameters.AddWithValue("organisation", organisation);
        find.Parameters.AddWithValue("ids", batch.Select(b => b.ExternalId).ToArray());
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            existing.Add(reader.GetString(0));
        }

        return existing;
    }

    private static Dictionary<(string, string), string> ResolveSqlite(SqliteConnection connection,
        Dictionary<(string Type, string Key), (string Value, bool PersonalData)> wanted)
    {
        var ids = new Dictionary<(string, string), string>(wanted.Count);
        using (var find = new SqliteStatement(connection, """SELECT "Id" FROM "Observables" WHERE "Type" = ?1 AND "MatchKey" = ?2"""))
        {
            var values = new object?[2];
            foreach (var key in wanted.Keys)
            {
                (values[0], values[1]) = (key.Type, key.Key);
                if (find.QueryText(values) is { } id)
                {
                    ids[key] = id;
                }
            }
        }

        // SQLite has one writer at a time and this transaction holds the write lock, so what was not found is new.
        using var insert = SqliteStatement.Insert(connection, "Observables", ["Id", "Type", "Value", "MatchKey", "IsPersonalData"]);
        var row = new object?[5];
        foreach (var (key, (value, personalData)) in wanted)
        {
            if (!ids.ContainsKey(key))
            {
                var id = Ids.New();
                ids[key] = id;
                (row[0], row[1], row[2], row[3], row[4]) = (id, key.Type, value, key.Key, personalData);
                insert.Execute(row);
            }
        }

        return ids;
    }

    private static async Task<Dictionary<(string, string), string>> ResolvePostgresAsync(NpgsqlConnection connection,
        Dictionary<(string Type, string Key), (string Value, bool PersonalData)> wanted, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<(string, string), string>(wanted.Count);
        async Task FindAsync(IEnumerable<(string Type, string Key)> keys)
        {
            var list = keys.ToList();
            await using var find = new NpgsqlCommand("""
                SELECT o."Id", o."Type", o."MatchKey" FROM "Observables" AS o
                JOIN unnest(@types, @keys) AS k(t, m) ON o."Type" = k.t AND o."MatchKey" = k.m
                """, connection);
            find.Parameters.AddWithValue("types", list.Select(k => k.Type).ToArray());
            find.Parameters.AddWithValue("keys", list.Select(k => k.Key).ToArray());
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids[(reader.GetString(1), reader.GetString(2))] = reader.GetString(0);
            }
        }

        await FindAsync(wanted.Keys);
        // In one order for every writer: two imports at once that add the same new values wait for each other on the
        // unique index, and in one order they cannot wait in a circle (a deadlock, which would refuse a batch).
        var missing = wanted.Where(w => !ids.ContainsKey(w.Key))
            .OrderBy(w => w.Key.Type, StringComparer.Ordinal).ThenBy(w => w.Key.Key, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            // Set-based insert; a value another import added a moment ago is kept and looked up again.
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO "Observables" ("Id", "Type", "Value", "MatchKey", "IsPersonalData")
                SELECT * FROM unnest(@ids, @types, @values, @keys, @personal) ON CONFLICT ("Type", "MatchKey") DO NOTHING
                """, connection))
            {
                insert.Parameters.AddWithValue("ids", missing.Select(_ => Ids.New()).ToArray());
                insert.Parameters.AddWithValue("types", missing.Select(m => m.Key.Type).ToArray());
                insert.Parameters.AddWithValue("values", missing.Select(m => m.Value.Value).ToArray());
                insert.Parameters.AddWithValue("keys", missing.Select(m => m.Key.Key).ToArray());
                insert.Parameters.AddWithValue("personal", missing.Select(m => m.Value.PersonalData).ToArray());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await FindAsync(missing.Select(m => m.Key));
        }

        return ids;
    }

    private static async Task CopyPostgresAsync(NpgsqlConnection connection, IReadOnlyList<PreparedSignal> signals, List<object?[]> links, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", SignalColumns.Select(c => $"\"{c}\""));
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY \"Signals\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            NpgsqlDbType[] types =
            [
                NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
                NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text,
                NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
                NpgsqlDbType.TimestampTz, NpgsqlDbType.Text,
            ];
            foreach (var row in signals.Select(s => s.Row))
            {
                await copy.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await copy.WriteAsync(row[i], types[i], cancellationToken);
                    }
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY "SignalObservables" ("SignalId", "ObservableId", "Position", "OccurredAt", "ClearOnlyTo") FROM STDIN (FORMAT BINARY)""", cancellationToken))
        {
            foreach (var row in links)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync((string)row[0]!, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((string)row[1]!, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((int)row[2]!, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync((DateTime)row[3]!, NpgsqlDbType.TimestampTz, cancellationToken);
                if (row[4] is string clearOnlyTo)
                {
                    await copy.WriteAsync(clearOnlyTo, NpgsqlDbType.Text, cancellationToken);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY "SignalSearchDocuments" ("SignalId", "Public", "Restricted", "Vector") FROM STDIN (FORMAT BINARY)""", cancellationToken))
        {
            foreach (var signal in signals)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(signal.Id, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(signal.Public, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(signal.Restricted, NpgsqlDbType.Text, cancellationToken);
                // Our tsvector text holds only quoted letter-and-digit lexemes with positions, which Parse reads exactly.
#pragma warning disable CS0618
                await copy.WriteAsync(NpgsqlTsVector.Parse(signal.TsVector!), NpgsqlDbType.TsVector, cancellationToken);
#pragma warning restore CS0618
            }

            await copy.CompleteAsync(cancellationToken);
        }
    }
}
