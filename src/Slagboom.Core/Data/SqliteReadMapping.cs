using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Slagboom.Core.Data;

/// <summary>
/// Lets SQLite read the database file through memory mapping (<c>PRAGMA mmap_size</c>) on every connection, once per
/// connection (pooled connections keep the setting). Without it every page a query needs beyond the connection's own
/// small cache is copied in by a <c>pread</c> system call: a sightings lookup at 100,000 signals spent about a tenth
/// of its time in the kernel doing that. Mapped pages are read in place from the operating system's cache. Writes
/// still go through the write-ahead log as before; only reads change.
/// </summary>
internal sealed class SqliteReadMapping : DbConnectionInterceptor
{
    public static readonly SqliteReadMapping Instance = new();

    /// <summary>Bytes of the file mapped, from its start; SQLite caps it at its compile-time maximum (2 GiB by default) and reads beyond it as before.</summary>
    public const long MappedBytes = 1L << 40;

    private static readonly ConditionalWeakTable<object, object> Mapped = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Map(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Map(connection);
        return Task.CompletedTask;
    }

    /// <summary>Maps the file of <paramref name="connection"/> (open), unless its native handle already is; also for the search mirror's connections.</summary>
    internal static void Map(DbConnection connection)
    {
        // The native handle outlives the pooled SqliteConnection objects that wrap it: set once per handle.
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || Mapped.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA mmap_size = {MappedBytes}";
        command.ExecuteNonQuery();
        Mapped.AddOrUpdate(handle, handle);
    }
}
