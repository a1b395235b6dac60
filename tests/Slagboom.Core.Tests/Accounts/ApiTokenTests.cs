using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Domain.Accounts;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Accounts.AccountTests;

namespace Slagboom.Core.Tests.Accounts;

public sealed class ApiTokenTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Token_WorksUntilItExpires_AndOnlyItsHashIsStored(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var org = await AddOrganisationAsync(instance, "Douane", "public", "RTM");
        var user = await AddUserAsync(instance, org.Id, "scanner@douane.nl", Role.Member);

        var made = await instance.RunAsync<ApiTokens, Result<NewApiToken>>(t => t.CreateAsync(Actor.Operator, "scanner@douane.nl", null, 2, "scan-feed"));
        var secret = made.Value!.Secret;
        Assert.StartsWith("slg_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 4 + 43, "256 random bits");

        var stored = await instance.QueryAsync(db => db.ApiTokens.SingleAsync());
        Assert.NotEqual(secret, stored.Hash);
        Assert.DoesNotContain(secret[4..], stored.Hash + stored.Prefix, StringComparison.Ordinal);

        var identity = await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync(secret));
        Assert.Equal(user.Id, identity?.User.Id);
        Assert.Equal("scan-feed", identity?.Token.Purpose);

        instance.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));
        Assert.Null(await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync(secret)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task RevokedOrUnknownTokens_AuthenticateNobody(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var org = await AddOrganisationAsync(instance, "Politie", "public", "RTM");
        await AddUserAsync(instance, org.Id, "p@politie.nl", Role.Analyst);
        var made = await instance.RunAsync<ApiTokens, Result<NewApiToken>>(t => t.CreateAsync(Actor.Operator, "p@politie.nl", "script", null, null));
        Assert.Equal("api", made.Value!.Token.Purpose);

        var revoked = await instance.RunAsync<ApiTokens, Result<ApiToken>>(t => t.RevokeAsync(Actor.Operator, made.Value.Secret));
        Assert.True(revoked.Ok);
        Assert.Null(await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync(made.Value.Secret)));
        Assert.Null(await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync("slg_" + new string('A', 43))));
        Assert.Null(await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync("")));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_UserMakesAndRevokesOnlyTheirOwnTokens(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var org = await AddOrganisationAsync(instance, "Terminal", "private", "RTM");
        var alice = await AddUserAsync(instance, org.Id, "alice@terminal.nl", Role.Member);
        var bob = await AddUserAsync(instance, org.Id, "bob@terminal.nl", Role.Member);
        var asAlice = new Actor(alice.Id, org.Id, new HashSet<string> { Role.Member });

        var forBob = await instance.RunAsync<ApiTokens, Result<NewApiToken>>(t => t.CreateAsync(asAlice, bob.Id, null, null, null));
        Assert.IsType<NotFound>(forBob.Error);
        var bobs = await instance.RunAsync<ApiTokens, Result<NewApiToken>>(t => t.CreateAsync(Actor.Operator, bob.Id, null, null, null));
        var steal = await instance.RunAsync<ApiTokens, Result<ApiToken>>(t => t.RevokeAsync(asAlice, bobs.Value!.Token.Id));
        Assert.IsType<NotFound>(steal.Error);
        var bad = await instance.RunAsync<ApiTokens, Result<NewApiToken>>(t => t.CreateAsync(asAlice, alice.Id, null, 0, null));
        Assert.Contains("days", Assert.IsType<Invalid>(bad.Error).Fields.Keys);
    }
}
