using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Alerts;
using Slagboom.Core.Triage;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Alerts;

/// <summary>
/// The control room: the live feed and the /alerts pages (visibility per mainport, keyset pages, state changes
/// through the page's forms, the audited detail with events and history) and promotion to the triage inbox.
/// </summary>
public sealed class AlertControlRoomTests
{
    // Medium: stays out of the triage inbox until someone promotes it. High: goes there by itself (the default threshold).
    private const string Rules = """
        id: T-FEN-1
        title: Fence climbed
        severity: medium
        type: match
        scope: { mainport: RTM }
        where: { kind: fence, alarm: [climb, cut] }
        by: sensor
        ---
        id: T-SITE-1
        title: Activity at the site
        severity: medium
        type: match
        scope: { mainport: RTM }
        where: { kind: [gate, anpr, access] }
        by: site
        ---
        id: T-CUT-1
        title: Fence cut
        severity: high
        type: match
        scope: { mainport: RTM }
        where: { kind: fence, alarm: cut }
        by: sensor
        """;

    private static string Fence(string id, string sensor, string time, string alarm = "climb") =>
        $$"""{"kind":"fence","time":"{{time}}","mainport":"RTM","source":"fence-ect","site":"ECT-DELTA","id":"{{id}}","sensor":"{{sensor}}","zone":"north","alarm":"{{alarm}}"}""";

    private const string SiteEvents = """
        [{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos-apmt","site":"APMT-MV2","id":"gate-1","gate":"lane-4","direction":"in","containers":["CSQU3054383"],"plate":"DE:HHAB1284","carrierEan":"8712345678906","driverCard":"XS-0012345","visit":"TAR-77812"},
         {"kind":"anpr","time":"2026-11-27T10:01:00Z","mainport":"RTM","source":"alpr-mv2","site":"APMT-MV2","id":"anpr-1","camera":"MV2-ANPR-03","direction":"in","country":"DE","candidates":[{"plate":"HHAB1284","confidence":0.93},{"plate":"HHAB1234","confidence":0.61},{"plate":"HHA81Z84","confidence":0.2}]},
         {"kind":"access","time":"2026-11-27T10:02:00Z","mainport":"RTM","source":"genetec","site":"APMT-MV2","id":"acc-1","pass":"P-100234","reader":"MV2-R12","zone":"stack","granted":false,"reason":"revoked"}]
        """;

    private sealed record World(SlagboomWebFactory Web, HttpClient Member, HttpClient Analyst, HttpClient Outsider, HttpClient MemberBrowser, HttpClient OutsiderBrowser, string Rules) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Web.DisposeAsync();
            Directory.Delete(Rules, recursive: true);
        }
    }

    private static async Task<World> StartAsync(string provider)
    {
        var rules = Directory.CreateTempSubdirectory("slagboom-rules-").FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "rules.yaml"), Rules);
        var web = await SlagboomWebFactory.StartAsync(provider, settings: new Dictionary<string, string> { ["Slagboom:Alerts:RulesFolder"] = rules });
        var rtm = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var member = await web.AddUserAsync(rtm, "operator@terminal-rtm.nl", "member");
        var police = await web.AddOrganisationAsync("Politie RTM", "public", "RTM");
        await web.AddUserAsync(police, "analist@politie-rtm.nl", "analyst");
        var zwb = await web.AddOrganisationAsync("Terminal ZWB", "private", "ZWB");
        var outsider = await web.AddUserAsync(zwb, "operator@terminal-zwb.nl", "member");
        var memberBrowser = web.Browser();
        await SlagboomWebFactory.SignInAsync(memberBrowser, member.User.Email!, member.Password);
        var outsiderBrowser = web.Browser();
        await SlagboomWebFactory.SignInAsync(outsiderBrowser, outsider.User.Email!, outsider.Password);
        return new World(web, web.Api(await web.TokenForAsync(member.User.Email!)), web.Api(await web.TokenForAsync("analist@politie-rtm.nl")),
            web.Api(await web.TokenForAsync(outsider.User.Email!)), memberBrowser, outsiderBrowser, rules);
    }

    private static async Task PostEventsAsync(HttpClient api, string body)
    {
        var posted = await api.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var outcome = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, outcome.GetProperty("rejected").GetInt32());
    }

    private static async Task<List<JsonElement>> FeedAsync(HttpClient api, string query = "mainport=RTM")
    {
        var response = await api.GetAsync("/api/v1/alerts/feed?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Feed_ShowsNewAlertsAfterIngest_InKeysetPages_AndNothingToAnotherMainport(string provider)
    {
        await using var world = await StartAsync(provider);
        Assert.Empty(await FeedAsync(world.Member));

        await PostEventsAsync(world.Member, $"[{Fence("f-1", "S-12", "2026-11-28T02:09:40Z")},{Fence("f-2", "S-12", "2026-11-28T02:20:00Z")}]");
        var first = Assert.Single(await FeedAsync(world.Member));
        Assert.Equal(("T-FEN-1", "medium", "new", 2, "ECT-DELTA"), (first.GetProperty("ruleId").GetString(), first.GetProperty("severity").GetString(),
            first.GetProperty("state").GetString(), first.GetProperty("count").GetInt32(), first.GetProperty("site").GetString()));
        // The list names no pass or plate: no key, no event content.
        Assert.False(first.TryGetProperty("key", out _));

        // The next poll after another event shows the new alert on top.
        await PostEventsAsync(world.Member, $"[{Fence("f-3", "S-99", "2026-11-28T02:30:00Z")}]");
        var polled = await FeedAsync(world.Member);
        Assert.Equal(2, polled.Count);
        Assert.NotEqual(first.GetProperty("id").GetString(), polled[0].GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("id").GetString(), polled[1].GetProperty("id").GetString());

        // Keyset pages: one per page, the cursor leads to the next, the last has no next.
        var page1 = await world.Member.GetFromJsonAsync<JsonElement>("/api/v1/alerts/feed?mainport=RTM&limit=1");
        var next = page1.GetProperty("next").GetString();
        Assert.False(string.IsNullOrEmpty(next));
        var page2 = await world.Member.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/feed?mainport=RTM&limit=1&cursor={Uri.EscapeDataString(next!)}");
        Assert.Equal(polled[1].GetProperty("id").GetString(), page2.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);

        // Filters, and bad ones refused with the field.
        Assert.Equal(2, (await FeedAsync(world.Member, "mainport=rtm&severity=medium&status=new")).Count);
        Assert.Empty(await FeedAsync(world.Member, "mainport=RTM&severity=critical"));
        foreach (var bad in new[] { "status=gone", "severity=urgent", "cursor=bm90LWEtY3Vyc29y" })
        {
            var refused = await world.Member.GetAsync("/api/v1/alerts/feed?mainport=RTM&" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(bad.Split('=')[0], await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Another mainport's user: 404 for the feed, the detail and every action; the page shows none of it.
        Assert.Equal(HttpStatusCode.NotFound, (await world.Outsider.GetAsync("/api/v1/alerts/feed?mainport=RTM")).StatusCode);
        var id = first.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await world.Outsider.PostAsync($"/api/v1/alerts/{id}/promote", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.OutsiderBrowser.GetAsync($"/alerts/{id}")).StatusCode);
        var outsiderPage = await world.OutsiderBrowser.GetAsync("/alerts?mainport=RTM");
        Assert.Equal(HttpStatusCode.OK, outsiderPage.StatusCode);
        var outsiderHtml = await outsiderPage.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Fence climbed", outsiderHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"RTM\"", outsiderHtml, StringComparison.Ordinal);
        Assert.Contains("<option value=\"ZWB\"", outsiderHtml, StringComparison.Ordinal);
        Assert.Equal(0, await world.Web.Instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == AlertService.ReadAction && a.Outcome == "ok")));

        // The member's page lists both, with the count of the deduplicated one, and the feed address for the script.
        var html = WebUtility.HtmlDecode(await (await world.MemberBrowser.GetAsync("/alerts")).Content.ReadAsStringAsync());
        Assert.Contains("Fence climbed", html, StringComparison.Ordinal);
        Assert.Contains("2×", html, StringComparison.Ordinal);
        Assert.Contains("data-feed=\"/api/v1/alerts/feed?mainport=RTM\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/alerts-live.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Pages_AcknowledgeAssignClose_ThroughTheForms_DetailShowsEventsAndHistory_AndIsAudited(string provider)
    {
        await using var world = await StartAsync(provider);
        await PostEventsAsync(world.Member, SiteEvents);
        var alert = Assert.Single(await FeedAsync(world.Member));
        var id = alert.GetProperty("id").GetString()!;
        Assert.Equal(3, alert.GetProperty("count").GetInt32());

        // The detail: rule, events with their fields (plates with candidates, pass, containers, camera, zone).
        var detail = await world.MemberBrowser.GetAsync($"/alerts/{id}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        var html = WebUtility.HtmlDecode(await detail.Content.ReadAsStringAsync());
        foreach (var shown in new[] { "T-SITE-1", "CSQU3054383", "DE:HHAB1284 (0.93), DE:HHAB1234 (0.61)", "P-100234", "MV2-ANPR-03", "stack", "8712345678906", "gate-1" })
        {
            Assert.Contains(shown, html, StringComparison.Ordinal);
        }

        // Reading an alert with passes and plates is audited, in the reader's name.
        var reads = await world.Web.Instance.QueryAsync(db => db.AuditEntries.Where(a => a.Action == AlertService.ReadAction && a.Subject == $"alert:{id}").ToListAsync());
        Assert.Single(reads);
        Assert.NotNull(reads[0].UserId);

        // Acknowledge from the list (back to the list), assign and close from the detail.
        var list = $"/alerts?mainport=RTM";
        var ack = await SlagboomWebFactory.PostFormAsync(world.MemberBrowser, list, new Dictionary<string, string> { ["do"] = "acknowledge", ["back"] = list }, $"/alerts/{id}?handler=change");
        Assert.Equal(HttpStatusCode.Redirect, ack.StatusCode);
        Assert.Equal(list, ack.Headers.Location?.OriginalString);
        Assert.Contains("Alarm bevestigd.", await (await world.MemberBrowser.GetAsync(list)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A foreign address to go back to is not followed.
        var sneaky = await SlagboomWebFactory.PostFormAsync(world.MemberBrowser, $"/alerts/{id}", new Dictionary<string, string> { ["do"] = "acknowledge", ["back"] = "https://evil.example/alerts" }, $"/alerts/{id}?handler=change");
        Assert.Equal($"/alerts/{id}", sneaky.Headers.Location?.OriginalString);

        var assigned = await SlagboomWebFactory.PostFormAsync(world.MemberBrowser, $"/alerts/{id}", new Dictionary<string, string> { ["do"] = "assign", ["assignee"] = "Politie RTM" }, $"/alerts/{id}?handler=change");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        // Closing needs a reason from the list: a made-up one is refused with the reason, and nothing changes.
        var noReason = await SlagboomWebFactory.PostFormAsync(world.MemberBrowser, $"/alerts/{id}", new Dictionary<string, string> { ["do"] = "close", ["reason"] = "boredom" }, $"/alerts/{id}?handler=change");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("false-alarm", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AlertStates.Assigned, await world.Web.Instance.QueryAsync(db => db.Alerts.Where(a => a.Id == id).Select(a => a.State).SingleAsync()));
        var closed = await SlagboomWebFactory.PostFormAsync(world.MemberBrowser, $"/alerts/{id}", new Dictionary<string, string> { ["do"] = "close", ["reason"] = "false-alarm" }, $"/alerts/{id}?handler=change");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        var stored = await world.Web.Instance.QueryAsync(db => db.Alerts.SingleAsync(a => a.Id == id));
        Assert.Equal((AlertStates.Closed, "false-alarm", "Politie RTM"), (stored.State, stored.CloseReason, stored.AssignedTo));
        Assert.NotNull(stored.ClosedBy);
        var history = await world.Web.Instance.QueryAsync(db => db.Set<AlertHistoryEntry>().Where(h => h.AlertId == id).OrderBy(h => h.Id).Select(h => h.Action + ":" + h.Detail).ToListAsync());
        Assert.Equal(["acknowledge:", "acknowledge:", "assign:Politie RTM", "close:false-alarm"], history);
        Assert.Equal(4, await world.Web.Instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == AlertService.ChangeAction && a.Subject == $"alert:{id}")));

        var after = WebUtility.HtmlDecode(await (await world.MemberBrowser.GetAsync($"/alerts/{id}")).Content.ReadAsStringAsync());
        Assert.Contains("gesloten · vals alarm · door operator@terminal-rtm.nl", after, StringComparison.Ordinal);
        Assert.Contains("toegewezen: Politie RTM · door operator@terminal-rtm.nl", after, StringComparison.Ordinal);
        // Closed alerts leave the open list but are found under status closed.
        Assert.Empty(await FeedAsync(world.Member));
        Assert.Single(await FeedAsync(world.Member, "mainport=RTM&status=closed"));
        // Forms without the antiforgery token are refused.
        var forged = await world.MemberBrowser.PostAsync($"/alerts/{id}?handler=change", new FormUrlEncodedContent(new Dictionary<string, string> { ["do"] = "acknowledge" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Promotion_MakesExactlyOneTriageItem_WithTheEventsObservables_AndRefusesAnInvalidContainer(string provider)
    {
        await using var world = await StartAsync(provider);
        await PostEventsAsync(world.Member, SiteEvents);
        var id = Assert.Single(await FeedAsync(world.Member)).GetProperty("id").GetString()!;
        // Medium severity: nothing in the inbox before someone promotes it.
        Assert.Empty((await world.Analyst.GetFromJsonAsync<JsonElement>("/api/v1/triage/items?channel=alert")).GetProperty("items").EnumerateArray());

        var promoted = await SlagboomWebFactory.PostFormAsync(world.MemberBrowser, $"/alerts/{id}",
            new Dictionary<string, string> { ["extra"] = "container: CSQU3054384\nvessel: MSC Oscar" }, $"/alerts/{id}?handler=promote");
        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);

        var items = (await world.Analyst.GetFromJsonAsync<JsonElement>("/api/v1/triage/items?channel=alert")).GetProperty("items").EnumerateArray().ToList();
        var item = Assert.Single(items);
        Assert.Equal((id, "RTM", "new", "normal"), (item.GetProperty("id").GetString(), item.GetProperty("mainport").GetString(),
            item.GetProperty("state").GetString(), item.GetProperty("priority").GetString()));
        var observables = item.GetProperty("observables").EnumerateArray().Select(o => $"{o.GetProperty("type").GetString()} {o.GetProperty("value").GetString()}").ToList();
        // The typed extra, every value of the events (plates: the best candidate and the one at 0.61, not the one at 0.2).
        Assert.Equal(new[] { "vessel MSC Oscar", "pass P-100234", "plate DE:HHAB1284", "plate DE:HHAB1234", "container CSQU3054383", "ean 8712345678906", "xs-id XS-0012345" }.Order(),
            observables.Order());

        var promotion = await world.Web.Instance.QueryAsync(db => db.Set<AlertPromotion>().SingleAsync(p => p.AlertId == id));
        Assert.NotNull(promotion.PromotedByUserId);
        Assert.Contains("container CSQU3054384: Not a valid container: check digit should be 3", promotion.Refused, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await (await world.MemberBrowser.GetAsync($"/alerts/{id}")).Content.ReadAsStringAsync());
        Assert.Contains("check digit should be 3", page, StringComparison.Ordinal);
        Assert.Contains($"/triage/alert/{id}", page, StringComparison.Ordinal);
        Assert.True((await FeedAsync(world.Member))[0].GetProperty("promoted").GetBoolean());

        // Promoting again makes no second item: 409 over the API, and the page no longer offers it.
        var again = await world.Member.PostAsync($"/api/v1/alerts/{id}/promote", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.DoesNotContain("promote-form", page, StringComparison.Ordinal);
        Assert.Equal(1, await world.Web.Instance.QueryAsync(db => db.TriageRecords.CountAsync(r => r.Channel == TriageChannel.Alert && r.SourceId == id)));
        Assert.Equal(1, await world.Web.Instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == AlertPromotions.PromoteAction && a.Subject == $"alert:{id}" && a.Outcome == "ok")));

        // Another mainport's analyst does not see the item; the analyst turns it into a signal that names the alert.
        var outsiderAnalyst = await world.Web.AddUserAsync(await world.Web.AddOrganisationAsync("Politie ZWB", "public", "ZWB"), "analist@politie-zwb.nl", "analyst");
        var other = world.Web.Api(await world.Web.TokenForAsync(outsiderAnalyst.User.Email!));
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/v1/triage/items?state=all")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/triage/items/alert/{id}")).StatusCode);
        var classified = await world.Analyst.PutAsJsonAsync($"/api/v1/triage/items/alert/{id}/classification",
            new { category = "intrusion", observables = observables.Select(o => new { type = o.Split(' ', 2)[0], value = o.Split(' ', 2)[1] }) });
        Assert.True(classified.IsSuccessStatusCode, await classified.Content.ReadAsStringAsync());
        var signal = await world.Analyst.PostAsJsonAsync($"/api/v1/triage/items/alert/{id}/signal", new { tlp = "amber", distribution = new { level = "organisation" } });
        Assert.Equal(HttpStatusCode.Created, signal.StatusCode);
        var made = await signal.Content.ReadFromJsonAsync<JsonElement>();
        var signalId = made.GetProperty("signalId").GetString()!;
        var signalView = await world.Analyst.GetFromJsonAsync<JsonElement>($"/api/v1/signals/{signalId}");
        Assert.Equal("Activity at the site", signalView.GetProperty("title").GetString());
        Assert.Contains($"Alert {id}", signalView.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task HighSeverityAlerts_GoToTheInboxByThemselves_MediumOnesDoNot(string provider)
    {
        await using var world = await StartAsync(provider);
        await PostEventsAsync(world.Member, $"[{Fence("f-1", "S-7", "2026-11-28T02:09:40Z", "cut")},{Fence("f-2", "S-7", "2026-11-28T02:10:00Z", "cut")}]");
        var alerts = await FeedAsync(world.Member);
        Assert.Equal(2, alerts.Count); // T-FEN-1 (medium, climb or cut) and T-CUT-1 (high)
        var high = alerts.Single(a => a.GetProperty("severity").GetString() == "high");
        Assert.True(high.GetProperty("promoted").GetBoolean());
        Assert.False(alerts.Single(a => a.GetProperty("severity").GetString() == "medium").GetProperty("promoted").GetBoolean());
        var item = Assert.Single((await world.Analyst.GetFromJsonAsync<JsonElement>("/api/v1/triage/items")).GetProperty("items").EnumerateArray());
        Assert.Equal(("alert", high.GetProperty("id").GetString(), "high"), (item.GetProperty("channel").GetString(), item.GetProperty("id").GetString(), item.GetProperty("priority").GetString()));
        var automatic = await world.Web.Instance.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == AlertPromotions.PromoteAction));
        Assert.Null(automatic.UserId);
        Assert.Equal("automatic: severity high", automatic.Purpose);
        // The deduplicated second cut counted on the same alert and made no second item.
        Assert.Equal(2, high.GetProperty("count").GetInt32());
        Assert.Equal(1, await world.Web.Instance.QueryAsync(db => db.TriageRecords.CountAsync(r => r.Channel == TriageChannel.Alert)));
    }
}
