using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Alerts;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Events;

/// <summary>Alerts from ingested events: raised by the running rules, deduplicated, visible only within the mainport, state changes with who and when.</summary>
public sealed class AlertTests
{
    private const string Rule = """
        id: T-FEN-1
        title: Fence climbed
        severity: high
        type: match
        scope: { mainport: RTM }
        where: { kind: fence, alarm: [climb, cut] }
        by: sensor
        """;

    private static string Fence(string id, string sensor, string time) =>
        $$"""{"kind":"fence","time":"{{time}}","mainport":"RTM","source":"fence-ect","site":"ECT-DELTA","id":"{{id}}","sensor":"{{sensor}}","zone":"north","alarm":"climb"}""";

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Events_RaiseDeduplicatedAlerts_SeenOnlyInTheMainport_WithStateChanges(string provider)
    {
        var rules = Directory.CreateTempSubdirectory("slagboom-rules-").FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "fence.yaml"), Rule);
        await using var web = await SlagboomWebFactory.StartAsync(provider, settings: new Dictionary<string, string> { ["Slagboom:Alerts:RulesFolder"] = rules });
        var (_, _, token) = await web.UserWithTokenAsync("member");
        var api = web.Api(token);

        var body = $"[{Fence("f-1", "S-12", "2026-11-28T02:09:40Z")},{Fence("f-2", "S-12", "2026-11-28T02:20:00Z")},{Fence("f-3", "S-99", "2026-11-28T02:21:00Z")}]";
        var posted = await api.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/alerts?mainport=RTM");
        Assert.Equal(2, list.GetArrayLength());
        var s12 = list.EnumerateArray().Single(a => a.GetProperty("key").GetString() == "S-12");
        // The second climb of S-12 within the dedup window counts on the first alert.
        Assert.Equal(2, s12.GetProperty("count").GetInt32());
        Assert.Equal(["f-1", "f-2"], s12.GetProperty("eventIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("new", s12.GetProperty("state").GetString());
        var id = s12.GetProperty("id").GetString()!;

        // An organisation outside RTM sees neither the list nor the alert.
        var zwb = await web.AddOrganisationAsync("Terminal ZWB", "private", "ZWB");
        var outsider = await web.AddUserAsync(zwb, "beveiliging@zwb.nl", "analyst");
        var other = web.Api(await web.TokenForAsync(outsider.User.Email!));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/alerts?mainport=RTM")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/alerts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/alerts/{id}/state", new { action = "close" })).StatusCode);

        var acknowledged = await api.PostAsJsonAsync($"/api/v1/alerts/{id}/state", new { action = "acknowledge" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var ack = await acknowledged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("acknowledged", ack.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(ack.GetProperty("acknowledgedBy").GetString()));
        var assigned = await (await api.PostAsJsonAsync($"/api/v1/alerts/{id}/state", new { action = "assign", assignee = "surveillant 3" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("assigned", "surveillant 3"), (assigned.GetProperty("state").GetString(), assigned.GetProperty("assignedTo").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/alerts/{id}/state", new { action = "ignore" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/alerts/{id}/state", new { action = "close" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/alerts/{id}/state", new { action = "close", reason = "false-alarm" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync($"/api/v1/alerts/{id}/state", new { action = "acknowledge" })).StatusCode);

        // Closed alerts leave the live list; a new climb of S-12 opens a new alert.
        Assert.Single((await api.GetFromJsonAsync<JsonElement>("/api/v1/alerts?mainport=RTM")).EnumerateArray());
        await api.PostAsync("/api/v1/events", new StringContent($"[{Fence("f-4", "S-12", "2026-11-28T02:25:00Z")}]", Encoding.UTF8, "application/json"));
        Assert.Equal(2, await web.Instance.QueryAsync(db => db.Alerts.CountAsync(a => a.Key == "S-12")));
        Assert.Equal(3, await web.Instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == AlertService.ChangeAction && a.Subject == $"alert:{id}")));
        Directory.Delete(rules, recursive: true);
    }
}
