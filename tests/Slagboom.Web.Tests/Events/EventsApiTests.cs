using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Events;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Events;

/// <summary><c>POST /api/v1/events</c> as CONTRACT.md §6 says: counts, indexes, good events kept, bad ones dead-lettered.</summary>
public sealed class EventsApiTests
{
    internal const string Access = """{"kind":"access","time":"2026-11-27T22:15:03Z","mainport":"RTM","source":"genetec-ect","site":"ECT-DELTA","id":"acc-1","pass":"P-100234","reader":"ECT-D-R12","zone":"stack","granted":false,"reason":"revoked","method":"badge"}""";
    internal const string Anpr = """{"kind":"anpr","time":"2026-11-27T21:00:00Z","mainport":"RTM","source":"alpr-mv2","site":"APMT-MV2","id":"anpr-1","camera":"MV2-ANPR-03","direction":"in","country":"DE","candidates":[{"plate":"HHAB1284","confidence":0.93},{"plate":"HHAB1234","confidence":0.61}]}""";
    internal const string Gate = """{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos-apmt","site":"APMT-MV2","gate":"lane-4","direction":"in","containers":["CSQU3054383"],"plate":"DE:HHAB1284","carrierEan":"8712345678906","driverCard":"XS-0012345","visit":"TAR-77812"}""";
    private const string BadContainer = """{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos-apmt","site":"APMT-MV2","gate":"lane-4","direction":"in","containers":["CSQU3054384"]}""";
    private const string OtherMainport = """{"kind":"fence","time":"2026-11-28T02:09:40Z","mainport":"SCH","source":"fence-sch","sensor":"S-1","zone":"north","alarm":"climb"}""";

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task MixedArray_KeepsTheGood_RefusesTheBadWithIndex_AndDeadLettersThem(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, token) = await web.UserWithTokenAsync("member");
        var body = $"[{Access},{BadContainer},{Anpr},{OtherMainport},42,{Gate}]";

        var response = await web.Api(token).PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, answer.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(3, answer.RootElement.GetProperty("rejected").GetInt32());
        var errors = answer.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal([1, 3, 4], errors.Select(e => e.Item1));
        Assert.StartsWith("containers[0]:", errors[0].Item2, StringComparison.Ordinal);
        Assert.StartsWith("mainport:", errors[1].Item2, StringComparison.Ordinal);

        var stored = await web.Instance.QueryAsync(db => db.Events.Include(e => e.Keys).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["acc-1", "anpr-1"], stored.Take(2).Select(e => e.EventId));
        Assert.False(string.IsNullOrEmpty(stored[2].EventId));
        Assert.Contains(stored[1].Keys, k => k is { Type: "plate", Value: "DE:HHAB1234" });
        Assert.Contains(stored[2].Keys, k => k is { Type: "container", Value: "CSQU3054383" });
        // What is stored reads back to the event that was sent.
        Assert.Contains("\"reason\":\"revoked\"", EventJson.Full(stored[0]), StringComparison.Ordinal);

        var dead = await web.Instance.QueryAsync(db => db.EventDeadLetters.OrderBy(d => d.Position).ToListAsync());
        Assert.Equal([1, 3, 4], dead.Select(d => d.Position!.Value));
        Assert.All(dead, d => Assert.Equal(EventChannels.Api, d.Channel));
        Assert.Equal(BadContainer, dead[0].Payload);
        Assert.Equal("42", dead[2].Payload);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Ndjson_IsReadLineByLine(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, token) = await web.UserWithTokenAsync("analyst");
        var body = $"{Access}\n\n{{\"kind\":\"access\"\n{Gate}\r\n";
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");

        var response = await web.Api(token).PostAsync("/api/v1/events", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, answer.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(1, answer.RootElement.GetProperty("errors")[0].GetProperty("index").GetInt32());
        Assert.Equal(2, await web.Instance.QueryAsync(db => db.Events.CountAsync()));
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.EventDeadLetters.CountAsync()));
    }

    [Fact]
    public async Task WithoutToken_401_AndAdminsAreRefused_403()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var anonymous = await web.Api(null).PostAsync("/api/v1/events", new StringContent($"[{Access}]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var (_, _, adminToken) = await web.UserWithTokenAsync("org-admin");
        var admin = await web.Api(adminToken).PostAsync("/api/v1/events", new StringContent($"[{Access}]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Events.CountAsync()));
    }

    [Fact]
    public async Task BrokenArray_400_NothingStored()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, token) = await web.UserWithTokenAsync("member");
        var response = await web.Api(token).PostAsync("/api/v1/events", new StringContent($"[{Access},", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var notArray = await web.Api(token).PostAsync("/api/v1/events", new StringContent(Access, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Events.CountAsync()));
    }
}
