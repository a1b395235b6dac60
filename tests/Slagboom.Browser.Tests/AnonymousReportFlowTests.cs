using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Testing;

namespace Slagboom.Browser.Tests;

public sealed class AnonymousReportFlowTests
{
    private const string Text = "Browsertest: een man bood mij geld om container MSCU1234565 naar rij 12 te verzetten.";
    private const string Question = "Op welke dag en hoe laat was dat ongeveer?";
    private const string Answer = "Dinsdagnacht rond half drie, bij de reefers.";

    [Fact]
    public async Task Reporter_ReportsOnAPhoneAndKeepsTheReceipt_AnalystAsks_ReporterAnswersWithTheReceipt_AnalystSeesTheAnswer()
    {
        await using var session = await BrowserSession.StartAsync();
        var analyst = session.Accounts.First(a => a.Email == "analyst@demo.slagboom.test");
        var analystOrganisation = await session.Web.Instance.QueryAsync(db => db.Users.Where(u => u.Email == analyst.Email).Select(u => u.OrganisationId).SingleAsync());
        var set = await session.Web.Instance.RunAsync<ReportingSetup, Result<IReadOnlyList<string>>>(s => s.SetReceiversAsync(Actor.Operator, "RTM", [analystOrganisation]));
        Assert.True(set.Ok);
        try
        {
            // A port worker, on a phone, without an account.
            var reporter = await session.NewContextAsync(390, 844);
            await session.GotoAsync("/melden");
            await AssertFitsTheScreenAsync(reporter);
            await reporter.GetByRole(AriaRole.Link, new() { Name = "Haven van Rotterdam" }).ClickAsync();
            await Assertions.Expect(reporter).ToHaveURLAsync(session.BaseUrl + "/melden/RTM");
            await session.CheckPageAsync("anonymous-report-phone");
            await AssertFitsTheScreenAsync(reporter);
            await reporter.GetByLabel("Wat wilt u melden?").FillAsync(Text);
            await reporter.Locator("#answer-where").FillAsync("Maasvlakte, terminal 2");
            await reporter.GetByRole(AriaRole.Button, new() { Name = "Melding versturen" }).ClickAsync();
            var receiptOnPage = reporter.GetByTestId("receipt");
            await Assertions.Expect(receiptOnPage).ToBeVisibleAsync();
            var receipt = (await receiptOnPage.InnerTextAsync()).Trim();
            Assert.Matches("^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$", receipt);
            // Shown in the answer to the POST: never in an address, and no cookie was set.
            Assert.DoesNotContain(receipt, reporter.Url, StringComparison.Ordinal);
            Assert.Empty(await reporter.Context.CookiesAsync());
            await session.CheckPageAsync("anonymous-receipt-phone");
            await AssertFitsTheScreenAsync(reporter);

            // The analyst of the receiving organisation signs in (with a second factor) and asks a question.
            var analystPage = await session.NewContextAsync();
            await session.GotoAsync("/account/login");
            await analystPage.GetByLabel("E-mailadres").FillAsync(analyst.Email);
            await analystPage.GetByLabel("Wachtwoord").FillAsync(analyst.Password);
            await analystPage.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await Assertions.Expect(analystPage).ToHaveURLAsync(new Regex("/account/two-factor$"));
            var key = (await analystPage.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            await analystPage.GetByLabel("Code uit de authenticator-app of herstelcode").FillAsync(Totp.Now(key));
            await analystPage.GetByRole(AriaRole.Button, new() { Name = "Activeren" }).ClickAsync();
            await Assertions.Expect(analystPage.GetByTestId("recovery-codes")).ToBeVisibleAsync();

            await session.GotoAsync("/reports");
            await analystPage.GetByTestId("reports").GetByRole(AriaRole.Link).First.ClickAsync();
            await Assertions.Expect(analystPage).ToHaveURLAsync(new Regex("/reports/[0-9a-f]{32}$"));
            var reportUrl = analystPage.Url;
            await Assertions.Expect(analystPage.GetByTestId("channel")).ToHaveTextAsync("anoniem");
            await session.CheckPageAsync("report-purpose");
            await OpenReportAsync(analystPage);
            await Assertions.Expect(analystPage.GetByTestId("text")).ToHaveTextAsync(Text);
            await Assertions.Expect(analystPage.GetByTestId("answers")).ToContainTextAsync("Maasvlakte, terminal 2");
            await session.CheckPageAsync("report-open");
            await analystPage.GetByLabel("Vraag of antwoord aan de melder").FillAsync(Question);
            await analystPage.GetByRole(AriaRole.Button, new() { Name = "Versturen", Exact = true }).ClickAsync();
            await Assertions.Expect(analystPage.GetByTestId("messages")).ToContainTextAsync(Question);
            await Assertions.Expect(analystPage.GetByTestId("status")).ToHaveTextAsync("in behandeling");

            // The reporter comes back with the receipt, on the phone, and answers.
            var back = await session.NewContextAsync(390, 844);
            await session.GotoAsync("/melden/opvolgen");
            await back.GetByLabel("Meldcode").FillAsync(receipt.ToLowerInvariant());
            await back.GetByRole(AriaRole.Button, new() { Name = "Openen" }).ClickAsync();
            await Assertions.Expect(back.GetByTestId("messages")).ToContainTextAsync(Question);
            await Assertions.Expect(back.GetByTestId("status")).ToHaveTextAsync("in behandeling");
            await Assertions.Expect(back.GetByTestId("text")).ToHaveTextAsync(Text);
            await session.CheckPageAsync("anonymous-follow-up-phone");
            await AssertFitsTheScreenAsync(back);
            await back.GetByLabel("Antwoord of aanvulling").FillAsync(Answer);
            await back.GetByRole(AriaRole.Button, new() { Name = "Versturen", Exact = true }).ClickAsync();
            await Assertions.Expect(back.GetByTestId("messages")).ToContainTextAsync(Answer);
            Assert.DoesNotContain(receipt, back.Url, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await back.Context.CookiesAsync());

            // The analyst sees the answer.
            await analystPage.GotoAsync(reportUrl);
            await OpenReportAsync(analystPage);
            await Assertions.Expect(analystPage.GetByTestId("messages")).ToContainTextAsync(Answer);
            Assert.Empty(session.ConsoleErrors);
        }
        catch
        {
            await session.ScreenshotAsync(nameof(Reporter_ReportsOnAPhoneAndKeepsTheReceipt_AnalystAsks_ReporterAnswersWithTheReceipt_AnalystSeesTheAnswer));
            throw;
        }
    }

    private static async Task OpenReportAsync(IPage page)
    {
        await page.GetByLabel("Doel van inzage").FillAsync("beoordeling anonieme melding");
        await page.GetByRole(AriaRole.Button, new() { Name = "Melding openen" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("read-for")).ToBeVisibleAsync();
    }

    /// <summary>Nothing makes the page wider than the phone: no sideways scrolling.</summary>
    private static async Task AssertFitsTheScreenAsync(IPage page)
    {
        var wider = await page.EvaluateAsync<string[]>(
            "() => { const w = document.documentElement.clientWidth; if (document.documentElement.scrollWidth <= w) return [];" +
            " return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)" +
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)); }");
        Assert.True(wider.Length == 0, $"{page.Url} is wider than the screen: {string.Join(", ", wider)}");
    }
}
