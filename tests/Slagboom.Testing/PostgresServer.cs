using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Slagboom.Testing;

/// <summary>
/// A real PostgreSQL for tests, without Docker: <c>SLAGBOOM_TEST_PG</c> when set, otherwise a throwaway cluster
/// made with the machine's PostgreSQL binaries, started on first use and removed at the end. Where no binaries
/// exist the tests that need it are skipped — except under <c>CI=true</c>, where they fail.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _adminConnectionString;
    private string? _folder;
    private string? _bin;
    private bool _asPostgresUser;
    private int _databases;

    /// <summary>One server per test process.</summary>
    public static PostgresServer Shared { get; } = Create();

    private static PostgresServer Create()
    {
        var server = new PostgresServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    /// <summary>A fresh, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var admin = await StartAsync();
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        name = name[..Math.Min(40, name.Length)];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
    }

    private async Task<string> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_adminConnectionString is not null)
            {
                return _adminConnectionString;
            }

            var given = Environment.GetEnvironmentVariable("SLAGBOOM_TEST_PG");
            if (!string.IsNullOrWhiteSpace(given))
            {
                return _adminConnectionString = given;
            }

            _bin = FindBinaries();
            if (_bin is null)
            {
                const string message = "No PostgreSQL server binaries under /usr/lib/postgresql/*/bin and SLAGBOOM_TEST_PG is unset.";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(message + " Under CI=true the PostgreSQL tests must run.");
                }

                Assert.Skip(message);
            }

            _asPostgresUser = Environment.UserName == "root";
            _folder = Directory.CreateTempSubdirectory("slagboom-pg-").FullName;
            var data = Path.Combine(_folder, "data");
            if (_asPostgresUser)
            {
                await RunAsync("chown", "postgres:postgres", _folder);
            }

            var port = FreePort();
            await RunPgAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
            await RunPgAsync("pg_ctl", "-D", data, "-l", Path.Combine(_folder, "log"), "-w", "-o",
                $"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start");
            return _adminConnectionString = $"Host=127.0.0.1;Port={port};Database=postgres;Username=postgres;Password=postgres;Pooling=false";
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Stop()
    {
        if (_folder is null || _bin is null)
        {
            return;
        }

        try
        {
            var stop = StartProcess(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop"]);
            stop.WaitForExit(30_000);
        }
        finally
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }

            _folder = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : new Version(0, 0))
                .LastOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPgAsync(string tool, params string[] args) => RunAsync(Path.Combine(_bin!, tool), args);

    private Process StartProcess(string file, string[] args)
    {
        var info = _asPostgresUser && !file.EndsWith("chown", StringComparison.Ordinal)
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = Path.GetTempPath();
        return Process.Start(info)!;
    }

    private async Task RunAsync(string file, params string[] args)
    {
        using var process = StartProcess(file, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
