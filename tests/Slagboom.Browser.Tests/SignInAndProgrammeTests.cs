using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Slagboom.Testing;

namespace Slagboom.Browser.Tests;

public sealed class SignInAndProgrammeTests
{
    [Fact]
    public async Task DemoMember_SignsIn_SeesRotterdamBudget_AndSwitchesToEnglish()
    {
        await using var session = await BrowserSession.StartAsync();
        var member = session.Accounts.First(a => a.Roles.SequenceEqual(["member"]) && a.Email.StartsWith("member@", StringComparison.Ordinal));
        var page = session.Page;
        try
        {
            await session.GotoAsync("/account/login");
            await page.GetByLabel("E-mailadres").FillAsync(member.Email);
            await page.GetByLabel("Wachtwoord").FillAsync(member.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/");
            await session.AssertAccessibleAsync();

            // Who is signed in, and for which organisation, is stated on every page.
            var who = page.GetByTestId("signed-in-as");
            await Assertions.Expect(who).ToContainTextAsync(member.Email);
            await Assertions.Expect(who).ToContainTextAsync(member.Organisation);

            await page.GetByRole(AriaRole.Link, new() { Name = "Haven van Rotterdam" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/mainports/RTM");
            await session.AssertAccessibleAsync();
            var budget2025 = page.GetByTestId("budget-table").Locator("td[data-year='2025']");
            await Assertions.Expect(budget2025).ToHaveTextAsync("16,5");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Haven van Rotterdam");
            await Assertions.Expect(page.Locator("canvas[data-chart]")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/mainports/RTM");
            await session.AssertAccessibleAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Port of Rotterdam");
            await Assertions.Expect(budget2025).ToHaveTextAsync("16.5");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Structural budget" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("2025 and later")).ToBeVisibleAsync();

            foreach (var path in new[] { "/", "/account", "/api-docs", "/mainports/SCH" })
            {
                await session.GotoAsync(path);
            }

            Assert.Empty(session.ConsoleErrors);
        }
        catch
        {
            await session.ScreenshotAsync(nameof(DemoMember_SignsIn_SeesRotterdamBudget_AndSwitchesToEnglish));
            throw;
        }
    }

    [Fact]
    public async Task PlatformAdmin_EnrolsSecondFactor_AndAddsAnOrganisationOnAPhoneSizedScreen()
    {
        await using var session = await BrowserSession.StartAsync();
        var admin = session.Accounts.First(a => a.Roles.Contains("platform-admin"));
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);
        try
        {
            await session.GotoAsync("/account/login");
            await page.GetByLabel("E-mailadres").FillAsync(admin.Email);
            await page.GetByLabel("Wachtwoord").FillAsync(admin.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/two-factor$"));
            await session.AssertAccessibleAsync();

            var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            await page.GetByLabel("Code uit de authenticator-app of herstelcode").FillAsync(Totp.Now(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Activeren" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
            await session.AssertAccessibleAsync();

            await session.GotoAsync("/admin/organisations");
            await page.GetByLabel("Naam", new() { Exact = true }).FillAsync("Gemeente Terneuzen");
            await page.GetByLabel("Sector").FillAsync("municipality");
            await page.GetByLabel("Havens van Zeeland en West-Brabant (ZWB)").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Toevoegen" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("organisations")).ToContainTextAsync("Gemeente Terneuzen");
            await session.AssertAccessibleAsync();
            await session.GotoAsync("/admin/users");
        }
        catch
        {
            await session.ScreenshotAsync(nameof(PlatformAdmin_EnrolsSecondFactor_AndAddsAnOrganisationOnAPhoneSizedScreen));
            throw;
        }
    }
}
