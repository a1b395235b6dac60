using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Signals;

public sealed class CorrelationTests
{
    private static async Task<string> PublishAsync(SlagboomWebFactory web, string token, string title, string level, params object[] observables)
    {
        var created = await web.Api(token).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body(title: title, level: level, tlp: "amber", observables: observables));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await web.Api(token).PostAsync($"/api/v1/signals/{id}/publish", null);
        return id;
    }

    private static async Task<Dictionary<string, string[]>> CorrelatedAsync(SlagboomWebFactory web, string token, string id)
    {
        var answer = await web.Api(token).GetFromJsonAsync<JsonElement>($"/api/v1/signals/{id}/correlations");
        return answer.EnumerateArray().ToDictionary(
            c => c.GetProperty("type").GetString()!,
            c => c.GetProperty("signals").EnumerateArray().Select(s => s.GetProperty("signalId").GetString()!).ToArray());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Correlations_ShowOnlyVisibleSignals_AndPersonalDataOnlyAsReceived(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, police) = await web.UserWithTokenAsync("analyst");
        var terminal = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var terminalToken = await web.TokenForAsync((await web.AddUserAsync(terminal, "m@terminal.nl", "member")).User.Email!);
        object container = new { type = "container", value = "CSQU3054383" };
        object person = new { type = "person", value = "Jan de Vries" };

        var first = await PublishAsync(web, police, "Eerste", "mainport", container, person);
        var second = await PublishAsync(web, police, "Tweede", "mainport", container, person);
        var hidden = await PublishAsync(web, police, "Alleen eigen organisatie", "organisation", container, person);

        var forPolice = await CorrelatedAsync(web, police, first);
        Assert.Equal(new[] { hidden, second }.Order(), forPolice["container"].Order());
        var forTerminal = await CorrelatedAsync(web, terminalToken, first);
        Assert.Equal([second], forTerminal["container"]);
        // The terminal gets pseudonyms in both signals, so the same pseudonym correlates them; nothing of the hidden one shows.
        Assert.Equal([second], forTerminal["person"]);
        var raw = await web.Api(terminalToken).GetStringAsync($"/api/v1/signals/{first}/correlations");
        Assert.DoesNotContain("Vries", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden, raw, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Sightings_AreNewestFirst_PageByCursor_AndFollowAnEditedTimeOfOccurrence(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, token) = await web.UserWithTokenAsync("analyst");
        async Task<string> CreateAsync(string title, string occurredAt)
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(SignalApiTests.Body(title: title)))!;
            body["occurredAt"] = occurredAt;
            var created = await web.Api(token).PostAsJsonAsync("/api/v1/signals", body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        async Task<(string[] Ids, string? Next)> PageAsync(string? cursor)
        {
            var answer = await web.Api(token).GetFromJsonAsync<JsonElement>(
                "/api/v1/observables/container/TCNU7200794/sightings?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var next = answer.GetProperty("next");
            return ([.. answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("signalId").GetString()!)],
                next.ValueKind == JsonValueKind.Null ? null : next.GetString());
        }

        var march = await CreateAsync("Maart", "2026-03-01T10:00:00+01:00");
        var june = await CreateAsync("Juni", "2026-06-01T10:00:00+02:00");
        var september = await CreateAsync("September", "2026-09-01T10:00:00+02:00");

        var first = await PageAsync(null);
        Assert.Equal([september, june], first.Ids);
        Assert.NotNull(first.Next);
        var second = await PageAsync(first.Next);
        Assert.Equal([march], second.Ids);
        Assert.Null(second.Next);

        // March's signal now says it happened in October: it moves to the front.
        var edited = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(SignalApiTests.Body(title: "Oktober")))!;
        edited["occurredAt"] = "2026-10-01T10:00:00+02:00";
        Assert.Equal(HttpStatusCode.OK, (await web.Api(token).PutAsJsonAsync($"/api/v1/signals/{march}", edited)).StatusCode);
        Assert.Equal([march, september], (await PageAsync(null)).Ids);
    }

    [Fact]
    public async Task ExcludedValues_AreNotCorrelated_AndOnlyAnalystsKeepTheList()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, analyst) = await web.UserWithTokenAsync("analyst");
        var (_, _, member) = await web.UserWithTokenAsync("member");
        object phone = new { type = "phone", value = "010 123 4567" };
        var first = await PublishAsync(web, analyst, "Eerste", "national", phone);
        await PublishAsync(web, analyst, "Tweede", "national", phone);
        Assert.Single((await CorrelatedAsync(web, analyst, first))["phone"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await web.Api(member).PostAsJsonAsync("/api/v1/correlation-exclusions", new { type = "phone", value = "0101234567", reason = "x" })).StatusCode);
        var excluded = await web.Api(analyst).PostAsJsonAsync("/api/v1/correlation-exclusions", new { type = "phone", value = "+31 10 123 4567", reason = "Algemeen nummer van de portiersloge" });
        Assert.Equal(HttpStatusCode.Created, excluded.StatusCode);

        var after = await web.Api(analyst).GetFromJsonAsync<JsonElement>($"/api/v1/signals/{first}/correlations");
        Assert.True(after[0].GetProperty("excluded").GetBoolean());
        Assert.Equal(0, after[0].GetProperty("signals").GetArrayLength());
        var id = (await excluded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await web.Api(analyst).DeleteAsync($"/api/v1/correlation-exclusions/{id}")).StatusCode);
        Assert.Single((await CorrelatedAsync(web, analyst, first))["phone"]);
    }

    [Fact]
    public async Task DetailPage_LinksTheOtherSignalsWithTheSameValue()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Douane", "public", "RTM");
        var member = await web.AddUserAsync(org, "m@douane.nl", "member");
        var token = await web.TokenForAsync(member.User.Email!);
        object container = new { type = "container", value = "TCNU7200794" };
        var first = await PublishAsync(web, token, "Scan afwijkend", "mainport", container);
        var second = await PublishAsync(web, token, "Zegel verbroken", "mainport", container);
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, member.User.Email!, member.Password);

        var html = await browser.GetStringAsync($"/signals/{first}");

        Assert.Contains("data-testid=\"correlations\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/signals/{second}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Graph_TwoHopsOut_HoldsOnlyWhatTheCallerMaySee_AsJsonAndGraphMl(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, police) = await web.UserWithTokenAsync("analyst");
        var terminal = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var terminalToken = await web.TokenForAsync((await web.AddUserAsync(terminal, "m@terminal.nl", "member")).User.Email!);
        object container = new { type = "container", value = "CSQU3054383" };
        object person = new { type = "person", value = "Jan de Vries" };
        var first = await PublishAsync(web, police, "Eerste", "mainport", container, person);
        var second = await PublishAsync(web, police, "Tweede", "mainport", container);
        var hidden = await PublishAsync(web, police, "Verborgen", "organisation", container, person);

        var full = await web.Api(police).GetFromJsonAsync<JsonElement>($"/api/v1/signals/{first}/graph");
        var fullIds = full.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToHashSet();
        Assert.Contains($"signal:{hidden}", fullIds);
        Assert.Contains($"signal:{second}", fullIds);

        var partner = await web.Api(terminalToken).GetStringAsync($"/api/v1/signals/{first}/graph");
        Assert.DoesNotContain(hidden, partner, StringComparison.Ordinal);
        Assert.DoesNotContain("Vries", partner, StringComparison.Ordinal);
        Assert.Contains(second, partner, StringComparison.Ordinal);
        var graphml = await web.Api(terminalToken).GetAsync($"/api/v1/signals/{first}/graph?format=graphml");
        Assert.Equal("application/graphml+xml", graphml.Content.Headers.ContentType?.MediaType);
        var xml = System.Xml.Linq.XDocument.Parse(await graphml.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        Assert.Equal(4, xml.Descendants(ns + "node").Count());
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(terminalToken).GetAsync($"/api/v1/signals/{hidden}/graph")).StatusCode);
    }
}
