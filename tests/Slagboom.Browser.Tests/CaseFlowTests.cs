using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Slagboom.Browser.Tests;

public sealed class CaseFlowTests
{
    private const string CaseTitle = "Browsertest: casus indringers Maasvlakte";
    private const string CaseDescription = "Interne afweging: mogelijk insider bij de terminal.";

    [Fact]
    public async Task Owner_OpensACaseAddsASignalAndAssignsATask_TheTerminalSeesAndCompletesItOnAPhone()
    {
        await using var session = await BrowserSession.StartAsync();
        var customs = session.Accounts.First(a => a.Email == "member.douane@demo.slagboom.test");
        var terminal = session.Accounts.First(a => a.Email == "member@demo.slagboom.test");
        var page = session.Page;
        try
        {
            await SignInAsync(session, customs.Email, customs.Password);
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Casussen", Exact = true }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/cases");
            await session.CheckPageAsync("cases-empty");
            await page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe casus" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/cases/new");
            await session.CheckPageAsync("case-new");

            // Without a title the form comes back with the error at the field, keeping what was chosen.
            await page.Locator("#mainport").SelectOptionAsync("RTM");
            await page.Locator("#kind").SelectOptionAsync("intrusion");
            await page.GetByRole(AriaRole.Button, new() { Name = "Casus openen" }).ClickAsync();
            await Assertions.Expect(page.Locator("#title")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator("#kind")).ToHaveValueAsync("intrusion");
            await session.CheckPageAsync("case-new-error");

            await page.GetByLabel("Titel", new() { Exact = true }).FillAsync(CaseTitle);
            await page.GetByLabel("Beschrijving (niet verplicht)").FillAsync(CaseDescription);
            await page.GetByRole(AriaRole.Button, new() { Name = "Casus openen" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cases/[^/?]+$"));
            var caseUrl = page.Url;
            await Assertions.Expect(page.GetByTestId("case-title")).ToHaveTextAsync(CaseTitle);

            // Add the first signal customs may see.
            var signalTitle = (await page.Locator("#signalId option").First.InnerTextAsync()).Split(" (")[0];
            await page.GetByRole(AriaRole.Button, new() { Name = "Toevoegen", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("case-signals")).ToContainTextAsync(signalTitle);

            // The intrusion template proposes a task for the terminal; assign it.
            var proposal = page.GetByTestId("proposal-0");
            await Assertions.Expect(proposal).ToContainTextAsync("terminal");
            await Assertions.Expect(proposal.Locator("select")).ToContainTextAsync("Demo Maasvlakte Container Terminal B.V.");
            await session.CheckPageAsync("case-detail");
            var due = DateOnly.FromDateTime(DateTime.SpecifyKind(TimeProvider.System.GetUtcNow().UtcDateTime, DateTimeKind.Utc)).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await proposal.Locator("input[type=date]").FillAsync(due);
            await proposal.GetByRole(AriaRole.Button).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(caseUrl);
            await Assertions.Expect(page.GetByTestId("tasks")).ToContainTextAsync("Demo Maasvlakte Container Terminal B.V.");
            await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("taak toegewezen");

            // The terminal's member, on a phone: the bell, "Mijn taken", the task — and nothing of the case itself.
            page = await session.NewContextAsync(390, 844);
            await SignInAsync(session, terminal.Email, terminal.Password);
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/");
            await Assertions.Expect(page.GetByTestId("bell-count")).ToBeVisibleAsync();
            await page.GetByTestId("bell").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/notifications");
            await session.CheckPageAsync("notifications-phone");
            await page.GetByRole(AriaRole.Button, new() { Name = "Nieuw: Nieuwe taak voor uw organisatie" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tasks/[^/?]+$"));
            var taskUrl = page.Url;
            await Assertions.Expect(page.GetByTestId("task-text")).ToContainTextAsync("camerabeelden");
            var html = await page.ContentAsync();
            Assert.DoesNotContain(CaseTitle, html, StringComparison.Ordinal);
            Assert.DoesNotContain(CaseDescription, html, StringComparison.Ordinal);
            await session.CheckPageAsync("task-phone");
            await AssertFitsTheScreenAsync(page);

            await page.Locator("#status").SelectOptionAsync("done");
            await page.GetByLabel("Voortgangsnotitie").FillAsync("Beelden bekeken: twee personen om 02:40 bij rij 40.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan", Exact = true }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(taskUrl);
            await Assertions.Expect(page.GetByTestId("task-status")).ToHaveTextAsync("afgerond");
            await Assertions.Expect(page.GetByTestId("notes")).ToContainTextAsync("Beelden bekeken");

            await session.GotoAsync("/tasks?all=true");
            await Assertions.Expect(page.GetByTestId("tasks")).ToContainTextAsync("afgerond");
            await AssertFitsTheScreenAsync(page);

            // Back at customs: the owner sees the task done and the update in the timeline.
            page = await session.NewContextAsync();
            await SignInAsync(session, customs.Email, customs.Password);
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/");
            await page.GotoAsync(caseUrl);
            await Assertions.Expect(page.GetByTestId("tasks")).ToContainTextAsync("afgerond");
            await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("taak bijgewerkt");
            await session.CheckPageAsync("case-detail-done");
            Assert.Empty(session.ConsoleErrors);
        }
        catch
        {
            await session.ScreenshotAsync(nameof(Owner_OpensACaseAddsASignalAndAssignsATask_TheTerminalSeesAndCompletesItOnAPhone));
            throw;
        }
    }

    private static async Task AssertFitsTheScreenAsync(IPage page)
    {
        var wider = await page.EvaluateAsync<string[]>(
            "() => { const w = document.documentElement.clientWidth; if (document.documentElement.scrollWidth <= w) return [];" +
            " return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)" +
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)); }");
        Assert.True(wider.Length == 0, $"{page.Url} is wider than the screen: {string.Join(", ", wider)}");
    }

    private static async Task SignInAsync(BrowserSession session, string email, string password)
    {
        await session.GotoAsync("/account/login");
        await session.Page.GetByLabel("E-mailadres").FillAsync(email);
        await session.Page.GetByLabel("Wachtwoord").FillAsync(password);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
    }
}
