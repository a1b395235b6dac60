using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Slagboom.Core.Accounts;
using Slagboom.Core.Benchmarks;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Hosting;
using Slagboom.Core.Observables;
using Slagboom.Core.Organisations;
using Slagboom.Core.Search;
using Slagboom.Core.Signals;
using Slagboom.Domain.Signals;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom bench correlation --signals N [--provider sqlite|postgres] --json</c> (CONTRACT.md §7): generates N
/// signals with ten skewed observables each, imports them through <see cref="SignalImport"/> (the path of
/// <c>slagboom import</c>: checks, bulk store, observables, links, search index, audit), then measures sightings
/// lookups and searches through the services the API uses, and the idiomatic EF Core import as the baseline. Each
/// run uses fresh databases: a temporary SQLite folder, or new databases on the PostgreSQL server of SLAGBOOM_DB
/// (dropped afterwards). Progress on stderr, the figures as one JSON object on stdout.
/// </summary>
internal static class CorrelationBenchmark
{
    public const int BaselineMax = 100_000;

    /// <summary>How long lookups and searches are called, at least and at most, before they are measured (<see cref="WarmUp"/>).</summary>
    private static readonly (TimeSpan Least, TimeSpan Most) WarmUpTime = (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));

    public static Command Create(CliApp app)
    {
        var (signals, provider) = (SignalsOption(), ProviderOption());
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var correlation = new Command("correlation", "Import throughput, sightings lookup and search latency against the EF Core baseline.") { signals, provider, json };
        correlation.SetAction((parse, cancellationToken) => RunAsync(app, parse.GetValue(signals), parse.GetValue(provider)!, parse.GetValue(json), cancellationToken));
        return correlation;
    }

    /// <summary><c>--signals N</c>: how many signals the generator makes (ten observables each), 10 to 10,000,000.</summary>
    internal static Option<int> SignalsOption()
    {
        var signals = new Option<int>("--signals") { Description = "Number of signals (ten observables each).", Required = true };
        signals.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 10 or > 10_000_000)
            {
                r.AddError("--signals must lie between 10 and 10,000,000.");
            }
        });
        return signals;
    }

    /// <summary><c>--provider sqlite|postgres</c>, SQLite by default; PostgreSQL through SLAGBOOM_DB.</summary>
    internal static Option<string> ProviderOption()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres (PostgreSQL through SLAGBOOM_DB).", DefaultValueFactory = _ => "sqlite" };
        provider.AcceptOnlyFromAmong("sqlite", "postgres");
        return provider;
    }

    private static async Task<int> RunAsync(CliApp app, int count, string provider, bool json, CancellationToken cancellationToken)
    {
        string? server = null;
        if (provider == "postgres")
        {
            server = app.Environment.GetValueOrDefault("SLAGBOOM_DB");
            if (string.IsNullOrWhiteSpace(server))
            {
                await app.Error.WriteLineAsync("--provider postgres needs SLAGBOOM_DB (an Npgsql connection string).");
                return CliApp.Usage;
            }
        }

        var folder = Directory.CreateTempSubdirectory("slagboom-bench-").FullName;
        try
        {
            var mainDb = await FreshDatabaseAsync(server, folder, "main");
            var main = await MeasureAsync(app, mainDb, count, baseline: false, cancellationToken);
            await app.Error.WriteLineAsync($"memory after the main run: {ProcessMemory()} (the peak working set includes mapped files: SQLite reads its database through memory mapping)");
            var baseCount = Math.Min(count, BaselineMax);
            var baseDb = await FreshDatabaseAsync(server, folder, "baseline");
            var baseline = await MeasureAsync(app, baseDb, baseCount, baseline: true, cancellationToken);
            if (server is not null)
            {
                await DropDatabasesAsync(server, mainDb.PostgresConnectionString!, baseDb.PostgresConnectionString!);
            }

            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var result = new
            {
                provider,
                signals = count,
                links = main.Links,
                importLinksPerSecond = Math.Round(main.LinksPerSecond),
                lookupP50Ms = Math.Round(main.LookupP50, 3),
                lookupP99Ms = Math.Round(main.LookupP99, 3),
                searchP50Ms = Math.Round(main.SearchP50, 3),
                searchP99Ms = Math.Round(main.SearchP99, 3),
                peakMemoryMb = Math.Round(peak, 1),
                baseline = new { signals = baseCount, importLinksPerSecond = Math.Round(baseline.LinksPerSecond), lookupP99Ms = Math.Round(baseline.LookupP99, 3) },
                importRatio = Math.Round(main.LinksPerSecond / baseline.LinksPerSecond, 2),
            };
            if (json)
            {
                await app.WriteJsonAsync(result);
            }
            else
            {
                await app.Out.WriteLineAsync(result.ToString());
            }

            return CliApp.Success;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed record Figures(long Links, double LinksPerSecond, double LookupP50, double LookupP99, double SearchP50, double SearchP99);

    private static async Task<SlagboomSettings> FreshDatabaseAsync(string? server, string folder, string name)
    {
        var data = Path.Combine(folder, name);
        if (server is null)
        {
            return new SlagboomSettings(data, Path.Combine(folder, "keys"), false, null);
        }

        return new SlagboomSettings(data, Path.Combine(folder, "keys"), false, await CreateDatabaseAsync(server, $"slagboom_bench_{name}"));
    }

    /// <summary>A new, empty database on the PostgreSQL server of <paramref name="server"/>; its connection string.</summary>
    internal static async Task<string> CreateDatabaseAsync(string server, string prefix)
    {
        var builder = new NpgsqlConnectionStringBuilder(server);
        var database = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        builder.Database = database;
        return builder.ConnectionString;
    }

    /// <summary>Drops the databases of these connection strings (made by <see cref="CreateDatabaseAsync"/>), their sessions too.</summary>
    internal static async Task DropDatabasesAsync(string server, params string[] connectionStrings)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        foreach (var connectionString in connectionStrings)
        {
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static ServiceProvider Services(SlagboomSettings settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        // What the import's deferred indexes cost, step by step, on stderr with the rest of the progress.
        services.AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning)
            .AddFilter(typeof(DeferredIndexes).FullName, LogLevel.Information));
        services.AddSlagboomCore(settings);
        services.AddSlagboomIdentityCore();
        services.AddDataProtection().SetApplicationName("Slagboom").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.KeysFolder, "dataprotection")));
        return services.BuildServiceProvider();
    }

    private static async Task<Figures> MeasureAsync(CliApp app, SlagboomSettings settings, int count, bool baseline, CancellationToken cancellationToken)
    {
        await using var services = Services(settings);
        var (police, terminal) = await SetUpAsync(services, cancellationToken);
        var clock = services.GetRequiredService<TimeProvider>();
        var generator = new SignalGenerator(count, clock.GetUtcNow());
        var label = baseline ? "baseline" : "import";
        await app.Error.WriteLineAsync($"{label}: {count} signals into {settings.DescribeDatabase()}");

        var watch = Stopwatch.StartNew();
        if (baseline)
        {
            await ImportIdiomaticallyAsync(services, police, generator.Signals(count), cancellationToken);
        }
        else
        {
            await using var scope = services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<SignalImport>();
            var outcome = await import.RunAsync(police, "bench", Rows(generator.Signals(count)), new ImportOptions(Publish: true, BatchSize: SignalImport.MaxBatchSize, ExpectedRows: count),
                problem => app.Error.WriteLineAsync(problem.ToString()),
                progress => app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {progress.Imported} signals, {progress.RowsPerSecond:F0} rows/s")),
                cancellationToken);
            if (!outcome.Ok || outcome.Value!.Bad > 0)
            {
                throw new InvalidOperationException("The benchmark's import failed: " + (outcome.Error?.Message ?? $"{outcome.Value!.Bad} bad rows"));
            }
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        long links;
        await using (var scope = services.CreateAsyncScope())
        {
            links = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SignalObservables.LongCountAsync(cancellationToken);
        }

        await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label}: {links} links in {elapsed:F1} s = {links / elapsed:F0} links/s"));

        // Not part of the import (the data is queryable without it), but running beside whatever follows: counts of the
        // search's words queued in the background (DocumentFrequencies). A server that has run a while has its counts
        // in: wait for them before timing, and say how long that took.
        if (!baseline)
        {
            var settling = Stopwatch.StartNew();
            await services.GetRequiredService<DocumentFrequencies>().RecountedAsync();
            await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label}: the counts in the background were done {settling.Elapsed.TotalSeconds:F1} s after the import"));
        }

        string Viewer(int n) => n % 2 == 0 ? "police" : "terminal";
        var lookups = await TimeAsync("lookup", baseline ? 300 : 2000, Viewer, async (n, scope) =>
        {
            var observable = generator.DrawObservable();
            var page = await scope.GetRequiredService<Sightings>().FindAsync(n % 2 == 0 ? police : terminal, observable.Type!, observable.Value!, 25, null, cancellationToken);
            if (!page.Ok)
            {
                throw new InvalidOperationException(page.Error!.Message);
            }
        });
        var searches = baseline ? [] : await TimeAsync("search", 500, n => $"{Viewer(n)}, {(n % 3) switch { 0 => "container number", 1 => "two words, mainport and category", _ => "phrase, exclusion, TLP and mainport" }}", async (n, scope) =>
        {
            var observable = SignalGenerator.Observable("container", generator.Draw());
            var normalized = ObservableCatalogue.Normalize(observable.Type, observable.Value).Value!;
            var (q, filters) = (n % 3) switch
            {
                0 => (normalized, new SearchFilters()),
                1 => ($"{generator.Word()} {generator.Word()}", new SearchFilters(Mainport: "RTM", Category: "seizure")),
                _ => ($"\"{generator.Word()} {generator.Word()}\" -{generator.Word()}", new SearchFilters(Tlp: "green", Mainport: "SCH")),
            };
            var page = await scope.GetRequiredService<SignalSearch>().SearchAsync(n % 2 == 0 ? police : terminal, q, filters, 25, null, cancellationToken);
            if (!page.Ok)
            {
                throw new InvalidOperationException(page.Error!.Message);
            }
        });

        // Per kind of call (viewer, query) on stderr, to see which one makes the tail.
        async Task<double[]> TimeAsync(string what, int times, Func<int, string> kind, Func<int, IServiceProvider, Task> work)
        {
            var measured = new List<double>(times);
            var byKind = new Dictionary<string, List<double>>();
            // Warm-up, not measured: until the JIT's tiered, profile-guided compilation has optimised the hot paths,
            // which a server answering these all day runs.
            var warmed = await WarmUp.UntilJitQuietAsync(async n =>
            {
                await using var scope = services.CreateAsyncScope();
                await work(-1 - n, scope.ServiceProvider);
            }, WarmUpTime.Least, WarmUpTime.Most);
            var slowest = new List<(double Ms, int N)>();
            var (collections, paused, allocated, compiled) = (GC.CollectionCount(0), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true), System.Runtime.JitInfo.GetCompiledMethodCount());
            for (var n = 0; n < times; n++)
            {
                // One scope per call, as one request.
                await using var scope = services.CreateAsyncScope();
                var start = Stopwatch.GetTimestamp();
                await work(n, scope.ServiceProvider);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                measured.Add(ms);
                (byKind.TryGetValue(kind(n), out var list) ? list : byKind[kind(n)] = []).Add(ms);
                slowest.Add((ms, n));
            }

            await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{label} {what}: warmed up for {warmed.TotalSeconds:F1} s; then {times} calls allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / times / 1024.0:F0} KB each, {GC.CollectionCount(0) - collections} collections paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F1} ms, {System.Runtime.JitInfo.GetCompiledMethodCount() - compiled} methods compiled"));
            foreach (var (name, list) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                double[] sorted = [.. list.Order()];
                await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{label} {what} ({name}): {sorted.Length} calls, p50 {Percentile(sorted, 0.5):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms, max {sorted[^1]:F2} ms"));
            }

            // The calls that make the p99, in the order they ran (call number: kind, ms).
            await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{label} {what} slowest: {string.Join("; ", slowest.OrderByDescending(c => c.Ms).Take(Math.Max(times / 100 + 1, 3)).OrderBy(c => c.N).Select(c => $"#{c.N} {kind(c.N)} {c.Ms:F1}"))}"));
            return [.. measured.Order()];
        }

        static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Figures(links, links / elapsed, Percentile(lookups, 0.5), Percentile(lookups, 0.99), Percentile(searches, 0.5), Percentile(searches, 0.99));
    }

    /// <summary>The process's resident memory by kind, from <c>/proc/self/status</c> (Linux): its own (anonymous) and mapped files.</summary>
    private static string ProcessMemory()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return "not known on this system";
        }

        var lines = File.ReadAllLines(status);
        return string.Join(", ", lines.Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal) || l.StartsWith("RssFile:", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));
    }

    private static async IAsyncEnumerable<ImportRow> Rows(IEnumerable<(string ExternalId, SignalInput Input)> signals)
    {
        var line = 0;
        foreach (var (externalId, input) in signals)
        {
            yield return new ImportRow(++line, externalId, input, []);
        }

        await Task.CompletedTask;
    }

    /// <summary>A public police organisation that imports, and a private terminal that reads as a partner.</summary>
    private static async Task<(Actor Police, Actor Terminal)> SetUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseSetup>().MigrateAndSeedAsync(cancellationToken);
        async Task<Actor> AddAsync(string name, string kind, string email)
        {
            var organisations = scope.ServiceProvider.GetRequiredService<OrganisationAdministration>();
            var organisation = await organisations.AddAsync(Actor.Operator, new AddOrganisationRequest(name, kind, kind == "public" ? "police" : "terminal", ["RTM", "ZWB", "NZK", "SCH", "FLO"]), cancellationToken: cancellationToken);
            var user = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(Actor.Operator, new AddUserRequest(organisation.Value!.Id, email, ["member"]), cancellationToken: cancellationToken);
            return new Actor(user.Value!.User.Id, organisation.Value.Id, new HashSet<string>(["member"]));
        }

        return (await AddAsync("Bench politie", "public", "bench@politie.nl"), await AddAsync("Bench terminal", "private", "bench@terminal.nl"));
    }

    /// <summary>
    /// The baseline: the same signals the idiomatic EF Core way — per 1,000 signals, the same checks, existing
    /// observables looked up, then AddRange and SaveChanges of signals, links, new observables and search documents.
    /// </summary>
    private static async Task ImportIdiomaticallyAsync(IServiceProvider services, Actor owner, IEnumerable<(string ExternalId, SignalInput Input)> signals, CancellationToken cancellationToken)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var chunk in signals.Chunk(1000))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            var checkedValues = chunk.Select(c => c.Input.Observables!.Select(o => ObservableCatalogue.Normalize(o.Type, o.Value))
                .DistinctBy(o => (o.Type, o.Value!.ToLowerInvariant())).ToList()).ToList();
            var keys = checkedValues.SelectMany(v => v).Select(v => v.Value!.ToLowerInvariant()).Distinct().ToList();
            var known = await db.Observables.Where(o => keys.Contains(o.MatchKey)).ToListAsync(cancellationToken);
            var observables = known.ToDictionary(o => (o.Type, o.MatchKey));
            var batch = new List<Signal>();
            for (var i = 0; i < chunk.Length; i++)
            {
                var input = chunk[i].Input;
                var signal = new Signal
                {
                    Id = Ids.New(),
                    OwnerOrganisationId = owner.OrganisationId!,
                    CreatedByUserId = owner.UserId!,
                    Title = input.Title!,
                    Description = input.Description!,
                    PartnerSummary = input.PartnerSummary,
                    Mainport = input.Mainport!,
                    OccurredAt = input.OccurredAt!.Value.UtcDateTime,
                    Category = SignalCategories.Parse(input.Category)!.Value,
                    ProcessStep = input.ProcessStep,
                    Distribution = Slagboom.Domain.Sharing.SharingTerms.ParseLevel(input.Distribution!.Level)!.Value,
                    Tlp = Slagboom.Domain.Sharing.SharingTerms.ParseTlp(input.Tlp)!.Value,
                    Status = SignalStatus.Published,
                    CreatedAt = now,
                    UpdatedAt = now,
                    PublishedAt = now,
                    ExternalId = chunk[i].ExternalId,
                };
                var position = 0;
                foreach (var value in checkedValues[i])
                {
                    var key = (value.Type!, value.Value!.ToLowerInvariant());
                    if (!observables.TryGetValue(key, out var observable))
                    {
                        observables[key] = observable = new Observable { Id = Ids.New(), Type = value.Type!, Value = value.Value!, MatchKey = key.Item2, IsPersonalData = value.PersonalData };
                        db.Observables.Add(observable);
                    }

                    signal.Observables.Add(SignalObservable.Of(signal, observable.Id, position++, observable));
                }

                batch.Add(signal);
            }

            db.Signals.AddRange(batch);
            db.SearchDocuments.AddRange(batch.Select(s =>
            {
                var (publicSection, restricted) = SearchIndex.Sections(s);
                return new SignalSearchDocument { SignalId = s.Id, Public = publicSection, Restricted = restricted };
            }));
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
