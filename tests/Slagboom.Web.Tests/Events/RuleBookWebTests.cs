using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Events;

/// <summary>The rules and watch-list API and pages: create, YAML errors with lines, publish, 404 outside the mainport or for non-editors, CSV import.</summary>
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
}
