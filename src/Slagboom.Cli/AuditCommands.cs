using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Audit;

namespace Slagboom.Cli;

internal static class AuditCommands
{
    public static Command Create(CliApp app)
    {
        var verify = new Command("verify", "Check the audit trail's hash chain and signed seals: 'ok N entries', or the id of the first entry that does not verify (exit 1).");
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

        return new Command("audit", "The tamper-evident audit trail.") { verify, seal };
    }
}
