using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slagboom.Testing;
using Slagboom.Web.Tests.Signals;

namespace Slagboom.Web.Tests.Search;

public sealed class SearchApiTests
{
    private static async Task<string> PublishAsync(SlagboomWebFactory web, string token, string title, params object[] observables)
    {
        var created = await web.Api(token).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body(title: title, level: "mainport", observables: observables));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await web.Api(token).PostAsync($"/api/v1/signals/{id}/publish", null)).StatusCode);
        return id;
    }

    private static async Task<string[]> HitsAsync(SlagboomWebFactory web, string token, string query)
    {
        var answer = await web.Api(token).GetFromJsonAsync<JsonElement>("/api/v1/search?" + query);
        return [.. answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("signalId").GetString()!)];
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Search_RanksThroughThePolicy_AndAPrivatePartnerFindsOnlyWhatItReceives(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, police) = await web.UserWithTokenAsync("analyst");
        var terminal = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var terminalToken = await web.TokenForAsync((await web.AddUserAsync(terminal, "m@terminal.nl", "member")).User.Email!);
        var id = await PublishAsync(web, police, "Persoon in de stack", new { type = "person", value = "Jan de Vries" }, new { type = "container", value = "TCNU7200794" });

        Assert.Equal([id], await HitsAsync(web, police, "q=bewakingscamera&mainport=RTM&category=intrusion&mo=SEA-T01&tlp=amber"));
        Assert.Empty(await HitsAsync(web, police, "q=bewakingscamera&category=seizure"));
        Assert.Equal([id], await HitsAsync(web, police, "q=%22jan+de+vries%22"));
        Assert.Empty(await HitsAsync(web, terminalToken, "q=bewakingscamera"));
        Assert.Empty(await HitsAsync(web, terminalToken, "q=vries"));
        Assert.Equal([id], await HitsAsync(web, terminalToken, "q=TCNU7200794"));

        var raw = await web.Api(terminalToken).GetStringAsync("/api/v1/search?q=stack");
        Assert.Contains(id, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Bewakingscamera", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Vries", raw, StringComparison.Ordinal);
        var hit = JsonDocument.Parse(raw).RootElement.GetProperty("items")[0];
        // One match, far within the bound of ranked matches: not capped.
        Assert.False(JsonDocument.Parse(raw).RootElement.GetProperty("capped").GetBoolean());
        Assert.Contains(hit.GetProperty("snippet").EnumerateArray(), p => p.GetProperty("match").GetBoolean() && p.GetProperty("text").GetString() == "stack");

        // The contract's q on the list is unchanged beside it.
        var list = await web.Api(police).GetFromJsonAsync<JsonElement>("/api/v1/signals?q=camera");
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Search_WithoutCredentials_Is401_AndABadQueryIsAProblem()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Api(null).GetAsync("/api/v1/search?q=x")).StatusCode);
        var (_, _, token) = await web.UserWithTokenAsync("member");
        var bad = await web.Api(token).GetAsync("/api/v1/search?q=-alleen");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await web.Api(token).GetAsync("/api/v1/search?q=x&from=gisteren")).StatusCode);
        var (_, _, admin) = await web.UserWithTokenAsync("org-admin");
        Assert.Empty(await HitsAsync(web, admin, "q=x"));
    }

    [Fact]
    public async Task SearchPage_ShowsRankedHitsWithMarkedSnippets()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Douane", "public", "RTM");
        var member = await web.AddUserAsync(org, "m@douane.nl", "member");
        var id = await PublishAsync(web, await web.TokenForAsync(member.User.Email!), "Persoon <b>in</b> de stack");
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, member.User.Email!, member.Password);

        var html = await browser.GetStringAsync("/search?q=bewakingscamera&mainport=RTM");

        Assert.True(html.Contains($"href=\"/signals/{id}\"", StringComparison.Ordinal), html[Math.Max(0, html.IndexOf("<main", StringComparison.Ordinal))..]);
        Assert.Contains("<mark>Bewakingscamera</mark>", html, StringComparison.Ordinal);
        Assert.Contains("Persoon &lt;b&gt;in&lt;/b&gt; de stack", html, StringComparison.Ordinal);
        var bad = await browser.GetStringAsync("/search?q=-alleen");
        Assert.Contains("id=\"q-error\"", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreMatchesThanTheBound_AreCapped_AndThePageSaysSo()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite, settings: new Dictionary<string, string> { ["Slagboom:Search:MaxRanked"] = "2" });
        var org = await web.AddOrganisationAsync("Douane", "public", "RTM");
        var member = await web.AddUserAsync(org, "m@douane.nl", "member");
        var token = await web.TokenForAsync(member.User.Email!);
        string[] ids = [await PublishAsync(web, token, "Eerste stack"), await PublishAsync(web, token, "Tweede stack"), await PublishAsync(web, token, "Derde stack")];
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, member.User.Email!, member.Password);

        var capped = await web.Api(token).GetFromJsonAsync<JsonElement>("/api/v1/search?q=stack");
        Assert.True(capped.GetProperty("capped").GetBoolean());
        Assert.Equal(2, capped.GetProperty("items").GetArrayLength());
        var html = await browser.GetStringAsync("/search?q=stack");
        Assert.Contains("data-testid=\"search-capped\"", html, StringComparison.Ordinal);
        Assert.Contains("uit de 2 meest recent vastgelegde signalen", html, StringComparison.Ordinal);
        Assert.Contains(ids[2], html, StringComparison.Ordinal); // the newest written are ranked
        Assert.DoesNotContain(ids[0], html, StringComparison.Ordinal);

        // Within the bound: no notice.
        var one = await browser.GetStringAsync("/search?q=derde");
        Assert.Contains(ids[2], one, StringComparison.Ordinal);
        Assert.DoesNotContain("search-capped", one, StringComparison.Ordinal);
    }
}
