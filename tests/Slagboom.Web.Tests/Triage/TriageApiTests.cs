using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Triage;

/// <summary>/api/v1/triage and the figures on the mainport page: who sees what, and problem details for bad input.</summary>
public sealed class TriageApiTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Inbox_ShowsAnonymousAndStaffReportsToReceivingAnalysts_AndNothingToOthers(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var world = await WorldAsync(web);
        var anonymous = await web.Api(null).PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text = "Vreemde man in de stack" });
        Assert.Equal(HttpStatusCode.Created, anonymous.StatusCode);
        var staff = await web.Api(world.MemberToken).PostAsJsonAsync("/api/v1/staff-reports", new { mainport = "RTM", what = "Container verzet zonder opdracht" });
        Assert.True(staff.IsSuccessStatusCode, await staff.Content.ReadAsStringAsync());

        var analyst = web.Api(world.AnalystToken);
        var items = await ItemsAsync(analyst, "/api/v1/triage/items");
        Assert.Equal(["staff", "anonymous"], items.Select(i => i.GetProperty("channel").GetString()));
        Assert.All(items, i => Assert.Equal(("RTM", "new", "normal"), (i.GetProperty("mainport").GetString(), i.GetProperty("state").GetString(), i.GetProperty("priority").GetString())));
        Assert.True(items[0].TryGetProperty("ageSeconds", out _) && items[0].TryGetProperty("receivedAt", out _));
        Assert.DoesNotContain("Container verzet", items[0].GetRawText(), StringComparison.Ordinal);
        Assert.Single(await ItemsAsync(analyst, "/api/v1/triage/items?channel=staff"));

        var staffId = items[0].GetProperty("id").GetString()!;
        foreach (var outsider in new[] { world.OtherAnalystToken, world.MemberToken })
        {
            var client = web.Api(outsider);
            Assert.Empty(await ItemsAsync(client, "/api/v1/triage/items?state=all"));
            await AssertNotFoundAsync(await client.GetAsync($"/api/v1/triage/items/staff/{staffId}"));
            await AssertNotFoundAsync(await client.PutAsJsonAsync($"/api/v1/triage/items/staff/{staffId}/priority", new { priority = "high" }));
            await AssertNotFoundAsync(await client.PostAsJsonAsync($"/api/v1/triage/items/staff/{staffId}/dismiss", new { reason = "weg" }));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Api(null).GetAsync("/api/v1/triage/items")).StatusCode);
        var badFilter = await analyst.GetAsync("/api/v1/triage/items?priority=soon");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Equal("application/problem+json", badFilter.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Classify_Priority_Signal_Dismiss_Merge_OverTheApi(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var world = await WorldAsync(web);
        var analyst = web.Api(world.AnalystToken);
        for (var n = 0; n < 2; n++)
        {
            Assert.True((await web.Api(world.MemberToken).PostAsJsonAsync("/api/v1/staff-reports", new { mainport = "RTM", what = $"Melding {n}" })).IsSuccessStatusCode);
        }

        var ids = (await ItemsAsync(analyst, "/api/v1/triage/items")).Select(i => i.GetProperty("id").GetString()!).ToList();

        var bad = await analyst.PutAsJsonAsync($"/api/v1/triage/items/staff/{ids[0]}/classification",
            new { category = "incident", observables = new[] { new { type = "container", value = "CSQU3054384" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var reason = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("observables[0].value")[0].GetString();
        Assert.Contains("check digit", reason, StringComparison.Ordinal);

        var classified = await analyst.PutAsJsonAsync($"/api/v1/triage/items/staff/{ids[0]}/classification",
            new { category = "intrusion", modusOperandi = new[] { "SEA-C01" }, processStep = 4, observables = new[] { new { type = "container", value = "CSQU3054383" } } });
        Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        var priority = await analyst.PutAsJsonAsync($"/api/v1/triage/items/staff/{ids[0]}/priority", new { priority = "urgent" });
        Assert.Equal("urgent", (await priority.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("priority").GetString());

        var signal = new { title = "Indringing", description = "Analist: container verzet.", occurredAt = web.Instance.Clock.GetUtcNow().AddHours(-1), distribution = new { level = "organisation" }, tlp = "amber" };
        var made = await analyst.PostAsJsonAsync($"/api/v1/triage/items/staff/{ids[0]}/signal", signal);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var a = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signalId").GetString()!;
        var madeB = await analyst.PostAsJsonAsync($"/api/v1/triage/items/staff/{ids[1]}/signal", signal with { title = "Dubbel" } );
        Assert.Equal(HttpStatusCode.BadRequest, madeB.StatusCode); // no category yet: the signal's own field error
        Assert.True((await analyst.PutAsJsonAsync($"/api/v1/triage/items/staff/{ids[1]}/classification", new { category = "intrusion", observables = new[] { new { type = "imo", value = "9319466" } } })).IsSuccessStatusCode);
        var b = (await (await analyst.PostAsJsonAsync($"/api/v1/triage/items/staff/{ids[1]}/signal", signal)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signalId").GetString()!;

        // Merge B into A: B leaves the signal list; A names B's observable; undo puts everything back.
        var merged = await analyst.PostAsJsonAsync("/api/v1/triage/merges", new { into = a, signal = b });
        Assert.Equal(HttpStatusCode.Created, merged.StatusCode);
        Assert.Equal([a], await SignalIdsAsync(analyst));
        Assert.Equal(2, (await (await analyst.GetAsync($"/api/v1/signals/{a}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("observables").GetArrayLength());
        var item = await (await analyst.GetAsync($"/api/v1/triage/items/staff/{ids[1]}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a, item.GetProperty("mergedInto").GetString());
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsJsonAsync("/api/v1/triage/unmerge", new { signal = b })).StatusCode);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), (await SignalIdsAsync(analyst)).Order(StringComparer.Ordinal));
        Assert.Equal(1, (await (await analyst.GetAsync($"/api/v1/signals/{a}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("observables").GetArrayLength());

        // Another organisation cannot merge our signals, nor we one of theirs that we cannot see.
        await AssertNotFoundAsync(await web.Api(world.OtherAnalystToken).PostAsJsonAsync("/api/v1/triage/merges", new { into = a, signal = b }));
        var theirs = await web.Api(world.OtherAnalystToken).PostAsJsonAsync("/api/v1/signals",
            new { title = "Van de douane", signal.description, signal.occurredAt, category = "incident", mainport = "RTM", signal.distribution, signal.tlp });
        var theirId = (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await AssertNotFoundAsync(await analyst.PostAsJsonAsync("/api/v1/triage/merges", new { into = a, signal = theirId }));
        await AssertNotFoundAsync(await analyst.PostAsJsonAsync("/api/v1/triage/merges", new { into = theirId, signal = a }));

        // Dismiss needs a reason; a made signal cannot be dismissed (409).
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsJsonAsync($"/api/v1/triage/items/staff/{ids[0]}/dismiss", new { reason = "toch niet" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task MainportPage_ShowsWeeklyFiguresToReceivingAnalysts_AndOnlySuppressedTotalsToOthers(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var world = await WorldAsync(web);
        Assert.True((await web.Api(null).PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text = "Geheim verhaal" })).IsSuccessStatusCode);

        var analyst = await SignedInAsync(web, world.Analyst);
        var page = await (await analyst.GetAsync("/mainports/RTM")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"figures-weeks\"", page, StringComparison.Ordinal);
        Assert.Contains("data-chart-series", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"total-anonymous\">1<", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Geheim verhaal", page, StringComparison.Ordinal);

        var other = await SignedInAsync(web, world.OtherAnalyst);
        var otherPage = await (await other.GetAsync("/mainports/RTM")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"report-figures\"", otherPage, StringComparison.Ordinal);
        Assert.DoesNotContain("figures-weeks", otherPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"total-anonymous\">minder dan 5<", otherPage, StringComparison.Ordinal);
    }

    private sealed record World(NewUser Analyst, string AnalystToken, NewUser OtherAnalyst, string OtherAnalystToken, string MemberToken);

    private static async Task<World> WorldAsync(SlagboomWebFactory web)
    {
        var police = await web.AddOrganisationAsync("Politie " + Guid.NewGuid().ToString("N")[..6], "public", "RTM");
        var customs = await web.AddOrganisationAsync("Douane " + Guid.NewGuid().ToString("N")[..6], "public", "RTM");
        var terminal = await web.AddOrganisationAsync("Terminal " + Guid.NewGuid().ToString("N")[..6], "private", "RTM");
        var set = await web.Instance.RunAsync<ReportingSetup, Result<IReadOnlyList<string>>>(s => s.SetReceiversAsync(Actor.Operator, "RTM", [police]));
        Assert.True(set.Ok);
        var analyst = await web.AddUserAsync(police, $"analist-{Guid.NewGuid():N}@politie.test", "analyst");
        var other = await web.AddUserAsync(customs, $"analist-{Guid.NewGuid():N}@douane.test", "analyst");
        var member = await web.AddUserAsync(terminal, $"lid-{Guid.NewGuid():N}@terminal.test", "member");
        return new World(analyst, await web.TokenForAsync(analyst.User.Email!), other, await web.TokenForAsync(other.User.Email!), await web.TokenForAsync(member.User.Email!));
    }

    private static Task<HttpClient> SignedInAsync(SlagboomWebFactory web, NewUser user) => AuditPageTests.SignInWithSecondFactorAsync(web, user);

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }

    private static async Task<List<string>> SignalIdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/signals")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
