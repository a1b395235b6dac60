using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Data;

namespace Slagboom.Cli;

internal static class BackupCommands
{
    public static Command CreateBackup(CliApp app)
    {
        var to = new Option<string>("--to") { Description = "An empty or new folder for the backup.", Required = true };
        var backup = new Command("backup", "Consistent copy of the live SQLite database (online backup API) and the keys folder.") { to };
        backup.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var done = services.GetRequiredService<Backup>().Create(parse.GetValue(to)!);
            if (!done.Ok)
            {
                return await app.FailAsync(done.Error!);
            }

            await app.Out.WriteLineAsync($"Backup written to {done.Value}");
            return CliApp.Success;
        }, migrate: false));
        return backup;
    }

    public static Command CreateRestore(CliApp app)
    {
        var from = new Option<string>("--from") { Description = "A folder made by 'slagboom backup'.", Required = true };
        var restore = new Command("restore", "Restore a backup into an empty data folder (SLAGBOOM_DATA) and keys folder (SLAGBOOM_KEYS).") { from };
        restore.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var done = services.GetRequiredService<Backup>().Restore(parse.GetValue(from)!);
            if (!done.Ok)
            {
                return await app.FailAsync(done.Error!);
            }

            await app.Out.WriteLineAsync($"Restored into {done.Value}");
            return CliApp.Success;
        }, migrate: false));
        return restore;
    }
}
