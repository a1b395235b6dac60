using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Signals;

/// <summary>The signal pages through the browser's door: forms with antiforgery, redirects, and what the HTML holds.</summary>
public sealed class SignalPageTests
{
    private const string Person = "Jan de Vries";
    private const string Description = "Camera 14 zag om 03:10 Jan de Vries tussen rij 40 en 41.";
    private const string Summary = "Persoon gezien in de stack; politie onderzoekt.";

    private static Dictionary<string, string> Form(string container = "CSQU3054383", string level = "mainport", string occurredAt = "2026-11-20T03:10") => new()
    {
        ["title"] = "Onbekende persoon in de stack",
        ["description"] = Description,
        ["partnerSummary"] = Summary,
        ["mainport"] = "RTM",
        ["location"] = "Maasvlakte, rij 40",
        ["occurredAt"] = occurredAt,
        ["category"] = "intrusion",
        ["modusOperandi"] = "SEA-T01",
        ["processStep"] = "5",
        // Row 0 is left empty: the service numbers the observables it receives, the form its rows.
        ["observables[0].type"] = "",
        ["observables[0].value"] = "",
        ["observables[1].type"] = "person",
        ["observables[1].value"] = Person,
        ["observables[2].type"] = "container",
        ["observables[2].value"] = container,
        ["observables[3].type"] = "",
        ["observables[3].value"] = "",
        ["distribution.level"] = level,
        ["distribution.groupId"] = "",
        ["tlp"] = "amber",
        ["legalBasis"] = "",
    };

    /// <summary>A police member (public, RTM) who writes, and a terminal member (private, RTM) who receives; both signed in.</summary>
    private static async Task<(HttpClient Author, HttpClient Terminal)> SignInAsync(SlagboomWebFactory web)
    {
        var police = await web.AddOrganisationAsync("Zeehavenpolitie", "public", "RTM");
        var terminal = await web.AddOrganisationAsync("Maasvlakte Terminal B.V.", "private", "RTM");
        var author = await web.AddUserAsync(police, "agent@politie.nl", "member");
        var portier = await web.AddUserAsync(terminal, "portier@terminal.nl", "member");
        var authorBrowser = web.Browser();
        var terminalBrowser = web.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.SignInAsync(authorBrowser, "agent@politie.nl", author.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.SignInAsync(terminalBrowser, "portier@terminal.nl", portier.Password)).StatusCode);
        return (authorBrowser, terminalBrowser);
    }

    [Fact]
    public async Task Create_WithABadContainerNumber_ShowsTheErrorAtItsRow_AndKeepsWhatWasTyped()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (author, _) = await SignInAsync(web);

        var response = await SlagboomWebFactory.PostFormAsync(author, "/signals/new", Form(container: "CSQU3054384"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        // The error sits at form row 2 (the service saw it as its observables[1]), linked from the summary.
        Assert.Contains("data-testid=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#observables-2-value\"", html, StringComparison.Ordinal);
        Assert.Matches("<div class=\"utrecht-form-field utrecht-form-field--invalid\">\\s*<div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"observables-2-value\">", html);
        var input = Regex.Match(html, "<input id=\"observables-2-value\"[^>]*>").Value;
        Assert.Contains("aria-invalid=\"true\"", input, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"observables-2-value-error\"", input, StringComparison.Ordinal);
        Assert.Contains("value=\"CSQU3054384\"", input, StringComparison.Ordinal);
        Assert.Contains("id=\"observables-2-value-error\"", html, StringComparison.Ordinal);
        Assert.Contains("check digit", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-invalid=\"true\" aria-describedby=\"title-error\"", html, StringComparison.Ordinal);
        // Nothing typed is lost.
        Assert.Contains("value=\"Onbekende persoon in de stack\"", html, StringComparison.Ordinal);
        Assert.Contains(">" + Description + "</textarea>", html, StringComparison.Ordinal);
        Assert.Contains(">" + Summary + "</textarea>", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Person}\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-11-20T03:10\"", html, StringComparison.Ordinal);
        Assert.Matches("value=\"SEA-T01\"[^>]*checked", html);
        Assert.Matches("<option value=\"container\" selected", html);
        Assert.Matches("value=\"mainport\"[^>]*checked", html);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Signals.CountAsync()));
    }

    [Fact]
    public async Task Create_WithGoodInput_RedirectsToTheDraft_StoredInUtc_WithPersonalDataMaskedUntilAPurposeIsGiven()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (author, _) = await SignInAsync(web);

        // 1 July is summer time in Amsterdam (UTC+2).
        var created = await SlagboomWebFactory.PostFormAsync(author, "/signals/new", Form(occurredAt: "2026-07-01T12:00"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.Matches("^/signals/[^/]+$", location);
        var stored = await web.Instance.QueryAsync(db => db.Signals.SingleAsync());
        Assert.Equal(new DateTime(2026, 7, 1, 10, 0, 0, DateTimeKind.Utc), DateTime.SpecifyKind(stored.OccurredAt, DateTimeKind.Utc));

        var detail = await author.GetStringAsync(location);
        Assert.Contains("Onbekende persoon in de stack", detail, StringComparison.Ordinal);
        Assert.Contains("opgeslagen als concept", detail, StringComparison.Ordinal);
        Assert.Contains("TLP:AMBER", detail, StringComparison.Ordinal);
        var observables = Table(detail, "observables");
        Assert.Contains("CSQU3054383", observables, StringComparison.Ordinal);
        Assert.DoesNotContain(Person, observables, StringComparison.Ordinal);
        Assert.Contains("•••", observables, StringComparison.Ordinal);

        var refused = await SlagboomWebFactory.PostFormAsync(author, location, new Dictionary<string, string> { ["purpose"] = " " }, location + "?handler=Reveal");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"purpose-error\"", refusedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(Person, Table(refusedHtml, "observables"), StringComparison.Ordinal);

        var revealed = await SlagboomWebFactory.PostFormAsync(author, location, new Dictionary<string, string> { ["purpose"] = "onderzoek RTM-2026-114" }, location + "?handler=Reveal");
        Assert.Contains(Person, Table(await revealed.Content.ReadAsStringAsync(), "observables"), StringComparison.Ordinal);
        var purposes = await web.Instance.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "signal.read").Select(e => e.Purpose).ToListAsync());
        Assert.Contains("onderzoek RTM-2026-114", purposes);
        Assert.Contains((string?)null, purposes);

        // The edit form comes back filled, the time again as Amsterdam time.
        var edit = await author.GetStringAsync(location + "/edit");
        Assert.Contains("value=\"2026-07-01T12:00\"", edit, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Person}\"", edit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateReceiver_SeesThePartnerSummaryAndPseudonyms_NeverTheDescriptionOrTheName()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (author, terminal) = await SignInAsync(web);
        var created = await SlagboomWebFactory.PostFormAsync(author, "/signals/new", Form());
        var location = created.Headers.Location!.OriginalString;

        // Before publishing, the owner sees who will receive it, and how.
        var draft = await author.GetStringAsync(location);
        var audience = Table(draft, "audience");
        Assert.Matches("Maasvlakte Terminal B.V.</td>\\s*<td[^>]*>privaat</td>\\s*<td[^>]*>samenvatting; ontvangt pseudoniemen", audience);
        Assert.Matches("Zeehavenpolitie \\(eigen organisatie\\)</td>", audience);
        Assert.True(draft.IndexOf("data-testid=\"audience\"", StringComparison.Ordinal) < draft.IndexOf("?handler=Publish", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await terminal.GetAsync(location)).StatusCode);

        var published = await SlagboomWebFactory.PostFormAsync(author, location, new Dictionary<string, string>(), location + "?handler=Publish");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var list = await terminal.GetStringAsync("/signals");
        Assert.Contains("Onbekende persoon in de stack", list, StringComparison.Ordinal);
        Assert.Contains(">gepubliceerd</td>", list, StringComparison.Ordinal);
        var html = await terminal.GetStringAsync(location);
        Assert.Contains("data-testid=\"restricted-notice\"", html, StringComparison.Ordinal);
        Assert.Contains(Summary, html, StringComparison.Ordinal);
        Assert.Matches(">pd:[^<]+<", html);
        Assert.Contains("CSQU3054383", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Jan de Vries", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Camera 14", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"reveal\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/edit", html, StringComparison.Ordinal);
        // Not by searching for the name either, and only the owner edits.
        Assert.Contains("data-testid=\"no-signals\"", await terminal.GetStringAsync("/signals?q=Vries"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await terminal.GetAsync(location + "/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await terminal.GetAsync("/signals/no-such-signal")).StatusCode);
    }

    private static string Table(string html, string testId)
    {
        var table = Regex.Match(html, $"<table[^>]*data-testid=\"{testId}\".*?</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table {testId}");
        return table.Value;
    }

    [Fact]
    public async Task Coordinates_WithADutchComma_AreStoredAndShown_AndNonsenseIsAFieldError()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (author, _) = await SignInAsync(web);

        var bad = Form();
        bad["latitude"] = "noord";
        bad["longitude"] = "4,0469";
        var refused = await SlagboomWebFactory.PostFormAsync(author, "/signals/new", bad);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"latitude-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var good = Form();
        good["latitude"] = "51,9565";
        good["longitude"] = "4,0469";
        var created = await SlagboomWebFactory.PostFormAsync(author, "/signals/new", good);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var detail = await author.GetStringAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("51.9565, 4.0469", detail, StringComparison.Ordinal);
    }
}
