using System.CommandLine;
using System.Globalization;
using Slagboom.Rules.Simulation;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom events generate --days N --seed S [--start DATE] [--out FILE] [--labels FILE]</c>: a seeded stretch of
/// port life as NDJSON events (docs/events.md) with labelled injected scenarios (see <see cref="PortSimulator"/>).
/// Exit 0, or 2 for usage errors.
/// </summary>
internal static class EventsCommands
{
    public static Command Create(CliApp app)
    {
        var days = new Option<int>("--days") { Description = "How many days (1–31).", DefaultValueFactory = _ => 1 };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 31)
            {
                r.AddError("--days must lie between 1 and 31.");
            }
        });
        var seed = new Option<int>("--seed") { Description = "The seed: the same seed gives the same events.", DefaultValueFactory = _ => 1 };
        var start = new Option<string?>("--start") { Description = "The first day (yyyy-MM-dd, Amsterdam midnight); default 2026-11-23, a Monday." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the events here (default: stdout)." };
        var labels = new Option<FileInfo?>("--labels") { Description = "Write the labelled scenarios here as JSON lines {\"id\",\"scenario\",\"time\",\"events\"}." };
        var generate = new Command("generate", "Generate a seeded, realistic stretch of port events with labelled scenarios.") { days, seed, start, output, labels };
        generate.SetAction((parse, _) => GenerateAsync(app, parse.GetValue(days), parse.GetValue(seed), parse.GetValue(start), parse.GetValue(output), parse.GetValue(labels)));
        var events = new Command("events", "Barrier events: generate test data.");
        events.Subcommands.Add(generate);
        return events;
    }

    private static async Task<int> GenerateAsync(CliApp app, int days, int seed, string? startText, FileInfo? output, FileInfo? labelsFile)
    {
        var start = new DateOnly(2026, 11, 23);
        if (startText is not null && !DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            await app.Error.WriteLineAsync($"--start: expected yyyy-MM-dd, not '{startText}'");
            return CliApp.Usage;
        }

        var port = PortSimulator.Generate(days, seed, start);
        if (output is null)
        {
            using var buffer = new MemoryStream();
            EventFile.WriteNdjson(buffer, port.Events);
            await app.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            await using var stream = File.Create(output.FullName);
            EventFile.WriteNdjson(stream, port.Events);
        }

        if (labelsFile is not null)
        {
            await using var stream = File.Create(labelsFile.FullName);
            EventFile.WriteLabels(stream, port.Labels);
        }

        await app.Error.WriteLineAsync($"events {port.Events.Count}, scenarios {port.Labels.Count} ({string.Join(", ", port.Labels.GroupBy(l => l.Scenario).Select(g => $"{g.Key} {g.Count()}"))})");
        return CliApp.Success;
    }
}
