using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;

namespace Slagboom.Cli;

internal static class TokenCommands
{
    public static Command Create(CliApp app)
    {
        var email = new Option<string>("--email") { Description = "The user the token acts for.", Required = true };
        var days = new Option<int>("--days") { Description = $"Days until the token expires (1–{ApiTokens.MaxDays}).", DefaultValueFactory = _ => ApiTokens.DefaultDays };
        var purpose = new Option<string>("--purpose") { Description = "Purpose logged with every read made with the token.", DefaultValueFactory = _ => "api" };
        var name = new Option<string?>("--name") { Description = "A name to tell tokens apart (default: the purpose)." };
        var create = new Command("create", "Create an API token; prints the bearer token alone on one line, shown once.") { email, days, purpose, name };
        create.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var made = await services.GetRequiredService<ApiTokens>().CreateAsync(Actor.Operator, parse.GetValue(email)!,
                parse.GetValue(name), parse.GetValue(days), parse.GetValue(purpose));
            if (!made.Ok)
            {
                return await app.FailAsync(made.Error!);
            }

            await app.Out.WriteLineAsync(made.Value!.Secret);
            return CliApp.Success;
        }));

        var which = new Argument<string>("token") { Description = "The token itself, or its id." };
        var revoke = new Command("revoke", "Revoke an API token at once.") { which };
        revoke.SetAction((parse, _) => app.WithServicesAsync(async services =>
        {
            var done = await services.GetRequiredService<ApiTokens>().RevokeAsync(Actor.Operator, parse.GetValue(which)!);
            if (!done.Ok)
            {
                return await app.FailAsync(done.Error!);
            }

            await app.Out.WriteLineAsync($"Revoked token {done.Value!.Id}");
            return CliApp.Success;
        }));

        return new Command("token", "API tokens for machines and scripts.") { create, revoke };
    }
}
