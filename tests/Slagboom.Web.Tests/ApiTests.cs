using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Slagboom.Testing;

namespace Slagboom.Web.Tests;

public sealed class ApiTests
{
    [Fact]
    public async Task Health_IsAnonymousAndOk()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var response = await web.Api(null).GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Mainports_WithoutToken_Are401ProblemDetails(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        foreach (var token in new[] { null, "slg_wrong", "not-even-a-token" })
        {
            var response = await web.Api(token).GetAsync("/api/v1/mainports");

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Mainports_WithToken_AreTheFiveWithThePlansBudgets(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, token) = await web.UserWithTokenAsync("auditor");

        var mainports = await web.Api(token).GetFromJsonAsync<JsonElement>("/api/v1/mainports");

        var budgets = mainports.EnumerateArray().ToDictionary(
            m => m.GetProperty("code").GetString()!,
            m => string.Join(" ", m.GetProperty("budgets").EnumerateArray().Select(b => $"{b.GetProperty("year").GetInt32()}:{b.GetProperty("millionEuro").GetDecimal()}")));
        Assert.Equal(new Dictionary<string, string>
        {
            ["RTM"] = "2023:13.5 2024:16 2025:16.5",
            ["ZWB"] = "2023:3 2024:3.5 2025:4",
            ["NZK"] = "2023:1 2024:1.5 2025:1.5",
            ["SCH"] = "2023:3.5 2024:3.5 2025:3.5",
            ["FLO"] = "2023:0.5 2024:1 2025:1",
        }, budgets);
        var rotterdam = mainports.EnumerateArray().First();
        Assert.Equal("Haven van Rotterdam", rotterdam.GetProperty("name").GetString());
        Assert.Equal("Internationaal offensief", rotterdam.GetProperty("strategyLines")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Me_TellsWhoTheTokenActsFor()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (org, user, token) = await web.UserWithTokenAsync("analyst", "member");

        var me = await web.Api(token).GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Equal(user.User.Email, me.GetProperty("email").GetString());
        Assert.Equal(org, me.GetProperty("organisationId").GetString());
        Assert.Equal(["analyst", "member"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task UnknownMainport_Is404Problem()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, token) = await web.UserWithTokenAsync("member");

        var response = await web.Api(token).GetAsync("/api/v1/mainports/AMS");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Organisations_PlatformAdminAddsOthersMayNot(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, admin) = await web.UserWithTokenAsync("platform-admin");
        var (_, _, member) = await web.UserWithTokenAsync("member");
        var body = new { name = "Gemeente Vlissingen", kind = "public", sector = "municipality", mainports = new[] { "ZWB" } };

        var refused = await web.Api(member).PostAsJsonAsync("/api/v1/organisations", body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var created = await web.Api(admin).PostAsJsonAsync("/api/v1/organisations", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var duplicate = await web.Api(admin).PostAsJsonAsync("/api/v1/organisations", body);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        // Another organisation's record is invisible to a member: 404, as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(member).GetAsync($"/api/v1/organisations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Api(admin).GetAsync($"/api/v1/organisations/{id}")).StatusCode);
    }

    [Fact]
    public async Task BadInput_GetsClearErrorsAndNever500()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, admin) = await web.UserWithTokenAsync("platform-admin");
        var api = web.Api(admin);

        var invalid = await api.PostAsJsonAsync("/api/v1/organisations", new { name = "", kind = "semi", mainports = new[] { "XXX" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["kind", "mainports", "name", "sector"], errors.EnumerateObject().Select(e => e.Name).Order());

        var malformed = await api.PostAsync("/api/v1/organisations", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        var wrongType = await api.PostAsync("/api/v1/organisations", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        var huge = await api.PostAsync("/api/v1/organisations", new StringContent("{\"name\":\"" + new string('x', 2_000_000) + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var wrongShape = await api.PostAsync("/api/v1/organisations", new StringContent("[1,2,3]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongShape.StatusCode);

        var nowhere = await api.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal("application/problem+json", nowhere.Content.Headers.ContentType?.MediaType);

        var users = await api.PostAsJsonAsync("/api/v1/users", new { organisationId = "nope", email = "not-an-email", roles = new[] { "king" } });
        Assert.Equal(HttpStatusCode.BadRequest, users.StatusCode);
        Assert.Equal(["email", "roles"], (await users.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Users_OrgAdminSeesAndManagesOnlyOwnOrganisation()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (org, _, admin) = await web.UserWithTokenAsync("org-admin");
        var other = await web.AddOrganisationAsync("Other org");
        var stranger = await web.AddUserAsync(other, "stranger@other.nl", "member");

        var created = await web.Api(admin).PostAsJsonAsync("/api/v1/users", new { organisationId = org, email = "new@own.nl", roles = new[] { "member" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!.Length >= 12);

        var listed = await web.Api(admin).GetFromJsonAsync<JsonElement>("/api/v1/users");
        Assert.DoesNotContain(listed.EnumerateArray(), u => u.GetProperty("email").GetString() == "stranger@other.nl");
        Assert.Contains(listed.EnumerateArray(), u => u.GetProperty("email").GetString() == "new@own.nl");

        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(admin).PostAsync($"/api/v1/users/{stranger.User.Id}/disable", null)).StatusCode);
        var escalate = await web.Api(admin).PostAsJsonAsync("/api/v1/users", new { organisationId = org, email = "boss@own.nl", roles = new[] { "platform-admin" } });
        Assert.Equal(HttpStatusCode.Forbidden, escalate.StatusCode);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirTokensAtOnce()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (org, _, admin) = await web.UserWithTokenAsync("org-admin");
        var member = await web.AddUserAsync(org, "leaver@own.nl", "member");
        var token = await web.TokenForAsync("leaver@own.nl");
        Assert.Equal(HttpStatusCode.OK, (await web.Api(token).GetAsync("/api/v1/me")).StatusCode);

        var disabled = await web.Api(admin).PostAsync($"/api/v1/users/{member.User.Id}/disable", null);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Api(token).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var document = await web.Api(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/mainports", paths);
        Assert.Contains("/api/v1/me", paths);
        Assert.Contains("/api/v1/organisations", paths);
        var reference = await web.Api(null).GetStringAsync("/api-docs");
        Assert.Contains("/api/v1/mainports", reference, StringComparison.Ordinal);
    }
}
