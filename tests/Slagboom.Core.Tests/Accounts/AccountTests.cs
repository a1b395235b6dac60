using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Organisations;
using Slagboom.Domain.Accounts;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Accounts;

public sealed class AccountTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AddOrganisationAndUser_StoresThemWithAStrongPasswordHash(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var org = await AddOrganisationAsync(instance, "Douane Rotterdam", "public", "RTM", "ZWB");
        var added = await instance.RunAsync<UserAdministration, Result<NewUser>>(a =>
            a.AddAsync(Actor.Operator, new AddUserRequest(org.Id, " Analist@Douane.NL ", ["analyst", "member"])));

        Assert.True(added.Ok, added.Error?.Message);
        Assert.Equal("analist@douane.nl", added.Value!.User.Email);
        Assert.Equal(20, added.Value.Password.Length);
        var stored = await instance.QueryAsync(db => db.Users.SingleAsync(u => u.Email == "analist@douane.nl"));
        Assert.DoesNotContain(added.Value.Password, stored.PasswordHash!, StringComparison.Ordinal);
        // Identity v3 format: PBKDF2 with HMAC-SHA512 and 100,000 iterations or more.
        var hash = Convert.FromBase64String(stored.PasswordHash!);
        Assert.Equal(0x01, hash[0]);
        Assert.True((hash[5] << 24 | hash[6] << 16 | hash[7] << 8 | hash[8]) >= 100_000);
        var roles = await instance.RunAsync<UserManager<User>, IList<string>>(u => u.GetRolesAsync(stored));
        Assert.Equal(["analyst", "member"], roles.Order());
        var mainports = await instance.QueryAsync(db => db.OrganisationMainports.Where(m => m.OrganisationId == org.Id).Select(m => m.MainportCode).ToListAsync());
        Assert.Equal(["RTM", "ZWB"], mainports.Order());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AddOrganisation_BadInput_NamesEveryBadFieldAndStoresNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var result = await instance.RunAsync<OrganisationAdministration, Result<Organisation>>(o =>
            o.AddAsync(Actor.Operator, new AddOrganisationRequest(" ", "semi-public", "", ["AMS"])));

        var invalid = Assert.IsType<Invalid>(result.Error);
        Assert.Equal(["kind", "mainports", "name", "sector"], invalid.Fields.Keys.Order());
        Assert.Equal(0, await instance.QueryAsync(db => db.Organisations.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Duplicates_AreConflicts(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var org = await AddOrganisationAsync(instance, "KMar Schiphol", "public", "SCH");
        var again = await instance.RunAsync<OrganisationAdministration, Result<Organisation>>(o =>
            o.AddAsync(Actor.Operator, new AddOrganisationRequest("KMar Schiphol", "public", "border-police", ["SCH"])));
        Assert.IsType<Conflict>(again.Error);

        await AddUserAsync(instance, org.Id, "a@kmar.nl", Role.Member);
        var twice = await instance.RunAsync<UserAdministration, Result<NewUser>>(a =>
            a.AddAsync(Actor.Operator, new AddUserRequest(org.Id, "A@kmar.nl", [Role.Member])));
        Assert.IsType<Conflict>(twice.Error);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task OrgAdmin_AdministersOnlyTheirOwnOrganisation(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var terminal = await AddOrganisationAsync(instance, "Terminal", "private", "RTM");
        var police = await AddOrganisationAsync(instance, "Politie", "public", "RTM");
        var admin = await AddUserAsync(instance, terminal.Id, "admin@terminal.nl", Role.OrgAdmin);
        var victim = await AddUserAsync(instance, police.Id, "agent@politie.nl", Role.Member);
        var actor = new Actor(admin.Id, terminal.Id, new HashSet<string> { Role.OrgAdmin });

        var elsewhere = await instance.RunAsync<UserAdministration, Result<NewUser>>(a =>
            a.AddAsync(actor, new AddUserRequest(police.Id, "x@politie.nl", [Role.Member])));
        Assert.IsType<NotFound>(elsewhere.Error);

        var escalate = await instance.RunAsync<UserAdministration, Result<NewUser>>(a =>
            a.AddAsync(actor, new AddUserRequest(terminal.Id, "boss@terminal.nl", [Role.PlatformAdmin])));
        Assert.IsType<Forbidden>(escalate.Error);

        var disable = await instance.RunAsync<UserAdministration, Result<User>>(a => a.DisableAsync(actor, victim.Id));
        Assert.IsType<NotFound>(disable.Error);

        var own = await instance.RunAsync<UserAdministration, Result<NewUser>>(a =>
            a.AddAsync(actor, new AddUserRequest(terminal.Id, "staff@terminal.nl", [Role.Member])));
        Assert.True(own.Ok);
        var listed = await instance.RunAsync<UserAdministration, List<UserView>>(a => a.ListAsync(actor));
        Assert.Equal(["admin@terminal.nl", "staff@terminal.nl"], listed.Select(u => u.Email));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Disable_RevokesTokensAndChangesTheSecurityStamp(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var org = await AddOrganisationAsync(instance, "Havenbedrijf", "private", "RTM");
        var user = await AddUserAsync(instance, org.Id, "member@haven.nl", Role.Member);
        var token = await instance.RunAsync<ApiTokens, Result<NewApiToken>>(t => t.CreateAsync(Actor.Operator, user.Email!, null, 30, "test"));
        var stampBefore = user.SecurityStamp;

        var disabled = await instance.RunAsync<UserAdministration, Result<User>>(a => a.DisableAsync(Actor.Operator, "member@haven.nl"));

        Assert.True(disabled.Ok);
        var stored = await instance.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.True(stored.IsDisabled);
        Assert.NotEqual(stampBefore, stored.SecurityStamp);
        Assert.NotNull(await instance.QueryAsync(db => db.ApiTokens.Where(t => t.UserId == user.Id).Select(t => t.RevokedAt).SingleAsync()));
        Assert.Null(await instance.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync(token.Value!.Secret)));
    }

    internal static async Task<Organisation> AddOrganisationAsync(TestInstance instance, string name, string kind, params string[] mainports)
    {
        var added = await instance.RunAsync<OrganisationAdministration, Result<Organisation>>(o =>
            o.AddAsync(Actor.Operator, new AddOrganisationRequest(name, kind, "test", mainports)));
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value!;
    }

    internal static async Task<User> AddUserAsync(TestInstance instance, string organisationId, string email, params string[] roles)
    {
        var added = await instance.RunAsync<UserAdministration, Result<NewUser>>(a =>
            a.AddAsync(Actor.Operator, new AddUserRequest(organisationId, email, roles)));
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value!.User;
    }
}
