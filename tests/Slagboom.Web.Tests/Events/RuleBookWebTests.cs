using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Events;

/// <summary>
/// The rules and watch-list API and pages: create, YAML errors with lines, publish, 404 outside the mainport or for
/// non-editors, CSV import; renaming and deleting a watch list (refused, naming the rules, while rules use it).
/// </summary>
public sealed class RuleBookWebTests
{
    private const string Rule = """
        id: RTM-FEN-7
        title: Hek beklommen
        severity: high
        type: match
        where: { kind: fence, alarm: climb }
        by: sensor
        """;

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Api_CreatePublishAndImport_ErrorsHaveLines_OthersGet404(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var org = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var analyst = await web.AddUserAsync(org, "analist@terminal.nl", "analyst");
        var member = await web.AddUserAsync(org, "wacht@terminal.nl", "member");
        var zwb = await web.AddOrganisationAsync("Terminal ZWB", "private", "ZWB");
        var outsider = await web.AddUserAsync(zwb, "analist@zwb.nl", "analyst");
        var api = web.Api(await web.TokenForAsync(analyst.User.Email!));
        var reader = web.Api(await web.TokenForAsync(member.User.Email!));
        var other = web.Api(await web.TokenForAsync(outsider.User.Email!));

        var bad = await api.PostAsJsonAsync("/api/v1/rules", new { mainport = "RTM", yaml = Rule.Replace("by: sensor", "by: sensr", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("6:", problem.GetProperty("errors").GetProperty("yaml")[0].GetString(), StringComparison.Ordinal);

        var created = await api.PostAsJsonAsync("/api/v1/rules", new { mainport = "RTM", yaml = Rule, comment = "eerste" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/rules/RTM-FEN-7/publish", new { version = 1 })).StatusCode);
        var listed = await reader.GetFromJsonAsync<JsonElement>("/api/v1/rules?mainport=RTM");
        Assert.Equal(("RTM-FEN-7", "active", 1), (listed[0].GetProperty("id").GetString(), listed[0].GetProperty("status").GetString(), listed[0].GetProperty("activeVersion").GetInt32()));

        // Readers read but may not change; another mainport's people see nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostAsJsonAsync("/api/v1/rules/RTM-FEN-7/versions", new { yaml = Rule })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/rules/RTM-FEN-7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/rules?mainport=RTM")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync("/api/v1/rules/RTM-FEN-7/backtest", new { })).StatusCode);

        var list = await (await api.PostAsJsonAsync("/api/v1/watchlists", new { mainport = "RTM", name = "plates-of-interest", type = "plates" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = list.GetProperty("id").GetString();
        var csv = new StringContent("value,note\nDE:HH-AB 1234,douane\nDE:!!,fout\n12-abc-3,\n", Encoding.UTF8, "text/csv");
        var imported = await (await api.PostAsync($"/api/v1/watchlists/{id}/import", csv)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, imported.GetProperty("added").GetInt32());
        Assert.Equal(3, imported.GetProperty("problems")[0].GetProperty("line").GetInt32());
        var entries = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/watchlists/{id}/entries");
        Assert.Equal(["12ABC3", "DE:HHAB1234"], entries.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("value").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/watchlists/{id}/entries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostAsJsonAsync($"/api/v1/watchlists/{id}/entries", new { value = "NL:12ABC3" })).StatusCode);
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "watchlist.read" && a.Subject == $"watchlist:{id}" && a.UserId == member.User.Id)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Pages_ReaderSeesListAndHistory_CannotSave_OutsiderGets404(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var org = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var analyst = await web.AddUserAsync(org, "analist@terminal.nl", "analyst");
        var api = web.Api(await web.TokenForAsync(analyst.User.Email!));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/rules", new { mainport = "RTM", yaml = Rule })).StatusCode);
        var member = await web.AddUserAsync(org, "wacht@terminal.nl", "member");
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, member.User.Email!, member.Password);

        var index = await browser.GetStringAsync("/rules");
        Assert.Contains("RTM-FEN-7", index, StringComparison.Ordinal);
        Assert.DoesNotContain("/rules/new", index, StringComparison.Ordinal);
        var page = await browser.GetStringAsync("/rules/RTM-FEN-7");
        Assert.Contains("Hek beklommen", page, StringComparison.Ordinal);
        Assert.DoesNotContain("rule-editor", page, StringComparison.Ordinal);
        var save = await SlagboomWebFactory.PostFormAsync(browser, "/account", new Dictionary<string, string> { ["yaml"] = Rule }, "/rules/RTM-FEN-7?handler=Save");
        Assert.Equal(HttpStatusCode.NotFound, save.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/rules/new?mainport=RTM")).StatusCode);

        var zwb = await web.AddOrganisationAsync("Terminal ZWB", "private", "ZWB");
        var outsider = await web.AddUserAsync(zwb, "m@zwb.nl", "member");
        var other = web.Browser();
        await SlagboomWebFactory.SignInAsync(other, outsider.User.Email!, outsider.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/rules/RTM-FEN-7")).StatusCode);
        Assert.DoesNotContain("RTM-FEN-7", await other.GetStringAsync("/rules?mainport=RTM"), StringComparison.Ordinal);
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.RuleVersions.CountAsync()));
    }

    private const string ListRule = "id: RTM-ANPR-1\ntitle: Listed plate\nseverity: high\ntype: watchlist\nlist: plates-of-interest\nwhere: { kind: anpr }\n";

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Api_RenameAndDeleteWatchlist_409NamesTheRules_WhileUsed_OthersGet404(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var org = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var analyst = await web.AddUserAsync(org, "analist@terminal.nl", "analyst");
        var member = await web.AddUserAsync(org, "wacht@terminal.nl", "member");
        var zwb = await web.AddOrganisationAsync("Terminal ZWB", "private", "ZWB");
        var outsider = await web.AddUserAsync(zwb, "analist@zwb.nl", "analyst");
        var api = web.Api(await web.TokenForAsync(analyst.User.Email!));
        var reader = web.Api(await web.TokenForAsync(member.User.Email!));
        var other = web.Api(await web.TokenForAsync(outsider.User.Email!));

        var list = await (await api.PostAsJsonAsync("/api/v1/watchlists", new { mainport = "RTM", name = "kentekens", type = "plates" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = list.GetProperty("id").GetString();
        await api.PostAsync($"/api/v1/watchlists/{id}/import", new StringContent("DE:HH-AB 1234\n12-abc-3\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/watchlists", new { mainport = "RTM", name = "passes", type = "passes" })).StatusCode);

        // Rename, with a description; a name in use and a bad name are refused with the field or the clash.
        var renamed = await api.PutAsJsonAsync($"/api/v1/watchlists/{id}", new { name = "plates-of-interest", description = "Tips van de douane" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("plates-of-interest", "Tips van de douane", 2), (body.GetProperty("name").GetString(), body.GetProperty("description").GetString(), body.GetProperty("entries").GetInt32()));
        var clash = await api.PutAsJsonAsync($"/api/v1/watchlists/{id}", new { name = "passes" });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Contains("'passes'", (await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var empty = await api.PutAsJsonAsync($"/api/v1/watchlists/{id}", new { name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));

        // A published rule names the list: rename and delete answer 409 naming it.
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/rules", new { mainport = "RTM", yaml = ListRule })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/rules/RTM-ANPR-1/publish", new { })).StatusCode);
        foreach (var refused in new[] { await api.PutAsJsonAsync($"/api/v1/watchlists/{id}", new { name = "nieuw" }), await api.DeleteAsync($"/api/v1/watchlists/{id}") })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["RTM-ANPR-1"], problem.GetProperty("usedBy").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains("RTM-ANPR-1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Readers and other mainports: 404 for both, and nothing changes.
        foreach (var client in new[] { reader, other })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/watchlists/{id}", new { name = "weg" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/watchlists/{id}")).StatusCode);
        }

        // Once the rule is retired the list goes, with its entries; the audit entry counts them and names none.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/rules/RTM-ANPR-1/retire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/watchlists/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/watchlists/{id}/entries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/v1/watchlists/{id}")).StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.WatchlistEntries.CountAsync(e => e.WatchlistId == id)));
        Assert.Equal(["passes"], (await api.GetFromJsonAsync<JsonElement>("/api/v1/watchlists?mainport=RTM")).EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        var audited = await web.Instance.QueryAsync(db => db.AuditEntries.Where(a => a.Subject == $"watchlist:{id}").OrderBy(a => a.Id).Select(a => new { a.Action, a.Purpose, a.UserId }).ToListAsync());
        Assert.Equal(["watchlist.create", "watchlist.import", "watchlist.edit", "watchlist.delete"], audited.Select(a => a.Action));
        var deleted = audited[^1];
        Assert.Equal(analyst.User.Id, deleted.UserId);
        Assert.Contains("2 entries", deleted.Purpose, StringComparison.Ordinal);
        Assert.DoesNotContain("HHAB1234", deleted.Purpose, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Pages_RenameAndDelete_ThroughTheForms_RefusalNamesTheRule_DeleteNeedsTheConfirmBox(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var org = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var analyst = await web.AddUserAsync(org, "analist@terminal.nl", "analyst");
        var member = await web.AddUserAsync(org, "wacht@terminal.nl", "member");
        var api = web.Api(await web.TokenForAsync(analyst.User.Email!));
        var id = (await (await api.PostAsJsonAsync("/api/v1/watchlists", new { mainport = "RTM", name = "plates-of-interest", type = "plates" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await api.PostAsync($"/api/v1/watchlists/{id}/import", new StringContent("DE:HH-AB 1234\n12-abc-3\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/rules", new { mainport = "RTM", yaml = ListRule })).StatusCode);
        var page = $"/watchlists/{id}";
        var browser = await AuditPageTests.SignInWithSecondFactorAsync(web, analyst);
        async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // The page names the rule that uses the list and offers no delete form; posted anyway, both are refused naming it.
        var shown = await HtmlAsync(await browser.GetAsync(page));
        Assert.Contains("data-testid=\"used-by\"", shown, StringComparison.Ordinal);
        Assert.Contains("href=\"/rules/RTM-ANPR-1\"", shown, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"delete-blocked\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Delete", shown, StringComparison.Ordinal);
        var rename = await SlagboomWebFactory.PostFormAsync(browser, page, new Dictionary<string, string> { ["name"] = "kentekens", ["description"] = "" }, page + "?handler=Edit");
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Contains("De naam kan niet veranderen: de regels RTM-ANPR-1 noemen de lijst bij deze naam.", await HtmlAsync(rename), StringComparison.Ordinal);
        var delete = await SlagboomWebFactory.PostFormAsync(browser, page, new Dictionary<string, string> { ["confirm"] = "true" }, page + "?handler=Delete");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Contains("De lijst is niet verwijderd: de regels RTM-ANPR-1 gebruiken haar.", await HtmlAsync(delete), StringComparison.Ordinal);

        // A new draft version without the list frees it: rename (bad name first), then delete after ticking the box.
        var other = ListRule.Replace("type: watchlist\nlist: plates-of-interest\n", "type: match\n", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/rules/RTM-ANPR-1/versions", new { yaml = other })).StatusCode);
        var bad = await SlagboomWebFactory.PostFormAsync(browser, page, new Dictionary<string, string> { ["name"] = "Kentekens!", ["description"] = "" }, page + "?handler=Edit");
        Assert.Contains("data-testid=\"name-error\"", await HtmlAsync(bad), StringComparison.Ordinal);
        var renamed = await SlagboomWebFactory.PostFormAsync(browser, page, new Dictionary<string, string> { ["name"] = "kentekens", ["description"] = "Tips van de douane" }, page + "?handler=Edit");
        Assert.Equal((HttpStatusCode.Redirect, page), (renamed.StatusCode, renamed.Headers.Location?.OriginalString));
        var after = await HtmlAsync(await browser.GetAsync(page));
        Assert.Contains("De volglijst kentekens is bijgewerkt.", after, StringComparison.Ordinal);
        Assert.Contains("Tips van de douane", after, StringComparison.Ordinal);
        Assert.Contains("handler=Delete", after, StringComparison.Ordinal);

        var unconfirmed = await SlagboomWebFactory.PostFormAsync(browser, page, new Dictionary<string, string>(), page + "?handler=Delete");
        Assert.Contains("Vink het vakje aan", await HtmlAsync(unconfirmed), StringComparison.Ordinal);
        Assert.True(await web.Instance.QueryAsync(db => db.Watchlists.AnyAsync(w => w.Id == id)));

        // A reader sees neither form (the antiforgery token comes from another page) and gets 404 when posting.
        var readerBrowser = web.Browser();
        await SlagboomWebFactory.SignInAsync(readerBrowser, member.User.Email!, member.Password);
        Assert.DoesNotContain("handler=Edit", await HtmlAsync(await readerBrowser.GetAsync(page)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await SlagboomWebFactory.PostFormAsync(readerBrowser, "/account", new Dictionary<string, string> { ["confirm"] = "true" }, page + "?handler=Delete")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SlagboomWebFactory.PostFormAsync(readerBrowser, "/account", new Dictionary<string, string> { ["name"] = "weg" }, page + "?handler=Edit")).StatusCode);

        var deleted = await SlagboomWebFactory.PostFormAsync(browser, page, new Dictionary<string, string> { ["confirm"] = "true" }, page + "?handler=Delete");
        Assert.Equal((HttpStatusCode.Redirect, "/watchlists?mainport=RTM"), (deleted.StatusCode, deleted.Headers.Location?.OriginalString));
        var index = await HtmlAsync(await browser.GetAsync("/watchlists?mainport=RTM"));
        Assert.Contains("De volglijst kentekens is verwijderd, met alle waarden (2).", index, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"watchlists-empty\"", index, StringComparison.Ordinal);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.WatchlistEntries.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(page)).StatusCode);
    }
}
