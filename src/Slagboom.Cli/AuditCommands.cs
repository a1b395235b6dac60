using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Audit;

namespace Slagboom.Cli;

internal static class AuditCommands
{
    public static Command Create(CliApp app)
    {
        var verify = new Command("verify", "Check the audit trail's hash chain, from the latest signed checkpoint, and its signed seals: 'ok N entries', or the id of the first entry that does not verify (exit 1).");
        verify.SetAction((_, _) => app.WithServicesAsync(async services =>
        {
            var result = await services.GetRequiredService<AuditTrail>().VerifyAsync();
            if (result.Ok)
            {
                await app.Out.WriteLineAsync($"ok {result.Entries} entries");
                return CliApp.Success;
            }

            await app.Out.WriteLineAsync($"entry {result.BrokenEntryId} does not verify: {result.Reason}");
            return CliApp.Negative;
        }, migrate: false));

        var seal = new Command("seal", "Sign the latest hash of the audit trail with the audit-signing key now (the server does this every few minutes).");
        seal.SetAction((_, _) => app.WithServicesAsync(async services =>
        {
            var made = await services.GetRequiredService<AuditTrail>().SealAsync();
            await app.Out.WriteLineAsync(made is null ? "nothing new to seal" : $"sealed up to entry {made.EntryId}");
            return CliApp.Success;
        }));

        var before = new Option<string>("--before")
        {
            Description = "ISO date (UTC), for example 2016-01-01: prune the entries older than this. Refused for entries younger than the audit retention (Slagboom:Retention:AuditYears, default 10 years).",
            Required = true,
        };
        var prune = new Command("prune", "Delete the oldest audit entries after writing a signed checkpoint from which 'audit verify' then starts. Refused when the trail does not verify.")
        {
            before,
        };
        prune.SetAction(async (parsed, _) =>
        {
            var text = parsed.GetValue(before);
            if (!TryParseDate(text, out var date))
            {
                await app.Error.WriteLineAsync($"--before takes an ISO date such as 2016-01-01, not '{text}'.");
                return CliApp.Usage;
            }

            return await app.WithServicesAsync(async services =>
            {
                AuditTrail trail;
                try
                {
                    trail = services.GetRequiredService<AuditTrail>();
                }
                catch (InvalidOperationException e)
                {
                    await app.Error.WriteLineAsync($"Configuration error: {e.Message}");
                    return CliApp.Usage;
                }

                var result = await trail.PruneAsync(date);
                if (!result.Ok)
                {
                    return await app.FailAsync(result.Error!);
                }

                var outcome = result.Value!;
                await app.Out.WriteLineAsync(outcome.CheckpointEntryId is { } last
                    ? $"pruned {outcome.Deleted} entries up to entry {last}; signed checkpoint written"
                    : $"nothing to prune before {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
                return CliApp.Success;
            });
        });

        return new Command("audit", "The tamper-evident audit trail.") { verify, seal, prune };
    }

    /// <summary>A date (<c>2016-01-01</c>, midnight UTC) or a full ISO 8601 time (taken as UTC without an offset).</summary>
    private static bool TryParseDate(string? text, out DateTime date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
            && text!.Contains('T', StringComparison.Ordinal))
        {
            date = time.UtcDateTime;
            return true;
        }

        date = default;
        return false;
    }
}
