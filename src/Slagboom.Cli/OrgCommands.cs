using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;
using Slagboom.Core.Organisations;
using Slagboom.Domain.Organisations;

namespace Slagboom.Cli;

internal static class OrgCommands
{
    public static Command Create(CliApp app)
    {
        var name = new Option<string>("--name") { Description = "Name of the organisation.", Required = true };
        var kind = new Option<string>("--kind") { Description = "public or private.", Required = true };
        kind.AcceptOnlyFromAmong("public", "private");
        var sector = new Option<string>("--sector") { Description = "Free text, for example police, customs, terminal, ground-handling.", Required = true };
        var mainports = new Option<string[]>("--mainport") { Description = "Mainport code (RTM, ZWB, NZK, SCH, FLO); repeat for several.", Required = true };
        var json = new Option<bool>("--json") { Description = "Answer as JSON: {\"id\":\"…\"}." };
        var add = new Command("add", "Add a partner organisation.") { name, kind, sector, mainports, json };
        add.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var added = await services.GetRequiredService<OrganisationAdministration>().AddAsync(Actor.Operator,
                new AddOrganisationRequest(parse.GetValue(name), parse.GetValue(kind), parse.GetValue(sector), parse.GetValue(mainports)));
            if (!added.Ok)
            {
                return await app.FailAsync(added.Error!);
            }

            if (parse.GetValue(json))
            {
                await app.WriteJsonAsync(new { id = added.Value!.Id });
            }
            else
            {
                await app.Out.WriteLineAsync($"Added organisation {added.Value!.Name} with id {added.Value.Id}");
            }

            return CliApp.Success;
        }));

        var listJson = new Option<bool>("--json") { Description = "Answer as a JSON array." };
        var list = new Command("list", "List the organisations.") { listJson };
        list.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var all = await services.GetRequiredService<OrganisationAdministration>().ListAsync(Actor.Operator);
            var rows = all.Select(o => new { id = o.Id, name = o.Name, kind = o.Kind.ToText(), sector = o.Sector, mainports = o.Mainports.Select(m => m.MainportCode).Order().ToList() }).ToList();
            if (parse.GetValue(listJson))
            {
                await app.WriteJsonAsync(rows);
            }
            else
            {
                foreach (var o in rows)
                {
                    await app.Out.WriteLineAsync($"{o.id}  {o.kind,-7}  {o.sector,-16}  {string.Join(",", o.mainports),-19}  {o.name}");
                }
            }

            return CliApp.Success;
        }));

        return new Command("org", "Partner organisations.") { add, list };
    }
}
