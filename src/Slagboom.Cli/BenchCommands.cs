using System.CommandLine;

namespace Slagboom.Cli;

/// <summary><c>slagboom bench …</c>: benchmarks that print comparable figures (CONTRACT.md §7).</summary>
internal static class BenchCommands
{
    public static Command Create(CliApp app)
    {
        var bench = new Command("bench", "Benchmarks (CONTRACT.md §7); --json prints one JSON object, progress goes to stderr.");
        bench.Subcommands.Add(RulesBenchmark.Create(app));
        bench.Subcommands.Add(CorrelationBenchmark.Create(app));
        bench.Subcommands.Add(ImportFloorBenchmark.Create(app));
        return bench;
    }
}
