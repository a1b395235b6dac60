using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Reports;

/// <summary>The public reporting pages (no cookie, strict headers, receipt only in POST bodies) and the analysts', members' and admin's pages.</summary>
public sealed partial class ReportPageTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ReporterPages_SetNoCookie_SendStrictHeaders_AndShowTheReceiptOnceInThePostAnswer(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var client = web.Api(null);

        foreach (var url in new[] { "/melden", "/melden/RTM", "/melden/SCH?lang=en", "/melden/opvolgen" })
        {
            var page = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            AssertStrict(page);
            var html = await page.Content.ReadAsStringAsync();
            Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
            Assert.DoesNotMatch("(src|href)=\"https?://", html);
        }

        Assert.Contains("Report anonymously", await client.GetStringAsync("/melden/RTM?lang=en"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/melden/XYZ")).StatusCode);

        // A form without text comes back with the error and stores nothing.
        var empty = await client.PostAsync("/melden/RTM", new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = " " }));
        Assert.Contains("data-testid=\"error-summary\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Reports.CountAsync()));

        using var form = new MultipartFormDataContent
        {
            { new StringContent("Vreemde man bij de reefers"), "Text" },
            { new StringContent("Kade 8"), "Answers[where]" },
            { new ByteArrayContent("notitie van de melder"u8.ToArray()), "Files", "notitie.txt" },
        };
        var sent = await client.PostAsync("/melden/RTM", form);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        AssertStrict(sent);
        var receipt = ReceiptOnPage().Match(await sent.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(receipt);

        var opened = await client.PostAsync("/melden/opvolgen?handler=open", new FormUrlEncodedContent(new Dictionary<string, string> { ["Receipt"] = receipt.ToLowerInvariant() }));
        AssertStrict(opened);
        var openedHtml = await opened.Content.ReadAsStringAsync();
        Assert.Contains("Vreemde man bij de reefers", openedHtml, StringComparison.Ordinal);
        Assert.Contains("ontvangen", openedHtml, StringComparison.Ordinal);

        var replied = await client.PostAsync("/melden/opvolgen?handler=reply", new FormUrlEncodedContent(new Dictionary<string, string> { ["Receipt"] = receipt, ["Message"] = "Hij droeg een oranje hesje." }));
        Assert.Contains("Hij droeg een oranje hesje.", await replied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var replaced = await client.PostAsync("/melden/opvolgen?handler=replace", new FormUrlEncodedContent(new Dictionary<string, string> { ["Receipt"] = receipt }));
        var fresh = NewReceiptOnPage().Match(await replaced.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(fresh);
        Assert.NotEqual(receipt, fresh);
        var stale = await client.PostAsync("/melden/opvolgen?handler=open", new FormUrlEncodedContent(new Dictionary<string, string> { ["Receipt"] = receipt }));
        Assert.DoesNotContain("Vreemde man", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.ReportAttachments.CountAsync()));
    }

    [Fact]
    public async Task FollowUpPage_IsRateLimitedLikeTheApi()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var client = web.Api(null);
        for (var i = 0; i < 30; i++)
        {
            await client.PostAsync("/melden/opvolgen?handler=open", new FormUrlEncodedContent(new Dictionary<string, string> { ["Receipt"] = Receipts.New() }));
        }

        var blocked = await client.PostAsync("/melden/opvolgen?handler=open", new FormUrlEncodedContent(new Dictionary<string, string> { ["Receipt"] = Receipts.New() }));
        Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);
        // The API shares the count: one client, one budget of misses.
        Assert.Equal((HttpStatusCode)429, (await AnonymousReportApiTests.GetCurrentAsync(client, Receipts.New())).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ReportPage_OpensForTheReceivingAnalystOnly_AndStaffReportsShowTheirStatusToTheReporter(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var police = await web.AddOrganisationAsync("Politie Haven");
        var terminal = await web.AddOrganisationAsync("Terminal West", "private", "RTM");
        await web.Instance.RunAsync<ReportingSetup, Result<IReadOnlyList<string>>>(s => s.SetReceiversAsync(Actor.Operator, "RTM", [police]));
        var worker = await web.AddUserAsync(terminal, "werker@west.nl", "member");
        var memberBrowser = web.Browser();
        await SlagboomWebFactory.SignInAsync(memberBrowser, worker.User.Email!, worker.Password);
        var sent = await SlagboomWebFactory.PostFormAsync(memberBrowser, "/reports/new", new Dictionary<string, string>
        {
            ["What"] = "Man vroeg naar de pincode van container CSQU3054383",
            ["Mainport"] = "RTM",
            ["Where"] = "Gate 2",
            ["When"] = "2026-11-20T03:10",
            ["Observables[0].Type"] = "container",
            ["Observables[0].Value"] = "CSQU3054383",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/reports/mine", sent.Headers.Location?.ToString());
        var mine = await memberBrowser.GetStringAsync("/reports/mine");
        Assert.Contains("pincode", mine, StringComparison.Ordinal);
        Assert.Contains("ontvangen", mine, StringComparison.Ordinal);
        var id = await web.Instance.QueryAsync(db => db.Reports.Select(r => r.Id).SingleAsync());

        var analyst = await AuditPageTests.SignInWithSecondFactorAsync(web, await web.AddUserAsync(police, "analist@haven.nl", "analyst"));
        Assert.Contains($"/reports/{id}", await analyst.GetStringAsync("/reports"), StringComparison.Ordinal);
        var closed = await analyst.GetStringAsync($"/reports/{id}");
        Assert.DoesNotContain("pincode", closed, StringComparison.Ordinal);
        var open = await SlagboomWebFactory.PostFormAsync(analyst, $"/reports/{id}", new Dictionary<string, string> { ["Purpose"] = "beoordeling" }, $"/reports/{id}?handler=open");
        var html = await open.Content.ReadAsStringAsync();
        Assert.Contains("pincode", html, StringComparison.Ordinal);
        Assert.Contains("werker@west.nl", html, StringComparison.Ordinal);
        await SlagboomWebFactory.PostFormAsync(analyst, $"/reports/{id}", new Dictionary<string, string> { ["Purpose"] = "beoordeling", ["Status"] = "closed" }, $"/reports/{id}?handler=status");
        Assert.Contains("afgehandeld", await memberBrowser.GetStringAsync("/reports/mine"), StringComparison.Ordinal);

        // Everyone else: 404 on the page, as for a report that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await memberBrowser.GetAsync($"/reports/{id}")).StatusCode);
        var otherAnalyst = await AuditPageTests.SignInWithSecondFactorAsync(web, await web.AddUserAsync(terminal, "analist@west.nl", "analyst"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherAnalyst.GetAsync($"/reports/{id}")).StatusCode);
        var admin = await AuditPageTests.SignInWithSecondFactorAsync(web, await web.AddUserAsync(police, "beheer@haven.nl", "platform-admin"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/reports/{id}")).StatusCode);

        // The platform admin names receivers and questions on the admin page.
        var saved = await SlagboomWebFactory.PostFormAsync(admin, "/admin/reporting?mainport=SCH", new Dictionary<string, string>
        {
            ["Mainport"] = "SCH",
            ["Questions"] = "Welke vlucht? | Which flight?\nWelk vrachtgebouw? | Which cargo building?",
        }, "/admin/reporting?handler=questions");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Which flight?", await web.Api(null).GetStringAsync("/melden/SCH?lang=en"), StringComparison.Ordinal);
        await SlagboomWebFactory.PostFormAsync(admin, "/admin/reporting?mainport=SCH", new Dictionary<string, string> { ["Mainport"] = "SCH", ["OrganisationIds"] = terminal }, "/admin/reporting?handler=receivers");
        Assert.Equal([terminal], await web.Instance.RunAsync<ReportingSetup, IReadOnlyList<string>>(s => s.ReceiversAsync("SCH")));
        var refused = await analyst.GetAsync("/admin/reporting");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/error/403", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private static void AssertStrict(HttpResponseMessage response)
    {
        Assert.False(response.Headers.Contains("Set-Cookie"), "a reporter page set a cookie");
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"receipt\"[^>]*>([0-9A-Z-]+)<")]
    private static partial Regex ReceiptOnPage();

    [GeneratedRegex("data-testid=\"new-receipt\"[^>]*>([0-9A-Z-]+)<")]
    private static partial Regex NewReceiptOnPage();
}
