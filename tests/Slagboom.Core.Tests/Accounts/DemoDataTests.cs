using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Demo;
using Slagboom.Core.Errors;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Mainports;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Accounts;

public sealed class DemoDataTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Demo_HasPartnersForEveryMainportAndOneUserPerRole(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var loaded = await instance.RunAsync<DemoDataSet, Result<IReadOnlyList<DemoAccount>>>(d => d.LoadAsync());

        Assert.True(loaded.Ok, loaded.Error?.Message);
        Assert.All(Role.All, role => Assert.Contains(loaded.Value!, a => a.Roles.Contains(role)));
        var covered = await instance.QueryAsync(db => db.OrganisationMainports.Select(m => m.MainportCode).Distinct().ToListAsync());
        Assert.Equal(MainportCode.All.Order(), covered.Order());
        var signalMainports = await instance.QueryAsync(db => db.Signals.Select(x => x.Mainport).Distinct().ToListAsync());
        Assert.Equal(MainportCode.All.Order(), signalMainports.Order());
        Assert.True(await instance.QueryAsync(db => db.Signals.AnyAsync(x => x.Status == Domain.Signals.SignalStatus.Draft)), "a draft shows what owners alone see");
        var member = loaded.Value!.First(a => a.Roles.SequenceEqual([Role.Member]));
        var user = await instance.QueryAsync(db => db.Users.SingleAsync(u => u.Email == member.Email));
        Assert.True(await instance.RunAsync<UserManager<User>, bool>(u => u.CheckPasswordAsync(user, member.Password)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Demo_LoadedAgain_GivesNewPasswordsAndNoDuplicates(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var first = await instance.RunAsync<DemoDataSet, Result<IReadOnlyList<DemoAccount>>>(d => d.LoadAsync());
        var organisations = await instance.QueryAsync(db => db.Organisations.CountAsync());
        var second = await instance.RunAsync<DemoDataSet, Result<IReadOnlyList<DemoAccount>>>(d => d.LoadAsync());

        Assert.True(second.Ok);
        Assert.Equal(organisations, await instance.QueryAsync(db => db.Organisations.CountAsync()));
        Assert.Equal(9, await instance.QueryAsync(db => db.Signals.CountAsync()));
        Assert.NotEqual(first.Value![0].Password, second.Value![0].Password);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Demo_RefusesADatabaseWithRealData(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AccountTests.AddOrganisationAsync(instance, "Echte Terminal B.V.", "private", "RTM");

        var loaded = await instance.RunAsync<DemoDataSet, Result<IReadOnlyList<DemoAccount>>>(d => d.LoadAsync());

        Assert.IsType<Conflict>(loaded.Error);
        Assert.Equal(1, await instance.QueryAsync(db => db.Organisations.CountAsync()));
    }
}
