using System.Text.Json;
using Slagboom.Core.Benchmarks;
using Slagboom.Core.Signals;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Cli;

public sealed class BenchCommandTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task BenchCorrelation_PrintsTheContractsFigures_AllPositive(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider, migrate: false);
        var (code, output, error) = await CliAsync(instance, instance.Environment,
            "bench", "correlation", "--signals", "40", "--provider", provider, "--json");

        Assert.True(code == 0, error);
        var figures = JsonDocument.Parse(output).RootElement;
        Assert.Equal(provider, figures.GetProperty("provider").GetString());
        Assert.Equal(40, figures.GetProperty("signals").GetInt32());
        // Ten observables a signal, fewer where the skewed draw names one value twice.
        Assert.InRange(figures.GetProperty("links").GetInt64(), 300, 400);
        foreach (var name in new[] { "importLinksPerSecond", "lookupP50Ms", "lookupP99Ms", "searchP50Ms", "searchP99Ms", "peakMemoryMb", "importRatio" })
        {
            Assert.True(figures.GetProperty(name).GetDouble() > 0, name);
        }

        var baseline = figures.GetProperty("baseline");
        Assert.Equal(40, baseline.GetProperty("signals").GetInt32());
        Assert.True(baseline.GetProperty("importLinksPerSecond").GetDouble() > 0);
        Assert.True(baseline.GetProperty("lookupP99Ms").GetDouble() > 0);
        Assert.Equal(Math.Round(figures.GetProperty("importLinksPerSecond").GetDouble() / baseline.GetProperty("importLinksPerSecond").GetDouble(), 2),
            figures.GetProperty("importRatio").GetDouble(), 1);
    }

    [Theory]
    [InlineData("correlation")]
    [InlineData("import-floor")]
    public async Task Bench_WithPostgresButNoDatabase_IsAUsageError(string benchmark)
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite, migrate: false);
        var (code, _, error) = await CliAsync(instance, instance.Environment, "bench", benchmark, "--signals", "40", "--provider", "postgres", "--json");
        Assert.Equal(2, code);
        Assert.Contains("SLAGBOOM_DB", error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task BenchImportFloor_DoesTheWorkAndPrintsTheCeilingItAllows(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider, migrate: false);
        var (code, output, error) = await CliAsync(instance, instance.Environment, "bench", "import-floor", "--signals", "300", "--provider", provider, "--json");

        // The command checks that every link was stored and the first document indexed, and fails otherwise.
        Assert.True(code == 0, error);
        var figures = JsonDocument.Parse(output).RootElement;
        Assert.Equal(provider, figures.GetProperty("provider").GetString());
        Assert.Equal(300, figures.GetProperty("documents").GetInt64());
        var links = figures.GetProperty("links").GetInt64();
        Assert.InRange(links, 2500, 3000);
        var cores = figures.GetProperty("cores").GetInt32();
        Assert.Equal(Environment.ProcessorCount, cores);
        var steps = figures.GetProperty("steps").EnumerateObject().ToDictionary(s => s.Name, s => s.Value.GetProperty("coreSeconds").GetDouble());
        Assert.Equal(["identifierChecks", "searchText", "fullTextIndex", "signalRows", "observableRows", "linkRows", "linkIndexes"], steps.Keys);
        // Each value once: common ones recur across signals.
        Assert.InRange(figures.GetProperty("observables").GetInt64(), 1, links - 1);
        Assert.All(steps.Values, s => Assert.True(s >= 0));
        var coreSeconds = figures.GetProperty("coreSeconds").GetDouble();
        Assert.True(coreSeconds > 0);
        Assert.Equal(steps.Values.Sum(), coreSeconds, 0.05);
        Assert.Equal(links / (coreSeconds / cores), figures.GetProperty("ceilingLinksPerSecond").GetDouble(), links / (coreSeconds / cores) * 0.01 + 1);
    }

    [Fact]
    public void Generator_DrawsValidIdentifiers_WithASkew()
    {
        var generator = new SignalGenerator(10_000, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var signals = generator.Signals(2000).ToList();
        var values = signals.SelectMany(s => s.Input.Observables!).ToList();
        Assert.All(values, v => Assert.Null(ObservableCatalogue.Normalize(v.Type, v.Value).Error));
        Assert.All(values.Where(v => v.Type == "imo"), v => Assert.Null(ObservableCatalogue.Normalize(v.Type, v.Value).Warning));
        var containers = values.Where(v => v.Type == "container").GroupBy(v => v.Value).Select(g => g.Count()).OrderDescending().ToList();
        // A few values very common, most rare.
        Assert.True(containers[0] > 100, $"most common container seen {containers[0]} times");
        Assert.True(containers.Count(c => c == 1) > containers.Count / 2);
    }
}
