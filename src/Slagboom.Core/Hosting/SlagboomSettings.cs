using Microsoft.Extensions.Configuration;

namespace Slagboom.Core.Hosting;

/// <summary>
/// Where data, keys and the database are, read from the environment exactly as CONTRACT.md §1 says. Server and
/// command line read the same variables.
/// </summary>
public sealed record SlagboomSettings(string DataFolder, string KeysFolder, bool KeysInDataFolder, string? PostgresConnectionString)
{
    public bool UsesPostgres => PostgresConnectionString is not null;

    public string SqlitePath => Path.Combine(DataFolder, "slagboom.db");

    public string SqliteConnectionString => $"Data Source={SqlitePath};Foreign Keys=True;Pooling=True";

    public static SlagboomSettings FromConfiguration(IConfiguration configuration)
    {
        var data = configuration["SLAGBOOM_DATA"];
        var dataFolder = Path.GetFullPath(string.IsNullOrWhiteSpace(data) ? "data" : data);
        var keys = configuration["SLAGBOOM_KEYS"];
        var keysInData = string.IsNullOrWhiteSpace(keys);
        var keysFolder = keysInData ? Path.Combine(dataFolder, "keys") : Path.GetFullPath(keys!);
        var db = configuration["SLAGBOOM_DB"];
        return new SlagboomSettings(dataFolder, keysFolder, keysInData, string.IsNullOrWhiteSpace(db) ? null : db);
    }

    /// <summary>Describes the database without its password, for logs and messages.</summary>
    public string DescribeDatabase()
    {
        if (!UsesPostgres)
        {
            return $"SQLite {SqlitePath}";
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
