using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Slagboom.Testing;

namespace Slagboom.Browser.Tests;

public sealed class SignalFlowTests
{
    private const string Title = "Browsertest: persoon bij reefer-rij 40";
    private const string Description = "Camera 14 zag om 03:10 Piet Pietersen bij de koelcontainers in rij 40.";
    private const string Summary = "Persoon gezien bij de koelcontainers; de politie onderzoekt het.";
    private const string Person = "Piet Pietersen";

    [Fact]
    public async Task Analyst_WritesPreviewsAndPublishesASignal_TheTerminalMemberReadsThePartnerSummaryAndPseudonymsOnAPhone()
    {
        await using var session = await BrowserSession.StartAsync();
        var analyst = session.Accounts.First(a => a.Email == "analyst@demo.slagboom.test");
        var member = session.Accounts.First(a => a.Email == "member@demo.slagboom.test");
        var page = session.Page;
        try
        {
            await SignInAsync(session, analyst.Email, analyst.Password);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/two-factor$"));
            var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            await page.GetByLabel("Code uit de authenticator-app of herstelcode").FillAsync(Totp.Now(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Activeren" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();

            await session.GotoAsync("/signals");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Signalen", Exact = true }).First).ToHaveAttributeAsync("aria-current", "page");
            await page.GetByRole(AriaRole.Link, new() { Name = "Nieuw signaal" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/signals/new");
            await session.CheckPageAsync("signal-new");

            // First with a container number whose check digit is wrong: the form comes back with the error at its row.
            await page.GetByLabel("Titel", new() { Exact = true }).FillAsync(Title);
            await page.GetByLabel("Beschrijving", new() { Exact = true }).FillAsync(Description);
            await page.GetByLabel("Samenvatting voor private partners (niet verplicht)").FillAsync(Summary);
            await page.Locator("#mainport").SelectOptionAsync("RTM");
            await page.GetByLabel("Locatie (niet verplicht)").FillAsync("Maasvlakte, reefer-rij 40");
            await page.GetByLabel("Tijdstip").FillAsync("2026-11-20T03:10");
            await page.GetByLabel("Categorie").SelectOptionAsync("intrusion");
            await page.GetByText("Zeehavens (0 van").ClickAsync();
            await page.Locator("#mo-SEA-T01").CheckAsync();
            await page.GetByLabel("Processtap (niet verplicht)").SelectOptionAsync("5");
            await page.Locator("#observables-0-type").SelectOptionAsync("person");
            await page.Locator("#observables-0-value").FillAsync(Person);
            await page.Locator("#observables-1-type").SelectOptionAsync("container");
            await page.Locator("#observables-1-value").FillAsync("CSQU3054384");
            await page.GetByLabel("Alle partners in de mainport").CheckAsync();
            await page.Locator("#tlp").SelectOptionAsync("amber");
            await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept" }).ClickAsync();

            var summary = page.GetByTestId("error-summary");
            await Assertions.Expect(summary).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#observables-1-value")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator("#observables-0-value")).ToHaveValueAsync(Person);
            await Assertions.Expect(page.GetByLabel("Beschrijving", new() { Exact = true })).ToHaveValueAsync(Description);
            await session.CheckPageAsync("signal-new-error");

            await page.Locator("#observables-1-value").FillAsync("CSQU3054383");
            await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signals/[^/?]+$"));
            var signalUrl = page.Url;
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(Title);
            await Assertions.Expect(page.GetByTestId("observables")).ToContainTextAsync("•••");
            await Assertions.Expect(page.GetByTestId("observables")).Not.ToContainTextAsync(Person);

            // Who will receive it, before the button that sends it.
            var terminalRow = page.GetByTestId("audience").Locator("tr", new() { HasText = "Demo Maasvlakte Container Terminal B.V." });
            await Assertions.Expect(terminalRow).ToContainTextAsync("ontvangt pseudoniemen");
            await Assertions.Expect(page.GetByTestId("audience").Locator("tr", new() { HasText = "Demo Politie Zeehavenpolitie Rotterdam" })).ToContainTextAsync("volledige inhoud");
            await session.CheckPageAsync("signal-draft");

            await page.GetByLabel("Doel van inzage in persoonsgegevens").FillAsync("onderzoek RTM-2026-114");
            await page.GetByRole(AriaRole.Button, new() { Name = "Persoonsgegevens tonen" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("observables")).ToContainTextAsync(Person);
            await session.CheckPageAsync("signal-revealed");

            await page.GetByRole(AriaRole.Button, new() { Name = "Publiceren" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(signalUrl);
            await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("gepubliceerd");
            await session.CheckPageAsync("signal-published");

            // The owner attaches a file: first one the store refuses (a field error), then a picture.
            await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "tool.exe", MimeType = "application/octet-stream", Buffer = [0x4D, 0x5A, 0x90, 0x00] });
            await page.GetByRole(AriaRole.Button, new() { Name = "Toevoegen" }).ClickAsync();
            await Assertions.Expect(page.Locator("#file")).ToHaveAttributeAsync("aria-invalid", "true");
            await session.CheckPageAsync("signal-attachment-error");
            await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "camerabeeld.png", MimeType = "image/png", Buffer = Png });
            await page.GetByRole(AriaRole.Button, new() { Name = "Toevoegen" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("attachments")).ToContainTextAsync("camerabeeld.png");
            await page.GetByRole(AriaRole.Link, new() { Name = "Downloaden camerabeeld.png" }).ClickAsync();
            await page.GetByLabel("Doel van het downloaden").FillAsync("onderzoek RTM-2026-114");
            await session.CheckPageAsync("signal-attachment-purpose");
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Downloaden camerabeeld.png" }).ClickAsync());
            Assert.Equal("camerabeeld.png", download.SuggestedFilename);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verwijderen", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("delete-confirm")).ToBeVisibleAsync();
            await session.CheckPageAsync("signal-delete-confirm");
            await page.GetByRole(AriaRole.Link, new() { Name = "Annuleren" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(signalUrl);

            // The terminal's member, at another desk, on a phone.
            page = await session.NewContextAsync(390, 844);
            await SignInAsync(session, member.Email, member.Password);
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Signalen", Exact = true }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/signals");
            await session.CheckPageAsync("signals-phone");
            await AssertFitsTheScreenAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(signalUrl);
            await Assertions.Expect(page.GetByTestId("restricted-notice")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("text")).ToHaveTextAsync(Summary);
            await Assertions.Expect(page.GetByTestId("observables")).ToContainTextAsync("pd:");
            await Assertions.Expect(page.GetByTestId("observables")).ToContainTextAsync("CSQU3054383");
            var html = await page.ContentAsync();
            Assert.DoesNotContain(Person, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Camera 14", html, StringComparison.Ordinal);
            Assert.DoesNotContain("camerabeeld.png", html, StringComparison.Ordinal);
            await session.CheckPageAsync("signal-partner-phone");
            await AssertFitsTheScreenAsync(page);

            await session.GotoAsync("/signals/new");
            await session.CheckPageAsync("signal-new-phone");
            await AssertFitsTheScreenAsync(page);
            Assert.Empty(session.ConsoleErrors);
        }
        catch
        {
            await session.ScreenshotAsync(nameof(Analyst_WritesPreviewsAndPublishesASignal_TheTerminalMemberReadsThePartnerSummaryAndPseudonymsOnAPhone));
            throw;
        }
    }

    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>Nothing makes the page wider than the phone: no sideways scrolling.</summary>
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
