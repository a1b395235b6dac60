using System.Net;
using Microsoft.AspNetCore.Identity;
using Slagboom.Core.Accounts;
using Slagboom.Testing;

namespace Slagboom.Web.Tests;

public sealed class SignInTests
{
    [Fact]
    public async Task Member_SignsInWithPasswordAndSeesWhoAndForWhichOrganisation()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Maasvlakte Terminal B.V.", "private");
        var user = await web.AddUserAsync(org, "portier@terminal.nl", "member");
        var browser = web.Browser();

        var signIn = await SlagboomWebFactory.SignInAsync(browser, "portier@terminal.nl", user.Password);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var home = await browser.GetStringAsync("/");
        Assert.Contains("portier@terminal.nl", home, StringComparison.Ordinal);
        Assert.Contains("Maasvlakte Terminal B.V.", home, StringComparison.Ordinal);
        Assert.Contains("16,5", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_FailsWithOneMessage_AndLocksAfterFiveTries()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Org");
        var user = await web.AddUserAsync(org, "target@org.nl", "member");
        var browser = web.Browser();

        for (var i = 0; i < 5; i++)
        {
            var failed = await SlagboomWebFactory.SignInAsync(browser, "target@org.nl", "wrong password " + i);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var locked = await SlagboomWebFactory.SignInAsync(browser, "target@org.nl", user.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("geblokkeerd", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInAttempts_AreRateLimitedWithRetryAfter()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite, signInAttemptsPerMinute: 3);
        var browser = web.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await SlagboomWebFactory.SignInAsync(browser, "nobody@x.nl", "whatever password")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var limited = await SlagboomWebFactory.SignInAsync(browser, "nobody@x.nl", "whatever password");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Reading the page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Analyst_MustEnrolASecondFactor_ThenSignsInWithIt()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Politie");
        var analyst = await web.AddUserAsync(org, "analist@politie.nl", "analyst");
        var browser = web.Browser();

        var first = await SlagboomWebFactory.SignInAsync(browser, "analist@politie.nl", analyst.Password);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var home = await browser.GetAsync("/");
        Assert.Equal("/account/two-factor", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/v1/me")).StatusCode);

        var enrolPage = await browser.GetStringAsync("/account/two-factor");
        Assert.Contains("data:image/png;base64,", enrolPage, StringComparison.Ordinal);
        var key = await web.Instance.RunAsync<UserManager<User>, string?>(async u => await u.GetAuthenticatorKeyAsync((await u.FindByEmailAsync("analist@politie.nl"))!));
        var enrolled = await SlagboomWebFactory.PostFormAsync(browser, "/account/two-factor",
            new Dictionary<string, string> { ["code"] = Totp.Now(key!) }, "/account/two-factor?handler=Enable");
        var enrolledHtml = await enrolled.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"recovery-codes\"", enrolledHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me")).StatusCode);

        // Next time: password, then the code.
        var fresh = web.Browser();
        var password = await SlagboomWebFactory.SignInAsync(fresh, "analist@politie.nl", analyst.Password);
        Assert.StartsWith("/account/login/two-factor", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/")).StatusCode);
        var second = await SlagboomWebFactory.PostFormAsync(fresh, "/account/login/two-factor", new Dictionary<string, string> { ["code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var wrongCodeRejected = await second.Content.ReadAsStringAsync();
        Assert.Contains("klopt niet", wrongCodeRejected, StringComparison.Ordinal);
        var recovery = System.Text.RegularExpressions.Regex.Match(enrolledHtml, "<code>([^<]+)</code>").Groups[1].Value;
        var withRecovery = await SlagboomWebFactory.PostFormAsync(fresh, "/account/login/two-factor", new Dictionary<string, string> { ["code"] = recovery });
        Assert.Equal(HttpStatusCode.Redirect, withRecovery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirBrowserSessionAtOnce()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Org");
        var user = await web.AddUserAsync(org, "leaver@org.nl", "member");
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, "leaver@org.nl", user.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await web.Instance.RunAsync<UserAdministration>(a => a.DisableAsync(Actor.Operator, "leaver@org.nl"));

        var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location?.AbsolutePath ?? after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupLink_CreatesTheFirstAdmin_ThroughThePage()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var link = await web.Instance.RunAsync<OneTimeLinks, string?>(l => l.CreateSetupLinkIfEmptyAsync());
        var browser = web.Browser();

        Assert.Contains("ongeldig", await browser.GetStringAsync("/setup?token=guess"), StringComparison.Ordinal);
        var done = await SlagboomWebFactory.PostFormAsync(browser, $"/setup?token={link}", new Dictionary<string, string>
        {
            ["token"] = link!,
            ["organisation"] = "Programmabureau",
            ["email"] = "eerste@beheer.nl",
            ["password"] = "een lange zin als wachtwoord",
            ["confirm"] = "een lange zin als wachtwoord",
        });

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var signIn = await SlagboomWebFactory.SignInAsync(web.Browser(), "eerste@beheer.nl", "een lange zin als wachtwoord");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("ongeldig", await browser.GetStringAsync($"/setup?token={link}"), StringComparison.Ordinal);
    }
}
