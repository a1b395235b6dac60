using Microsoft.Data.Sqlite;
using Slagboom.Core.Errors;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Data;

/// <summary>
/// Backup and restore of a SQLite installation: a consistent copy of the live database through SQLite's online
/// backup API (safe while the server writes), together with the keys folder — a database without its keys opens
/// no receipt, pseudonym or signature. PostgreSQL installations use pg_dump plus the keys (see the README).
/// </summary>
public sealed class Backup(SlagboomSettings settings, IServiceProvider services)
{
    public const string DatabaseFile = "slagboom.db";
    public const string KeysFolder = "keys";

    public Result<string> Create(string target)
    {
        if (settings.UsesPostgres)
        {
            return new Invalid("provider", "backup copies SQLite installations; for PostgreSQL use pg_dump and copy the keys folder (see the README).");
        }

        if (!File.Exists(settings.SqlitePath))
        {
            return new NotFound($"No database at {settings.SqlitePath}.");
        }

        var folder = Path.GetFullPath(target);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return new Conflict($"The backup folder {folder} is not empty.");
        }

        Directory.CreateDirectory(folder);
        using (var source = new SqliteConnection($"Data Source={settings.SqlitePath};Mode=ReadOnly;Pooling=False"))
        using (var destination = new SqliteConnection($"Data Source={Path.Combine(folder, DatabaseFile)};Pooling=False"))
        {
            source.Open();
            destination.Open();
            source.BackupDatabase(destination);
        }

        // Opening the key ring creates missing keys, so a backup always carries a complete set.
        var keyRing = (KeyRing)services.GetService(typeof(KeyRing))!;
        CopyFolder(keyRing.Folder, Path.Combine(folder, KeysFolder));
        return folder;
    }

    public Result<string> Restore(string from)
    {
        if (settings.UsesPostgres)
        {
            return new Invalid("provider", "restore fills a SQLite data folder; for PostgreSQL use pg_restore and copy the keys folder.");
        }

        var folder = Path.GetFullPath(from);
        var database = Path.Combine(folder, DatabaseFile);
        var keys = Path.Combine(folder, KeysFolder);
        if (!File.Exists(database) || !Directory.Exists(keys))
        {
            return new NotFound($"{folder} holds no Slagboom backup ({DatabaseFile} and {KeysFolder}/).");
        }

        if (File.Exists(settings.SqlitePath))
        {
            return new Conflict($"The data folder {settings.DataFolder} already holds a database; restore only into an empty data folder.");
        }

        if (Directory.Exists(settings.KeysFolder) && Directory.EnumerateFileSystemEntries(settings.KeysFolder).Any())
        {
            return new Conflict($"The keys folder {settings.KeysFolder} is not empty; restore only into an empty one.");
        }

        Directory.CreateDirectory(settings.DataFolder);
        using (var source = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
        using (var destination = new SqliteConnection($"Data Source={settings.SqlitePath};Pooling=False"))
        {
            source.Open();
            destination.Open();
            source.BackupDatabase(destination);
        }

        CopyFolder(keys, settings.KeysFolder);
        return settings.DataFolder;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
