using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Slagboom.Core.Data;

/// <summary>
/// One prepared SQLite statement driven straight through SQLitePCL (the library under Microsoft.Data.Sqlite), for the
/// bulk path only: values are bound by position and the statement is stepped and reset per row, which spares the
/// per-execution work of <see cref="SqliteCommand"/> (parameter lookup by name, statement re-enumeration) that
/// dominates when millions of small rows are written. It runs on the caller's open connection and so inside its
/// transaction. Values are stored exactly as Microsoft.Data.Sqlite (and so EF Core) stores them: text, integers
/// (booleans as 0/1), reals, and date-times as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    /// <summary>The text form Microsoft.Data.Sqlite gives a <see cref="DateTime"/>; ordering and comparisons rely on it.</summary>
    private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public static SqliteStatement Insert(SqliteConnection connection, string table, IReadOnlyList<string> columns)
    {
        var sql = new StringBuilder($"INSERT INTO \"{table}\" (").AppendJoin(", ", columns.Select(c => $"\"{c}\"")).Append(") VALUES (");
        for (var i = 1; i <= columns.Count; i++)
        {
            sql.Append(i == 1 ? "" : ", ").Append('?').Append(i.ToString(CultureInfo.InvariantCulture));
        }

        return new SqliteStatement(connection, sql.Append(')').ToString());
    }

    /// <summary>Inserts every row (values in column order) with one prepared statement.</summary>
    public static void InsertAll(SqliteConnection connection, string table, IReadOnlyList<string> columns, List<object?[]> rows)
    {
        using var insert = Insert(connection, table, columns);
        foreach (var row in rows)
        {
            insert.Execute(row);
        }
    }

    /// <summary>Runs the statement once with <paramref name="values"/> bound to ?1, ?2, …</summary>
    public void Execute(object?[] values)
    {
        try
        {
            Bind(values);
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE && result != raw.SQLITE_ROW)
            {
                Check(result);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>The first column of the first row as text, or null when there is no row.</summary>
    public string? QueryText(params object?[] values)
    {
        try
        {
            Bind(values);
            var result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_text(_statement, 0).utf8_to_string();
            }

            if (result != raw.SQLITE_DONE)
            {
                Check(result);
            }

            return null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private void Bind(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var index = i + 1;
            var result = values[i] switch
            {
                null => raw.sqlite3_bind_null(_statement, index),
                string text => raw.sqlite3_bind_text(_statement, index, text),
                DateTime time => raw.sqlite3_bind_text(_statement, index, time.ToString(DateTimeFormat, CultureInfo.InvariantCulture)),
                bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
                int number => raw.sqlite3_bind_int64(_statement, index, number),
                long number => raw.sqlite3_bind_int64(_statement, index, number),
                double number => raw.sqlite3_bind_double(_statement, index, number),
                var other => throw new ArgumentException($"No SQLite binding for a {other.GetType().Name}.", nameof(values)),
            };
            Check(result);
        }
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result, raw.sqlite3_extended_errcode(_db));
        }
    }

    public void Dispose() => _statement.Dispose();
}
