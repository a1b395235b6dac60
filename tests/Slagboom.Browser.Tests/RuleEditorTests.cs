using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Slagboom.Core.Events;
using Slagboom.Testing;

namespace Slagboom.Browser.Tests;

public sealed class RuleEditorTests
{
    private const string Good = "id: RTM-FEN-5\ntitle: Hek beklommen\nseverity: high\ntype: match\nwhere: { kind: fence, alarm: climb }\nby: sensor\n";

    [Fact]
    public async Task Analyst_CreatesARule_SeesTheYamlErrorWithItsLine_FixesPublishesAndBacktests()
    {
        await using var session = await BrowserSession.StartAsync();
        var analyst = session.Accounts.First(a => a.Email == "analyst@demo.slagboom.test");
        var instance = session.Web.Instance;
        // Two climbs on two sensors yesterday: the backtest should find two alerts.
        var day = instance.Clock.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var events = new[] { "S-1", "S-2" }.Select((sensor, i) => new RawEvent(i, Encoding.UTF8.GetBytes(
            $$"""{"kind":"fence","time":"{{day}}","mainport":"RTM","source":"fence","site":"ECT","id":"bt-{{i}}","sensor":"{{sensor}}","zone":"north","alarm":"climb"}"""))).ToList();
        var ingested = await instance.RunAsync<EventIngestion, IngestOutcome>(s => s.IngestAsync(new EventSender(EventChannels.Api, "test", null, null), events));
        Assert.Equal(2, ingested.Accepted);
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

            await session.GotoAsync("/rules");
            await Assertions.Expect(page.GetByTestId("rules-empty")).ToBeVisibleAsync();
            await page.GetByTestId("rule-new").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/rules/new?mainport=RTM");
            await session.CheckPageAsync("rule-new");

            // A misspelt key: refused with its line, and the text stays as typed.
            var wrong = Good.Replace("by: sensor", "by: sensor\nwithn: 10m", StringComparison.Ordinal);
            await page.Locator("#yaml").FillAsync(wrong);
            await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("yaml-errors")).ToContainTextAsync("Regel 7");
            await Assertions.Expect(page.GetByTestId("yaml-errors")).ToContainTextAsync("withn");
            await Assertions.Expect(page.Locator("#yaml")).ToHaveValueAsync(wrong);
            await session.CheckPageAsync("rule-error");

            await page.Locator("#yaml").FillAsync(Good);
            await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/rules/RTM-FEN-5");
            await Assertions.Expect(page.GetByText("Versie 1 is opgeslagen als concept.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("rule-status")).ToHaveTextAsync("concept");

            // The form writes into the YAML on the server; saving makes version 2.
            await page.Locator("#severity").SelectOptionAsync("critical");
            await page.GetByRole(AriaRole.Button, new() { Name = "Formulier in YAML zetten" }).ClickAsync();
            await Assertions.Expect(page.Locator("#yaml")).ToHaveValueAsync(new Regex("severity: critical"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Versie 2 is opgeslagen als concept.")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Publiceren" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("rule-status")).ToHaveTextAsync("actief");
            await Assertions.Expect(page.GetByTestId("rule-active")).ToHaveTextAsync("2");
            await session.CheckPageAsync("rule-published");

            await page.GetByRole(AriaRole.Button, new() { Name = "Terugtest draaien" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("backtest-summary")).ToContainTextAsync("2 meldingen");
            await Assertions.Expect(page.GetByTestId("backtest-alerts")).ToContainTextAsync("S-2");
            await session.CheckPageAsync("rule-backtest");
            Assert.Equal(0, await instance.QueryAsync(db => db.Alerts.CountAsync()));

            // A watch list from pasted CSV: the bad row is named by its line, the good ones go in.
            await session.GotoAsync("/watchlists?mainport=RTM");
            await page.GetByLabel("Naam", new() { Exact = true }).FillAsync("containers-douane");
            await page.Locator("#type").SelectOptionAsync("containers");
            await page.GetByRole(AriaRole.Button, new() { Name = "Volglijst maken" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("containers-douane");
            await page.Locator("#csv").FillAsync("csqu 305438-3,tip\nCSQU3054384,typfout\n");
            await page.GetByRole(AriaRole.Button, new() { Name = "Importeren" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("import-problems")).ToContainTextAsync("Regel 2");
            await Assertions.Expect(page.GetByTestId("entries")).ToContainTextAsync("CSQU3054383");
            await session.CheckPageAsync("watchlist-import");

            // Renamed through its form, then deleted once the box is ticked.
            await page.Locator("#name").FillAsync("containers-tips");
            await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("containers-tips");
            await page.GetByRole(AriaRole.Button, new() { Name = "Definitief verwijderen" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Vink het vakje aan");
            await session.CheckPageAsync("watchlist-delete-unconfirmed");
            await page.GetByLabel("Ja, verwijder containers-tips met alle waarden (1)").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Definitief verwijderen" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("De volglijst containers-tips is verwijderd, met alle waarden (1).");
            Assert.Equal(0, await instance.QueryAsync(db => db.Watchlists.CountAsync()));
            Assert.Equal([1, 2], await instance.QueryAsync(db => db.RuleVersions.OrderBy(v => v.Number).Select(v => v.Number).ToListAsync()));
            Assert.DoesNotContain(session.ConsoleErrors, e => !e.StartsWith("400 ", StringComparison.Ordinal) && !e.Contains("status of 400", StringComparison.Ordinal));
        }
        catch
        {
            await session.ScreenshotAsync("rule-editor-failure");
            throw;
        }
    }
}
