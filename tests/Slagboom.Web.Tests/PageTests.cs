using System.Net;
using Slagboom.Testing;

namespace Slagboom.Web.Tests;

public sealed class PageTests
{
    [Fact]
    public async Task Pages_SendStrictSecurityHeaders()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var response = await web.Browser().GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [Fact]
    public async Task Language_IsDutchByDefault_AndSwitchesToEnglish()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var browser = web.Browser();

        var dutch = await browser.GetStringAsync("/account/login");
        Assert.Contains("<html lang=\"nl\"", dutch, StringComparison.Ordinal);
        Assert.Contains("Inloggen", dutch, StringComparison.Ordinal);

        var switched = await browser.GetAsync("/taal?lang=en&returnUrl=%2Faccount%2Flogin");
        Assert.Equal("/account/login", switched.Headers.Location?.OriginalString);
        var english = await browser.GetStringAsync("/account/login");
        Assert.Contains("<html lang=\"en\"", english, StringComparison.Ordinal);
        Assert.Contains("Sign in", english, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task LanguageSwitch_NeverRedirectsOffSite(string returnUrl)
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var response = await web.Browser().GetAsync("/taal?lang=en&returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignedOutVisitor_IsSentToSignInEverywhere_SignedInUserGets404ForUnknownPages()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var browser = web.Browser();

        foreach (var path in new[] { "/mainports/RTM", "/no/such/page" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
        }

        var org = await web.AddOrganisationAsync("Org");
        var user = await web.AddUserAsync(org, "m@org.nl", "member");
        await SlagboomWebFactory.SignInAsync(browser, "m@org.nl", user.Password);
        var missing = await browser.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Niet gevonden", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/mainports/AMS")).StatusCode);
    }

    [Fact]
    public async Task Member_CannotOpenAdministration()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Org");
        var user = await web.AddUserAsync(org, "m@org.nl", "member");
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, "m@org.nl", user.Password);

        var admin = await browser.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal("/error/403", admin.Headers.Location?.AbsolutePath);
    }
}
