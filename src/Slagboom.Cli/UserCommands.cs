using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;
using Slagboom.Domain.Accounts;

namespace Slagboom.Cli;

internal static class UserCommands
{
    public static Command Create(CliApp app)
    {
        var org = new Option<string>("--org") { Description = "Id of the user's organisation (see 'org list').", Required = true };
        var email = new Option<string>("--email") { Description = "E-mail address, also the sign-in name.", Required = true };
        var roles = new Option<string[]>("--role") { Description = $"Role ({string.Join(", ", Role.All)}); repeat for several.", Required = true };
        roles.AcceptOnlyFromAmong([.. Role.All]);
        var json = new Option<bool>("--json") { Description = "Answer as JSON: {\"id\",\"email\",\"password\"}." };
        var add = new Command("add", "Add a user with a random first password, shown once.") { org, email, roles, json };
        add.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var added = await services.GetRequiredService<UserAdministration>().AddAsync(Actor.Operator,
                new AddUserRequest(parse.GetValue(org), parse.GetValue(email), parse.GetValue(roles)));
            if (!added.Ok)
            {
                return await app.FailAsync(added.Error!);
            }

            var user = added.Value!;
            if (parse.GetValue(json))
            {
                await app.WriteJsonAsync(new { id = user.User.Id, email = user.User.Email, password = user.Password });
            }
            else
            {
                await app.Out.WriteLineAsync($"Added {user.User.Email} (id {user.User.Id}); first password, shown once: {user.Password}");
            }

            return CliApp.Success;
        }));

        var listOrg = new Option<string?>("--org") { Description = "Only the users of this organisation." };
        var listJson = new Option<bool>("--json") { Description = "Answer as a JSON array." };
        var list = new Command("list", "List users.") { listOrg, listJson };
        list.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var users = await services.GetRequiredService<UserAdministration>().ListAsync(Actor.Operator, parse.GetValue(listOrg));
            if (parse.GetValue(listJson))
            {
                await app.WriteJsonAsync(users);
            }
            else
            {
                foreach (var u in users)
                {
                    await app.Out.WriteLineAsync($"{u.Id}  {(u.Disabled ? "disabled" : "active"),-8}  {string.Join(",", u.Roles),-24}  {u.Email}");
                }
            }

            return CliApp.Success;
        }));

        var who = new Argument<string>("user") { Description = "E-mail address or id of the user." };
        var disable = new Command("disable", "Disable a user: their sessions and API tokens end at once.") { who };
        disable.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var done = await services.GetRequiredService<UserAdministration>().DisableAsync(Actor.Operator, parse.GetValue(who)!);
            if (!done.Ok)
            {
                return await app.FailAsync(done.Error!);
            }

            await app.Out.WriteLineAsync($"Disabled {done.Value!.Email}");
            return CliApp.Success;
        }));

        return new Command("user", "User accounts.") { add, list, disable };
    }
}
