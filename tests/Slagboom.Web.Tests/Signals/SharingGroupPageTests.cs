using System.Net;
using Microsoft.EntityFrameworkCore;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Signals;

public sealed class SharingGroupPageTests
{
    [Fact]
    public async Task Member_CreatesAGroupWithOtherOrganisations_AndTheOwnOrganisationIsAMember()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var own = await web.AddOrganisationAsync("Terminal Oost", "private", "RTM");
        var other = await web.AddOrganisationAsync("Douane Vlissingen", "public", "ZWB");
        var user = await web.AddUserAsync(own, "m@oost.nl", "member");
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, user.User.Email!, user.Password);

        var missingName = await SlagboomWebFactory.PostFormAsync(browser, "/sharing-groups", new Dictionary<string, string> { ["organisationIds"] = other });
        Assert.Equal(HttpStatusCode.OK, missingName.StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.SharingGroups.CountAsync()));

        var created = await SlagboomWebFactory.PostFormAsync(browser, "/sharing-groups", new Dictionary<string, string> { ["name"] = "Schelde-overleg", ["organisationIds"] = other });
        var html = await created.Content.ReadAsStringAsync();
        Assert.Contains("Schelde-overleg", html, StringComparison.Ordinal);
        Assert.Contains("Douane Vlissingen", html, StringComparison.Ordinal);
        var members = await web.Instance.QueryAsync(db => db.SharingGroupMembers.Select(m => m.OrganisationId).ToListAsync());
        Assert.Equal(new[] { other, own }.Order(), members.Order());
    }
}
