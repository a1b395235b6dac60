using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;
using Xunit;

namespace Slagboom.Testing;

/// <summary>
/// One Slagboom installation for a test: its own data folder, keys and database (a SQLite file, or a fresh
/// database on the test PostgreSQL server), with Core's services and a fake clock.
/// </summary>
public sealed class TestInstance : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private TestInstance(string provider, SlagboomSettings settings, ServiceProvider services, FakeTimeProvider clock)
    {
        Provider = provider;
        Settings = settings;
        Services = services;
        Clock = clock;
    }

    public static TheoryData<string> Providers => [Sqlite, Postgres];

    public string Provider { get; }
    public SlagboomSettings Settings { get; }
    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }

    /// <summary>The environment variables a server or command line for this installation would see.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["SLAGBOOM_DATA"] = Settings.DataFolder,
        ["SLAGBOOM_KEYS"] = Settings.KeysFolder,
        ["SLAGBOOM_DB"] = Settings.PostgresConnectionString,
    };

    /// <summary>A new installation; <paramref name="realTime"/> starts the fake clock at the real time, for tests that share it with a server on the system clock.</summary>
    public static async Task<TestInstance> CreateAsync(string provider, bool migrate = true, bool realTime = false)
    {
        var folder = Directory.CreateTempSubdirectory("slagboom-test-").FullName;
        var connection = provider == Postgres ? await PostgresServer.Shared.CreateDatabaseAsync() : null;
        var settings = new SlagboomSettings(Path.Combine(folder, "data"), Path.Combine(folder, "keys"), false, connection);
        var clock = new FakeTimeProvider(realTime ? TimeProvider.System.GetUtcNow() : new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSlagboomCore(settings);
        services.AddSlagboomIdentityCore();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.KeysFolder, "dataprotection")));
        var instance = new TestInstance(provider, settings, services.BuildServiceProvider(), clock);
        if (migrate)
        {
            await instance.RunAsync<DatabaseSetup>(s => s.MigrateAndSeedAsync());
        }

        return instance;
    }

    /// <summary>Runs <paramref name="work"/> on a fresh scope, as a request or command would.</summary>
    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> work) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task RunAsync<TService>(Func<TService, Task> work) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<TResult> QueryAsync<TResult>(Func<AppDbContext, Task<TResult>> query) => await RunAsync(query);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path.GetDirectoryName(Settings.DataFolder)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
