using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Cli;
using Slagboom.Core.Accounts;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Cli;

/// <summary>The command line as an operator uses it, run in-process against a real database.</summary>
public sealed class CliTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task OrgUserToken_ContractOutputs(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider, migrate: false);
        Assert.Equal(0, (await RunAsync(instance, "db", "migrate")).Code);

        var org = await RunAsync(instance, "org", "add", "--name", "Zeehavenpolitie", "--kind", "public", "--sector", "police", "--mainport", "RTM", "--mainport", "ZWB", "--json");
        Assert.Equal(0, org.Code);
        var orgId = JsonDocument.Parse(org.Out).RootElement.GetProperty("id").GetString()!;
        Assert.Single(JsonDocument.Parse(org.Out).RootElement.EnumerateObject());

        var user = await RunAsync(instance, "user", "add", "--org", orgId, "--email", "rechercheur@politie.nl", "--role", "analyst", "--role", "member", "--json");
        Assert.Equal(0, user.Code);
        var json = JsonDocument.Parse(user.Out).RootElement;
        Assert.Equal("rechercheur@politie.nl", json.GetProperty("email").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("id").GetString()));
        var password = json.GetProperty("password").GetString()!;
        Assert.True(password.Length >= 12);

        var token = await RunAsync(instance, "token", "create", "--email", "rechercheur@politie.nl", "--days", "7", "--purpose", "nightly export");
        Assert.Equal(0, token.Code);
        var line = Assert.Single(token.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var identity = await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync(line.Trim()));
        Assert.Equal("nightly export", identity?.Token.Purpose);
        Assert.Equal(TimeSpan.FromDays(7), identity!.Token.ExpiresAt - identity.Token.CreatedAt);

        Assert.Equal(0, (await RunAsync(instance, "token", "revoke", line.Trim())).Code);
        Assert.Null(await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync(line.Trim())));

        var list = await RunAsync(instance, "user", "list", "--json");
        Assert.Contains("rechercheur@politie.nl", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(password, list.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(instance, "user", "disable", "rechercheur@politie.nl")).Code);
        Assert.True(await instance.QueryAsync(db => db.Users.Where(u => u.Email == "rechercheur@politie.nl").Select(u => u.IsDisabled).SingleAsync()));
    }

    [Theory]
    [InlineData("org add --name X --kind semi --sector s --mainport RTM")]
    [InlineData("org add --name X --kind public --sector s --mainport AMS")]
    [InlineData("org add --kind public")]
    [InlineData("user add --org x --email a@b.nl --role boss")]
    [InlineData("org")]
    [InlineData("frobnicate")]
    [InlineData("token create --email a@b.nl --days many")]
    public async Task UsageErrors_ExitTwoWithAMessageAndNoStackTrace(string commandLine)
    {
        var args = commandLine.Split(' ');
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite);
        var result = await RunAsync(instance, args);

        Assert.Equal(2, result.Code);
        Assert.NotEmpty(result.Err.Trim());
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.Equal(0, await instance.QueryAsync(db => db.Organisations.CountAsync()));
    }

    [Theory]
    [InlineData("user disable nobody@nowhere.nl")]
    [InlineData("token create --email nobody@nowhere.nl")]
    [InlineData("token revoke slg_nothing")]
    [InlineData("user add --org no-such-org --email a@b.nl --role member")]
    public async Task NegativeAnswers_ExitOne(string commandLine)
    {
        var args = commandLine.Split(' ');
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite);
        var result = await RunAsync(instance, args);

        Assert.Equal(1, result.Code);
        Assert.NotEmpty(result.Err.Trim());
        Assert.Empty(result.Out.Trim());
    }

    [Fact]
    public async Task UnreachableDatabase_IsAConfigurationError()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite, migrate: false);
        var environment = instance.Environment;
        environment["SLAGBOOM_DB"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=secret-pw;Timeout=2";

        var result = await CliApp.RunAsync(["db", "migrate"], new StringWriter(), new StringWriter(), environment) is var code ? code : -1;

        Assert.Equal(2, result);
    }

    [Fact]
    public async Task EveryCommand_HasHelp()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite, migrate: false);
        string[][] commands = [[], ["db"], ["db", "migrate"], ["seed"], ["org"], ["org", "add"], ["org", "list"], ["user"], ["user", "add"],
            ["user", "list"], ["user", "disable"], ["token"], ["token", "create"], ["token", "revoke"], ["backup"], ["restore"]];
        foreach (var command in commands)
        {
            var result = await RunAsync(instance, [.. command, "--help"]);
            Assert.Equal(0, result.Code);
            Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        }
    }

    internal static async Task<(int Code, string Out, string Err)> RunAsync(TestInstance instance, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, instance.Environment);
        return (code, output.ToString(), error.ToString());
    }
}
