using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Observables;

public sealed class ExclusionPageTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Analyst_ListsAddsWithAReasonAndRemoves_AndEveryChangeIsAudited(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var org = await web.AddOrganisationAsync("ISC Rotterdam", "public", "RTM");
        var analyst = await web.AddUserAsync(org, "analist@isc.nl", "analyst");
        var browser = await AuditPageTests.SignInWithSecondFactorAsync(web, analyst);

        var empty = await browser.GetStringAsync("/correlation-exclusions");
        Assert.Contains("data-testid=\"no-exclusions\"", empty, StringComparison.Ordinal);

        // Bad input comes back with the field errors and keeps what was typed; nothing is stored.
        var bad = await SlagboomWebFactory.PostFormAsync(browser, "/correlation-exclusions", new Dictionary<string, string> { ["type"] = "container", ["value"] = "CSQU3054384", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"value-error\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"CSQU3054384\"", badHtml, StringComparison.Ordinal);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.CorrelationExclusions.CountAsync()));
        var noReason = await SlagboomWebFactory.PostFormAsync(browser, "/correlation-exclusions", new Dictionary<string, string> { ["type"] = "phone", ["value"] = "010 123 4567", ["reason"] = " " });
        Assert.Contains("id=\"reason-error\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var added = await SlagboomWebFactory.PostFormAsync(browser, "/correlation-exclusions", new Dictionary<string, string> { ["type"] = "phone", ["value"] = "010 123 4567", ["reason"] = "Algemeen nummer van de portiersloge" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await browser.GetStringAsync("/correlation-exclusions");
        Assert.Contains("31101234567", list, StringComparison.Ordinal);
        Assert.Contains("Algemeen nummer van de portiersloge", list, StringComparison.Ordinal);

        var duplicate = await SlagboomWebFactory.PostFormAsync(browser, "/correlation-exclusions", new Dictionary<string, string> { ["type"] = "phone", ["value"] = "+31 10 123 4567", ["reason"] = "nogmaals" });
        Assert.Contains("Deze waarde is al uitgesloten.", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await web.Instance.QueryAsync(db => db.CorrelationExclusions.Select(e => e.Id).SingleAsync());
        var removed = await SlagboomWebFactory.PostFormAsync(browser, "/correlation-exclusions", new Dictionary<string, string> { ["id"] = id }, "/correlation-exclusions?handler=Remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.CorrelationExclusions.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await SlagboomWebFactory.PostFormAsync(browser, "/correlation-exclusions", new Dictionary<string, string> { ["id"] = id }, "/correlation-exclusions?handler=Remove")).StatusCode);

        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "correlation.exclude" && e.Subject == "exclusion:" + id && e.UserId == analyst.User.Id)));
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "correlation.include" && e.Subject == "exclusion:" + id)));
    }

    [Fact]
    public async Task Members_GetNoExclusionPage()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Douane", "public", "RTM");
        var member = await web.AddUserAsync(org, "m@douane.nl", "member");
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, member.User.Email!, member.Password);

        var page = await browser.GetAsync("/correlation-exclusions");

        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("exclude-form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("/correlation-exclusions\"", await browser.GetStringAsync("/signals"), StringComparison.Ordinal);
    }
}
