using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Alerts;

/// <summary>The alert feed's per-user rate limit: a scraper gets 429 with a problem document; other users and other endpoints go on.</summary>
public sealed class AlertFeedRateLimitTests
{
    private const int Limit = 5;

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Feed_Answers429AfterTheLimit_PerUserAcrossTokensAndSession_AnotherUserIsNotAffected(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider, settings: new Dictionary<string, string> { ["Slagboom:Alerts:FeedRequestsPerMinute"] = $"{Limit}" });
        var rtm = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var scraper = await web.AddUserAsync(rtm, "operator@terminal-rtm.nl", "member");
        var colleague = await web.AddUserAsync(rtm, "collega@terminal-rtm.nl", "member");
        var first = web.Api(await web.TokenForAsync(scraper.User.Email!));
        var second = web.Api(await web.TokenForAsync(scraper.User.Email!));
        var session = web.Browser();
        await SlagboomWebFactory.SignInAsync(session, scraper.User.Email!, scraper.Password);
        var other = web.Api(await web.TokenForAsync(colleague.User.Email!));
        const string Feed = "/api/v1/alerts/feed?mainport=RTM";

        // One user's budget is shared by their tokens and their browser session.
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (i % 2 == 0 ? first : session).GetAsync(Feed)).StatusCode);
        }

        foreach (var client in new[] { first, second, session })
        {
            var refused = await client.GetAsync(Feed);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var seconds = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(seconds, 1, 60);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((429, "Too Many Requests"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString()));
            Assert.Contains($"{Limit}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Another user polls on; the limited user's other endpoints are not limited by the feed's budget.
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(Feed)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await other.GetAsync(Feed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/watchlists?mainport=RTM")).StatusCode);
    }

    [Fact]
    public async Task Feed_ByDefault_TakesAControlRoomsPolling_AndNoAnonymousCaller()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var rtm = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var user = await web.AddUserAsync(rtm, "operator@terminal-rtm.nl", "member");
        var api = web.Api(await web.TokenForAsync(user.User.Email!));

        // Four screens polling every 5 seconds for a minute: 48 requests, well under the default.
        for (var i = 0; i < 48; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/alerts/feed?mainport=RTM")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Api(null).GetAsync("/api/v1/alerts/feed?mainport=RTM")).StatusCode);
    }
}
