using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slagboom.Testing;
using Slagboom.Web.Tests.Cases;

namespace Slagboom.Web.Tests.Search;

/// <summary><c>GET /api/v1/cases/search</c> and the cases section of <c>/search</c> (docs/cases.md "Search").</summary>
public sealed class CaseSearchApiTests
{
    private const string Description = "Zwanenburg regelt de uithaal bij de loods.";

    private static async Task<string> CreateCaseAsync(HttpClient owner, string title, bool share, string? assigneeOrganisation)
    {
        var created = await owner.PostAsJsonAsync("/api/v1/cases", new { title, description = Description, mainport = "RTM", kind = "intrusion", shareTitleWithAssignees = share });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        if (assigneeOrganisation is not null)
        {
            var assigned = await owner.PostAsJsonAsync($"/api/v1/cases/{id}/tasks", new { organisationId = assigneeOrganisation, text = "Controleer de huurder.", dueDate = CaseApiTests.Due });
            Assert.True(assigned.StatusCode == HttpStatusCode.Created, await assigned.Content.ReadAsStringAsync());
        }

        return id;
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string query)
    {
        var answer = await client.GetAsync("/api/v1/cases/search?" + query);
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    private static string[] Ids(string body) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetString()!)];

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task CaseSearch_OwnerOnTitleAndDescription_AssigneeOnSharedTitle_OthersAnEmptyAnswer(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, ownerToken) = await web.UserWithTokenAsync("analyst");
        var municipality = await web.AddOrganisationAsync("Gemeente", "public", "RTM");
        var municipalityToken = await web.TokenForAsync((await web.AddUserAsync(municipality, "m@gemeente.nl", "member")).User.Email!);
        var (_, _, strangerToken) = await web.UserWithTokenAsync("member");
        var owner = web.Api(ownerToken);
        var shared = await CreateCaseAsync(owner, "Uithaalploeg poort 7", share: true, municipality);
        var closed = await CreateCaseAsync(owner, "Loods Waalhaven", share: false, municipality);
        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsJsonAsync($"/api/v1/cases/{closed}", new { status = "closed" })).StatusCode);

        var (status, body) = await GetAsync(owner, "q=zwanenburg");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new[] { closed, shared }.Order(StringComparer.Ordinal), Ids(body).Order(StringComparer.Ordinal));
        Assert.Equal([closed], Ids((await GetAsync(owner, "q=zwanenburg&status=closed&mainport=RTM&kind=intrusion")).Body));
        Assert.Equal([shared], Ids((await GetAsync(owner, "q=%22poort+7%22")).Body));

        // The assignee: the shared title, nothing else of the case; never the description.
        var assignee = web.Api(municipalityToken);
        var (_, found) = await GetAsync(assignee, "q=uithaalploeg");
        var hit = Assert.Single(JsonDocument.Parse(found).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("assignee", hit.GetProperty("access").GetString());
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("mainport").ValueKind);
        Assert.DoesNotContain("Zwanenburg", found, StringComparison.Ordinal);
        Assert.Empty(Ids((await GetAsync(assignee, "q=zwanenburg")).Body));
        Assert.Empty(Ids((await GetAsync(assignee, "q=waalhaven")).Body));

        // Anyone else: 200 with no items, the same answer as for a word that occurs nowhere.
        var stranger = web.Api(strangerToken);
        var (strangerStatus, strangerBody) = await GetAsync(stranger, "q=zwanenburg");
        var (_, nowhereBody) = await GetAsync(stranger, "q=bestaatnergens");
        Assert.Equal(HttpStatusCode.OK, strangerStatus);
        Assert.Equal(nowhereBody, strangerBody);
        Assert.Empty(Ids(strangerBody));

        // Bad input is a problem naming the field; no credentials is 401.
        var (badStatus, badBody) = await GetAsync(owner, "q=x&status=half");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("status", badBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(owner, "q=-alleen")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Api(null).GetAsync("/api/v1/cases/search?q=x")).StatusCode);
        var (_, _, adminToken) = await web.UserWithTokenAsync("org-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Api(adminToken).GetAsync("/api/v1/cases/search?q=zwanenburg")).StatusCode);

        // The case routes beside it are unchanged.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/cases/{shared}")).StatusCode);
    }

    [Fact]
    public async Task SearchPage_ShowsCaseHitsLinkingToTheCase()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var org = await web.AddOrganisationAsync("Zeehavenpolitie", "public", "RTM");
        var member = await web.AddUserAsync(org, "m@politie.nl", "member");
        var id = await CreateCaseAsync(web.Api(await web.TokenForAsync(member.User.Email!)), "Loods <b>Waalhaven</b>", share: false, null);
        var browser = web.Browser();
        await SlagboomWebFactory.SignInAsync(browser, member.User.Email!, member.Password);

        var html = await browser.GetStringAsync("/search?q=zwanenburg");
        Assert.True(html.Contains($"href=\"/cases/{id}\"", StringComparison.Ordinal), html[Math.Max(0, html.IndexOf("<main", StringComparison.Ordinal))..]);
        Assert.Contains("Loods &lt;b&gt;Waalhaven&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<mark>Zwanenburg</mark>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-hits\"", html, StringComparison.Ordinal);

        var none = await browser.GetStringAsync("/search?q=bestaatnergens");
        Assert.Contains("data-testid=\"no-case-hits\"", none, StringComparison.Ordinal);
        var skipped = await browser.GetStringAsync("/search?q=zwanenburg&tlp=amber");
        Assert.Contains("data-testid=\"case-skipped\"", skipped, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/cases/{id}\"", skipped, StringComparison.Ordinal);
    }
}
