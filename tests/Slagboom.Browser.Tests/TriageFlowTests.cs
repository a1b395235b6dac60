using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Signals;
using Slagboom.Domain.Accounts;
using Slagboom.Testing;

namespace Slagboom.Browser.Tests;

public sealed class TriageFlowTests
{
    private const string What = "Browsertest: onbekende man bij de koelcontainers in rij 40.";

    [Fact]
    public async Task Analyst_TriagesAStaffReportIntoASignal_ABadContainerNumberIsRefusedWithTheReason()
    {
        await using var session = await BrowserSession.StartAsync();
        var analyst = session.Accounts.First(a => a.Email == "analyst@demo.slagboom.test");
        var member = session.Accounts.First(a => a.Email == "member@demo.slagboom.test");
        var instance = session.Web.Instance;
        var analystOrganisation = await instance.QueryAsync(db => db.Users.Where(u => u.Email == analyst.Email).Select(u => u.OrganisationId).SingleAsync());
        Assert.True((await instance.RunAsync<ReportingSetup, Result<IReadOnlyList<string>>>(s => s.SetReceiversAsync(Actor.Operator, "RTM", [analystOrganisation]))).Ok);
        var worker = await instance.QueryAsync(db => db.Users.Where(u => u.Email == member.Email).Select(u => new { u.Id, u.OrganisationId }).SingleAsync());
        var staff = new Actor(worker.Id, worker.OrganisationId, new HashSet<string> { Role.Member });
        var reported = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitStaffAsync(staff,
            new StaffReportInput("RTM", What, "Rij 40", null, [new ObservableInput("container", "CSQU3054383")])));
        Assert.True(reported.Ok, reported.Error?.Message);
        var page = session.Page;
        try
        {
            await session.GotoAsync("/account/login");
            await page.GetByLabel("E-mailadres").FillAsync(analyst.Email);
            await page.GetByLabel("Wachtwoord").FillAsync(analyst.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/two-factor$"));
            var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            await page.GetByLabel("Code uit de authenticator-app of herstelcode").FillAsync(Totp.Now(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Activeren" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();

            await session.GotoAsync("/triage");
            var row = page.GetByTestId("triage-items").Locator("tr[data-channel='staff']");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await row.GetByRole(AriaRole.Link, new() { Name = "Melding medewerker" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/triage/staff/" + reported.Value);
            await session.CheckPageAsync("triage-item");

            // Reading the reporter's words needs a purpose.
            await page.GetByLabel("Doel van inzage").FillAsync("triage van de melding");
            await page.GetByRole(AriaRole.Button, new() { Name = "Melding lezen" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("report-content")).ToContainTextAsync(What);
            await Assertions.Expect(page.GetByTestId("report-content")).ToContainTextAsync(member.Email);

            // A container number with a wrong check digit is refused at its line, with the reason; what was typed stays.
            await page.Locator("#category").SelectOptionAsync("intrusion");
            await page.Locator("#modusOperandi").FillAsync("SEA-T01");
            await page.Locator("#processStep").SelectOptionAsync("5");
            await page.Locator("#observables").FillAsync("container: CSQU3054384");
            await page.GetByRole(AriaRole.Button, new() { Name = "Classificatie opslaan" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("observable-errors")).ToContainTextAsync("Regel 1");
            await Assertions.Expect(page.GetByTestId("observable-errors")).ToContainTextAsync("check digit");
            await Assertions.Expect(page.Locator("#observables")).ToHaveValueAsync("container: CSQU3054384");
            await session.CheckPageAsync("triage-item-error");

            await page.Locator("#observables").FillAsync("container: csqu 305438-3\nplate-nl: 12abc3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Classificatie opslaan" }).ClickAsync();
            await Assertions.Expect(page.GetByText("De classificatie is opgeslagen.")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#observables")).ToHaveValueAsync("container: CSQU3054383\nplate-nl: 12-ABC-3");

            await page.Locator("#priority").SelectOptionAsync("urgent");
            await page.GetByRole(AriaRole.Button, new() { Name = "Prioriteit opslaan" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("triage-priority")).ToHaveTextAsync("spoed");

            await page.GetByLabel("Titel", new() { Exact = true }).FillAsync("Onbekende man bij reefers, rij 40");
            await page.GetByLabel("Beschrijving", new() { Exact = true }).FillAsync("Melding van terminalpersoneel over een onbekende man bij de koelcontainers.");
            await page.Locator("#tlp").SelectOptionAsync("amber");
            await page.GetByRole(AriaRole.Button, new() { Name = "Signaal maken" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signals/[^/]+$"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Onbekende man bij reefers, rij 40");
            await Assertions.Expect(page.GetByText("CSQU3054383").First).ToBeVisibleAsync();
            await session.CheckPageAsync("triage-signal");

            // The item has left the open queue, and the report is linked to the signal.
            await session.GotoAsync("/triage");
            await Assertions.Expect(page.GetByTestId("triage-empty")).ToBeVisibleAsync();
            Assert.NotNull(await instance.QueryAsync(db => db.Reports.Where(r => r.Id == reported.Value).Select(r => r.SignalId).SingleAsync()));
            // The one error response is the deliberate 400 of the refused classification.
            Assert.DoesNotContain(session.ConsoleErrors, e => !e.StartsWith("400 ", StringComparison.Ordinal) && !e.Contains("status of 400", StringComparison.Ordinal));
        }
        catch
        {
            await session.ScreenshotAsync("triage-failure");
            throw;
        }
    }
}
