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

/// <summary>
/// The bulk path of imports (<see cref="SignalImport"/>, and so <c>slagboom import</c> and the correlation benchmark):
/// one batch of checked signals in one transaction — signals, observables (deduplicated in memory, existing ones
/// looked up set-wise, new ones inserted with "on conflict do nothing"), observable links, search documents and one
/// audit entry. PostgreSQL gets binary COPY and array-based set operations; SQLite prepared multi-row inserts. The
/// rows are exactly those EF would write (same columns and conversions), and the full-text index is maintained as
/// for any other write (FTS5 triggers; the tsvector written alongside).
/// </summary>
public sealed class SignalBulkStore(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    private static readonly string[] SignalColumns =
    [
        "Id", "OwnerOrganisationId", "CreatedByUserId", "Title", "Description", "PartnerSummary", "Mainport", "Location", "Latitude", "Longitude",
        "OccurredAt", "Category", "ModusOperandi", "ProcessStep", "Distribution", "SharingGroupId", "Tlp", "Status", "PersonalDataLegalBasis",
        "LegalHold", "CreatedAt", "UpdatedAt", "PublishedAt", "ExternalId",
    ];

    internal async Task StoreAsync(Actor actor, Viewer viewer, IReadOnlyList<(string ExternalId, SignalService.CheckedSignal Input)> rows, bool publish, string subject, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var postgres = db.Database.IsNpgsql();
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = db.Database.CurrentTransaction!.GetDbTransaction();

        // Observables of the whole batch, once each.
        var wanted = new Dictionary<(string Type, string Key), (string Value, bool PersonalData)>();
        foreach (var (_, input) in rows)
        {
            foreach (var (type, value, personalData) in input.Observables)
            {
                wanted.TryAdd((type, value.ToLowerInvariant()), (value, personalData));
            }
        }

        var ids = postgres
            ? await ResolvePostgresAsync((NpgsqlConnection)connection, wanted, cancellationToken)
            : await ResolveSqliteAsync((SqliteConnection)connection, (SqliteTransaction)dbTransaction, wanted, cancellationToken);

        var signals = new List<object?[]>(rows.Count);
        var links = new List<object?[]>(rows.Count * 10);
        var documents = new List<(string SignalId, string Public, string Restricted)>(rows.Count);
        foreach (var (externalId, input) in rows)
        {
            var id = Ids.New();
            signals.Add(
            [
                id, viewer.OrganisationId, actor.UserId ?? "", input.Title, input.Description, input.PartnerSummary, input.Mainport, input.Location,
                input.Latitude, input.Longitude, input.OccurredAt, input.Category.ToString(), string.Join(';', input.ModusOperandi), input.ProcessStep,
                input.Distribution.ToString(), input.GroupId, input.Tlp.ToString(), (publish ? SignalStatus.Published : SignalStatus.Draft).ToString(),
                input.LegalBasis, false, now, now, publish ? now : null, externalId,
            ]);
            var personal = new List<string>();
            var plain = new List<string>();
            for (var i = 0; i < input.Observables.Count; i++)
            {
                var (type, value, personalData) = input.Observables[i];
                links.Add([id, ids[(type, value.ToLowerInvariant())], i]);
                (personalData ? personal : plain).Add(value);
            }

            documents.Add((id,
                SearchText.Section([input.Title, input.Location, input.PartnerSummary, .. plain]),
                SearchText.Section([input.Description, .. personal])));
        }

        if (postgres)
        {
            await CopyPostgresAsync((NpgsqlConnection)connection, signals, links, documents, cancellationToken);
        }
        else
        {
            var sqlite = (SqliteConnection)connection;
            var sqliteTransaction = (SqliteTransaction)dbTransaction;
            await InsertSqliteAsync(sqlite, sqliteTransaction, "Signals", SignalColumns, signals, cancellationToken);
            await InsertSqliteAsync(sqlite, sqliteTransaction, "SignalObservables", ["SignalId", "ObservableId", "Position"], links, cancellationToken);
            await InsertSqliteAsync(sqlite, sqliteTransaction, "SignalSearchDocuments", ["SignalId", "Public", "Restricted"],
                [.. documents.Select(d => new object?[] { d.SignalId, d.Public, d.Restricted })], cancellationToken);
        }

        await audit.AppendAsync(new AuditEvent("signal.import", subject, AuditOutcome.Ok, actor.UserId, actor.OrganisationId,
            Purpose: publish ? "imported and published" : "imported as drafts",
            Recipients: rows.Count.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private const int RowsPerStatement = 100;

    private static async Task<Dictionary<(string, string), string>> ResolveSqliteAsync(SqliteConnection connection, SqliteTransaction transaction,
        Dictionary<(string Type, string Key), (string Value, bool PersonalData)> wanted, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<(string, string), string>(wanted.Count);
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = """SELECT "Id" FROM "Observables" WHERE "Type" = $type AND "MatchKey" = $key""";
            var type = find.Parameters.Add("$type", SqliteType.Text);
            var key = find.Parameters.Add("$key", SqliteType.Text);
            find.Prepare();
            foreach (var wantedKey in wanted.Keys)
            {
                type.Value = wantedKey.Type;
                key.Value = wantedKey.Key;
                if (await find.ExecuteScalarAsync(cancellationToken) is string id)
                {
                    ids[wantedKey] = id;
                }
            }
        }

        // SQLite has one writer at a time and this transaction holds the write lock, so what was not found is new.
        var missing = wanted.Where(w => !ids.ContainsKey(w.Key)).ToList();
        var rows = new List<object?[]>(missing.Count);
        foreach (var (key, (value, personalData)) in missing)
        {
            var id = Ids.New();
            ids[key] = id;
            rows.Add([id, key.Type, value, key.Key, personalData]);
        }

        await InsertSqliteAsync(connection, transaction, "Observables", ["Id", "Type", "Value", "MatchKey", "IsPersonalData"], rows, cancellationToken);
        return ids;
    }

    /// <summary>Prepared multi-row inserts: <see cref="RowsPerStatement"/> rows a statement, one statement for the rest.</summary>
    private static async Task InsertSqliteAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns, List<object?[]> rows, CancellationToken cancellationToken)
    {
        SqliteCommand? full = null;
        try
        {
            var at = 0;
            while (at < rows.Count)
            {
                var count = Math.Min(RowsPerStatement, rows.Count - at);
                SqliteCommand command;
                if (count == RowsPerStatement)
                {
                    full ??= InsertCommand(connection, transaction, table, columns, RowsPerStatement);
                    command = full;
                }
                else
                {
                    command = InsertCommand(connection, transaction, table, columns, count);
                }

                var p = 0;
                for (var r = 0; r < count; r++)
                {
                    foreach (var value in rows[at + r])
                    {
                        command.Parameters[p++].Value = value ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                if (command != full)
                {
                    await command.DisposeAsync();
                }

                at += count;
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO \"{table}\" (").AppendJoin(", ", columns.Select(c => $"\"{c}\"")).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"$p{r * columns.Length + c}");
                sql.Append(c == 0 ? "" : ", ").Append(name);
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        command.Prepare();
        return command;
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
        var missing = wanted.Where(w => !ids.ContainsKey(w.Key)).ToList();
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

    private static async Task CopyPostgresAsync(NpgsqlConnection connection, List<object?[]> signals, List<object?[]> links,
        List<(string SignalId, string Public, string Restricted)> documents, CancellationToken cancellationToken)
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
            foreach (var row in signals)
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

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY "SignalObservables" ("SignalId", "ObservableId", "Position") FROM STDIN (FORMAT BINARY)""", cancellationToken))
        {
            foreach (var row in links)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync((string)row[0]!, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((string)row[1]!, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((int)row[2]!, NpgsqlDbType.Integer, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""COPY "SignalSearchDocuments" ("SignalId", "Public", "Restricted", "Vector") FROM STDIN (FORMAT BINARY)""", cancellationToken))
        {
            foreach (var (signalId, publicSection, restricted) in documents)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(signalId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(publicSection, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(restricted, NpgsqlDbType.Text, cancellationToken);
                // Our tsvector text holds only quoted letter-and-digit lexemes with positions, which Parse reads exactly.
#pragma warning disable CS0618
                await copy.WriteAsync(NpgsqlTsVector.Parse(SearchText.TsVector(publicSection, restricted)), NpgsqlDbType.TsVector, cancellationToken);
#pragma warning restore CS0618
            }

            await copy.CompleteAsync(cancellationToken);
        }
    }
}
