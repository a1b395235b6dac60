using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Hosting;

namespace Slagboom.Cli;

/// <summary>
/// The command tree and what every command shares: services built from the same environment variables as the
/// server, results on stdout, errors on stderr, and the exit codes of CONTRACT.md §1 (0 success, 1 a negative
/// answer, 2 usage or configuration) — never a stack trace for a usage or data error.
/// </summary>
public sealed class CliApp
{
    public const int Success = 0;
    public const int Negative = 1;
    public const int Usage = 2;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyDictionary<string, string?> _environment;

    private CliApp(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> environment)
    {
        Out = output;
        Error = error;
        _environment = environment;
    }

    public TextWriter Out { get; }

    /// <summary>The environment variables the command runs with.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    public TextWriter Error { get; }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> environment)
    {
        var app = new CliApp(output, error, environment);
        var root = new RootCommand("Slagboom: the shared platform of the public-private approach against drug smuggling via the mainports.")
        {
            DbCommands.Create(app),
            SeedCommand.Create(app),
            OrgCommands.Create(app),
            UserCommands.Create(app),
            TokenCommands.Create(app),
            BackupCommands.CreateBackup(app),
            BackupCommands.CreateRestore(app),
            CheckCommand.Create(app),
            ImportCommand.Create(app),
            AuditCommands.Create(app),
            RulesCommands.Create(app),
            EventsReplayCommand.AddTo(EventsCommands.Create(app), app),
            BenchCommands.Create(app),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync("Run 'slagboom --help' (or 'slagboom COMMAND --help') for usage.");
            return Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Runs <paramref name="work"/> with the services, turning failures into messages and exit codes.</summary>
    public async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> work, bool migrate = true)
    {
        SlagboomSettings settings;
        ServiceProvider provider;
        try
        {
            // Like the server's environment provider: Slagboom__Retention__AuditYears is Slagboom:Retention:AuditYears.
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(_environment
                .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value))).Build();
            settings = SlagboomSettings.FromConfiguration(configuration);
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
            services.AddSlagboomCore(settings);
            services.AddSlagboomIdentityCore();
            services.AddDataProtection().SetApplicationName("Slagboom").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.KeysFolder, "dataprotection")));
            provider = services.BuildServiceProvider();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            await Error.WriteLineAsync($"Configuration error: {e.Message}");
            return Usage;
        }

        await using (provider)
        {
            try
            {
                await using var scope = provider.CreateAsyncScope();
                if (migrate)
                {
                    await scope.ServiceProvider.GetRequiredService<DatabaseSetup>().MigrateAndSeedAsync();
                }

                return await work(scope.ServiceProvider);
            }
            catch (Exception e) when (DatabaseSetup.IsConnectionProblem(e) || e is ArgumentException)
            {
                await Error.WriteLineAsync($"Cannot use the database ({settings.DescribeDatabase()}): {e.Message}");
                return Usage;
            }
        }
    }

    /// <summary>Writes an expected failure and picks its exit code: bad input is a usage error, the rest a negative answer.</summary>
    public async Task<int> FailAsync(Error failure)
    {
        await Error.WriteLineAsync(failure.Message);
        return failure is Invalid ? Usage : Negative;
    }

    public Task WriteJsonAsync(object value) => Out.WriteLineAsync(JsonSerializer.Serialize(value, Json));
}
