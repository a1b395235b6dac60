using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Data;
using Slagboom.Core.Demo;
using Slagboom.Core.Hosting;

namespace Slagboom.Cli;

internal static class DbCommands
{
    public static Command Create(CliApp app)
    {
        var migrate = new Command("migrate", "Create or upgrade the database schema (SQLite by default, PostgreSQL when SLAGBOOM_DB is set).");
        migrate.SetAction((_, _) => app.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DatabaseSetup>().MigrateAsync();
            await app.Out.WriteLineAsync($"Schema up to date: {services.GetRequiredService<SlagboomSettings>().DescribeDatabase()}");
            return CliApp.Success;
        }, migrate: false));
        return new Command("db", "Database schema.") { migrate };
    }
}

internal static class SeedCommand
{
    public static Command Create(CliApp app)
    {
        var demo = new Option<bool>("--demo") { Description = "Also load the fictional demo data set (refused on a database with real data); prints the demo passwords once." };
        var seed = new Command("seed", "Load the reference data (mainports, budgets, strategy lines, measures, modus-operandi catalogue, process steps). Idempotent.") { demo };
        seed.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            await app.Out.WriteLineAsync("Reference data loaded.");
            if (!parse.GetValue(demo))
            {
                return CliApp.Success;
            }

            var loaded = await services.GetRequiredService<DemoDataSet>().LoadAsync();
            if (!loaded.Ok)
            {
                return await app.FailAsync(loaded.Error!);
            }

            await app.Out.WriteLineAsync(DemoDataSet.Describe(loaded.Value!));
            return CliApp.Success;
        }));
        return seed;
    }
}
