using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Slagboom.Core.Accounts;
using Slagboom.Core.Events;
using Slagboom.Testing;

namespace Slagboom.Browser.Tests;

public sealed class AlertControlRoomFlowTests
{
    private const string Rule = """
        id: BT-SITE-1
        title: Gate and plate at the site
        severity: medium
        type: match
        scope: { mainport: RTM }
        where: { kind: [gate, anpr] }
        by: site
        """;

    private const string Events = """
        {"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos-apmt","site":"APMT-MV2","id":"bt-gate-1","gate":"lane-4","direction":"in","containers":["CSQU3054383"],"plate":"DE:HHAB1284","carrierEan":"8712345678906"}
        {"kind":"anpr","time":"2026-11-27T10:01:00Z","mainport":"RTM","source":"alpr-mv2","site":"APMT-MV2","id":"bt-anpr-1","camera":"MV2-ANPR-03","country":"DE","candidates":[{"plate":"HHAB1284","confidence":0.93},{"plate":"HHAB1234","confidence":0.61}]}
        """;

    [Fact]
    public async Task Operator_SeesAnAlertArriveWithoutReloading_AcknowledgesAndPromotes_AnalystFindsItInTriage()
    {
        var rules = Directory.CreateTempSubdirectory("slagboom-rules-").FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "rules.yaml"), Rule);
        await using var session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Slagboom:Alerts:RulesFolder"] = rules });
        var member = session.Accounts.First(a => a.Email == "member@demo.slagboom.test");
        var analyst = session.Accounts.First(a => a.Email == "analyst@demo.slagboom.test");
        var page = session.Page;
        try
        {
            await session.GotoAsync("/account/login");
            await page.GetByLabel("E-mailadres").FillAsync(member.Email);
            await page.GetByLabel("Wachtwoord").FillAsync(member.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Alarmen" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/alerts");
            await page.Locator("#mainport").SelectOptionAsync("RTM");
            await page.GetByRole(AriaRole.Button, new() { Name = "Tonen" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("alerts-empty")).ToBeVisibleAsync();
            await session.CheckPageAsync("alerts-empty");

            // Events arrive (as the gate system and ANPR would send them); the open page shows the alert by itself.
            // Through the web host's own services: its running rules are the ones that raise the alert.
            IngestOutcome stored;
            await using (var scope = session.Web.Services.CreateAsyncScope())
            {
                var ingestion = scope.ServiceProvider.GetRequiredService<EventIngestion>();
                var sender = (await ingestion.SenderForAsync(Actor.Operator, "replay")).Value!;
                var lines = Events.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                stored = await ingestion.IngestAsync(sender, [.. lines.Select((l, i) => new RawEvent(i, Encoding.UTF8.GetBytes(l.Trim())))]);
            }

            Assert.Equal(2, stored.Accepted);
            var row = page.GetByTestId("alert-row");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToHaveAttributeAsync("data-fresh", "true");
            await Assertions.Expect(row).ToContainTextAsync("Gate and plate at the site");
            await Assertions.Expect(row).ToContainTextAsync("2×");
            await Assertions.Expect(page.Locator("#alerts-announce")).ToHaveTextAsync("Nieuwe alarmen: 1");
            await Assertions.Expect(page.GetByTestId("alerts-next")).ToBeHiddenAsync();
            await session.CheckPageAsync("alerts-live");

            await row.GetByTestId("acknowledge").ClickAsync();
            await Assertions.Expect(page.GetByText("Alarm bevestigd.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("alert-row")).ToContainTextAsync("bevestigd");

            await page.GetByRole(AriaRole.Link, new() { Name = "Gate and plate at the site" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/alerts/[0-9a-f]{32}$"));
            var alertId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            await Assertions.Expect(page.GetByTestId("alert-events")).ToContainTextAsync("DE:HHAB1284 (0.93), DE:HHAB1234 (0.61)");
            await Assertions.Expect(page.GetByTestId("alert-history")).ToContainTextAsync("bevestigd");
            await session.CheckPageAsync("alert-detail");

            await page.GetByLabel("Extra observables (optioneel)").FillAsync("container: CSQU3054384");
            await page.GetByRole(AriaRole.Button, new() { Name = "Naar triage (signaal maken)" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Alarm naar de triage-inbox gestuurd.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("promoted-observables")).ToContainTextAsync("CSQU3054383");
            await Assertions.Expect(page.GetByTestId("refused-observables")).ToContainTextAsync("check digit should be 3");
            await session.CheckPageAsync("alert-promoted");
            Assert.Empty(session.ConsoleErrors);

            // The analyst (another organisation of the mainport) finds it in the triage inbox, linked to the alert.
            page = await session.NewContextAsync();
            await session.GotoAsync("/account/login");
            await page.GetByLabel("E-mailadres").FillAsync(analyst.Email);
            await page.GetByLabel("Wachtwoord").FillAsync(analyst.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/two-factor$"));
            var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            await page.GetByLabel("Code uit de authenticator-app of herstelcode").FillAsync(Totp.Now(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Activeren" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
            await session.GotoAsync("/triage?channel=alert");
            var item = page.GetByTestId("triage-items").Locator("tr[data-channel='alert']");
            await Assertions.Expect(item).ToHaveCountAsync(1);
            await item.GetByRole(AriaRole.Link, new() { Name = "Alarm" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/triage/alert/" + alertId);
            await Assertions.Expect(page.GetByTestId("from-alert")).ToHaveTextAsync(alertId);
            await Assertions.Expect(page.Locator("#observables")).ToHaveValueAsync(new Regex("container: CSQU3054383"));
            await session.CheckPageAsync("triage-alert-item");
        }
        catch
        {
            await session.ScreenshotAsync("alerts-failure");
            throw;
        }
        finally
        {
            Directory.Delete(rules, recursive: true);
        }
    }
}
