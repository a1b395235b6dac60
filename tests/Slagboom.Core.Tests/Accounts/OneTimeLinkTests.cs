using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Domain.Accounts;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Accounts.AccountTests;

namespace Slagboom.Core.Tests.Accounts;

public sealed class OneTimeLinkTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task SetupLink_CreatesTheFirstPlatformAdminOnce(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var first = await instance.RunAsync<OneTimeLinks, string?>(l => l.CreateSetupLinkIfEmptyAsync());
        var second = await instance.RunAsync<OneTimeLinks, string?>(l => l.CreateSetupLinkIfEmptyAsync());
        Assert.NotNull(first);
        Assert.NotNull(second);
        // A restart makes a new link; the old one stops working.
        Assert.False(await instance.RunAsync<OneTimeLinks, bool>(l => l.IsValidAsync(OneTimeLinks.SetupPurpose, first)));

        var request = new OneTimeLinks.SetupRequest("Programmabureau Mainports", "beheer@mainports.nl", "een lange zin als wachtwoord");
        var done = await instance.RunAsync<OneTimeLinks, Result<User>>(l => l.CompleteSetupAsync(second, request));

        Assert.True(done.Ok, done.Error?.Message);
        var roles = await instance.RunAsync<UserManager<User>, IList<string>>(u => u.GetRolesAsync(done.Value!));
        Assert.Equal([Role.PlatformAdmin], roles);
        var again = await instance.RunAsync<OneTimeLinks, Result<User>>(l => l.CompleteSetupAsync(second, request with { Email = "other@mainports.nl" }));
        Assert.IsType<NotFound>(again.Error);
        Assert.Null(await instance.RunAsync<OneTimeLinks, string?>(l => l.CreateSetupLinkIfEmptyAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task SetupLink_ExpiresAfterOneHour(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var link = await instance.RunAsync<OneTimeLinks, string?>(l => l.CreateSetupLinkIfEmptyAsync());
        instance.Clock.Advance(TimeSpan.FromMinutes(61));

        var done = await instance.RunAsync<OneTimeLinks, Result<User>>(l =>
            l.CompleteSetupAsync(link, new("Org", "a@b.nl", "een lange zin als wachtwoord")));

        Assert.IsType<NotFound>(done.Error);
        Assert.Equal(0, await instance.QueryAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task SetupLink_WeakPassword_IsRejectedAndLeavesNothingBehind(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var link = await instance.RunAsync<OneTimeLinks, string?>(l => l.CreateSetupLinkIfEmptyAsync());

        var done = await instance.RunAsync<OneTimeLinks, Result<User>>(l => l.CompleteSetupAsync(link, new("Org", "a@b.nl", "short")));

        Assert.Contains("password", Assert.IsType<Invalid>(done.Error).Fields.Keys);
        Assert.Equal(0, await instance.QueryAsync(db => db.Organisations.CountAsync()));
        Assert.True(await instance.RunAsync<OneTimeLinks, bool>(l => l.IsValidAsync(OneTimeLinks.SetupPurpose, link)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ResetLink_SetsANewPasswordOnceAndEndsSessions(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var org = await AddOrganisationAsync(instance, "Veiling", "private", "FLO");
        var admin = await AddUserAsync(instance, org.Id, "admin@veiling.nl", Role.OrgAdmin);
        var user = await AddUserAsync(instance, org.Id, "kweker@veiling.nl", Role.Member);
        var actor = new Actor(admin.Id, org.Id, new HashSet<string> { Role.OrgAdmin });

        var link = await instance.RunAsync<OneTimeLinks, Result<string>>(l => l.CreateResetLinkAsync(actor, user.Id));
        var reset = await instance.RunAsync<OneTimeLinks, Result<User>>(l => l.ResetPasswordAsync(link.Value, "nieuw en heel lang wachtwoord"));

        Assert.True(reset.Ok, reset.Error?.Message);
        var stored = await instance.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.NotEqual(user.SecurityStamp, stored.SecurityStamp);
        Assert.True(await instance.RunAsync<UserManager<User>, bool>(u => u.CheckPasswordAsync(stored, "nieuw en heel lang wachtwoord")));
        var reuse = await instance.RunAsync<OneTimeLinks, Result<User>>(l => l.ResetPasswordAsync(link.Value, "nog een ander lang wachtwoord"));
        Assert.IsType<NotFound>(reuse.Error);
    }
}
