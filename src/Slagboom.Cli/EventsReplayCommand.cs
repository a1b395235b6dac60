using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;
using Slagboom.Core.Events;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom events replay FILE [--as EMAIL] [--batch N]</c>: an NDJSON file of barrier events through the same
/// ingestion path as <c>POST /api/v1/events</c>. Refused events on stderr as <c>line N: message</c> (and in the
/// dead-letter store), progress on stderr per batch, <c>accepted N, rejected M</c> on stdout. Exit 0 all events
/// stored, 1 some refused, 2 usage errors.
/// </summary>
internal static class EventsReplayCommand
{
    public const int DefaultBatch = 1000;
    public const int MaxBatch = 50_000;

    /// <summary>Adds <c>replay</c> to the <c>events</c> command.</summary>
    public static Command AddTo(Command events, CliApp app)
    {
        var file = new Argument<FileInfo>("file") { Description = "NDJSON: one event per line (docs/events.md)." };
        var asUser = new Option<string?>("--as") { Description = "E-mail address of a member or analyst: events are then limited to the mainports of their organisation and the replay is audited in their name. Without it, the operator replays for any mainport." };
        var batch = new Option<int>("--batch") { Description = $"Events per transaction (1–{MaxBatch}).", DefaultValueFactory = _ => DefaultBatch };
        batch.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxBatch)
            {
                result.AddError($"--batch must lie between 1 and {MaxBatch}.");
            }
        });

        var replay = new Command("replay", "Store the events of an NDJSON file as the API would; refused events are reported by line and kept as dead letters.") { file, asUser, batch };
        replay.SetAction((parse, cancellationToken) => ReplayAsync(app, parse.GetValue(file)!, parse.GetValue(asUser), parse.GetValue(batch), cancellationToken));
        events.Subcommands.Add(replay);
        return events;
    }

    private static async Task<int> ReplayAsync(CliApp app, FileInfo file, string? email, int batchSize, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await app.Error.WriteLineAsync($"No such file: {file.FullName}");
            return CliApp.Usage;
        }

        return await app.WithServicesAsync(async services =>
        {
            var ingestion = services.GetRequiredService<EventIngestion>();
            var actor = Actor.Operator;
            if (email is not null)
            {
                var users = services.GetRequiredService<UserManager<User>>();
                var user = await users.FindByEmailAsync(email.Trim());
                if (user is null || user.IsDisabled)
                {
                    await app.Error.WriteLineAsync($"No enabled user '{email}'.");
                    return CliApp.Usage;
                }

                actor = new Actor(user.Id, user.OrganisationId, (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal));
            }

            var sender = await ingestion.SenderForAsync(actor, EventChannels.Replay, cancellationToken);
            if (!sender.Ok)
            {
                return await app.FailAsync(sender.Error!);
            }

            // Dead letters name the file, the audit entry the user.
            var from = sender.Value! with { Origin = $"file:{file.Name}" };
            int accepted = 0, rejected = 0, lineNumber = 0;
            var clock = Stopwatch.StartNew();
            var pending = new List<RawEvent>(batchSize);
            async Task FlushAsync()
            {
                if (pending.Count == 0)
                {
                    return;
                }

                var outcome = await ingestion.IngestAsync(from, pending, cancellationToken);
                accepted += outcome.Accepted;
                rejected += outcome.Rejected;
                foreach (var error in outcome.Errors)
                {
                    await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"line {error.Index}: {error.Message}"));
                }

                pending.Clear();
                await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"read {lineNumber} lines, accepted {accepted}, rejected {rejected}, {(accepted + rejected) / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F0} events/s"));
            }

            using var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                pending.Add(new RawEvent(lineNumber, Encoding.UTF8.GetBytes(line)));
                if (pending.Count >= batchSize)
                {
                    await FlushAsync();
                }
            }

            await FlushAsync();
            await app.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"accepted {accepted}, rejected {rejected}"));
            return rejected == 0 ? CliApp.Success : CliApp.Negative;
        });
    }
}
