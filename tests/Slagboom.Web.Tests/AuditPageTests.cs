using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Testing;
using Slagboom.Web.Tests.Signals;

namespace Slagboom.Web.Tests;

public sealed class AuditPageTests
{
    /// <summary>Signs in a user whose role needs a second factor, with an authenticator enrolled directly in the store.</summary>
    internal static async Task<HttpClient> SignInWithSecondFactorAsync(SlagboomWebFactory web, NewUser user)
    {
        var key = await web.Instance.RunAsync<UserManager<User>, string>(async users =>
        {
            var stored = (await users.FindByIdAsync(user.User.Id))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            await users.SetTwoFactorEnabledAsync(stored, true);
            return (await users.GetAuthenticatorKeyAsync(stored))!;
        });
        var browser = web.Browser();
        var password = await SlagboomWebFactory.SignInAsync(browser, user.User.Email!, user.Password);
        Assert.StartsWith("/account/login/two-factor", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var second = await SlagboomWebFactory.PostFormAsync(browser, "/account/login/two-factor", new Dictionary<string, string> { ["code"] = Totp.Now(key) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return browser;
    }

    [Fact]
    public async Task Auditor_SearchesExportsAndVerifiesTheTrail_AndAnswersADataSubjectRequest()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (org, _, author) = await web.UserWithTokenAsync("analyst");
        var created = await web.Api(author).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body(observables: [new { type = "person", value = "Klaas Visser" }]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var auditor = await web.AddUserAsync(org, "auditor@toezicht.nl", "auditor");
        var browser = await SignInWithSecondFactorAsync(web, auditor);

        var page = await browser.GetStringAsync("/audit?action=signal.");
        Assert.Contains("signal.create", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">sign-in<", page, StringComparison.Ordinal);

        var verified = await SlagboomWebFactory.PostFormAsync(browser, "/audit", new Dictionary<string, string>(), "/audit?handler=Verify");
        Assert.Contains("intact", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var export = await browser.GetAsync("/audit?handler=Export&action=signal.");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("id,at,", csv, StringComparison.Ordinal);
        Assert.Contains("signal.create", csv, StringComparison.Ordinal);
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "audit.export" && e.UserId == auditor.User.Id)));

        var report = await SlagboomWebFactory.PostFormAsync(browser, "/audit/subject", new Dictionary<string, string> { ["value"] = "klaas visser", ["purpose"] = "AVG-verzoek 2026-041" });
        var html = await report.Content.ReadAsStringAsync();
        Assert.Contains("Klaas Visser", html, StringComparison.Ordinal);
        Assert.Contains("Onbekende persoon in de stack", html, StringComparison.Ordinal);
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "audit.subject-lookup" && e.Purpose == "AVG-verzoek 2026-041")));
    }

    [Fact]
    public async Task Member_CannotOpenTheAuditTrail()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Org");
        var member = await web.AddUserAsync(org, "m@org.nl", "member");
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, member.User.Email!, member.Password);

        var response = await browser.GetAsync("/audit");

        Assert.Equal("/error/403", response.Headers.Location?.AbsolutePath);
    }
}
