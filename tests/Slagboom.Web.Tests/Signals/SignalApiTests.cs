using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Signals;

public sealed class SignalApiTests
{
    internal static object Body(string title = "Onbekende persoon in de stack", string tlp = "amber", string level = "mainport", string? groupId = null, object[]? observables = null) => new
    {
        title,
        description = "Bewakingscamera 14 zag om 03:10 een persoon tussen rij 40 en 41.",
        partnerSummary = "Persoon gezien in de stack; politie onderzoekt.",
        mainport = "RTM",
        occurredAt = "2026-11-20T03:10:00+01:00",
        category = "intrusion",
        modusOperandi = new[] { "SEA-T01" },
        processStep = 5,
        observables = observables ?? [new { type = "container", value = "TCNU7200794" }],
        distribution = new { level, groupId },
        tlp,
    };

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Create_ReturnsTheDraftWithNormalisedObservables(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, token) = await web.UserWithTokenAsync("analyst");

        var created = await web.Api(token).PostAsJsonAsync("/api/v1/signals", Body(observables:
        [
            new { type = "container", value = "csqu 305438 3" },
            new { type = "plate-nl", value = "g 211 jm" },
            new { type = "imo", value = "6910091" },
        ]));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("draft", json.GetProperty("status").GetString());
        Assert.Equal(new DateTime(2026, 11, 20, 2, 10, 0, DateTimeKind.Utc), json.GetProperty("occurredAt").GetDateTime().ToUniversalTime());
        Assert.Equal(["CSQU3054383", "G-211-JM", "IMO6910091"], json.GetProperty("observables").EnumerateArray().Select(o => o.GetProperty("value").GetString()));
        // An IMO number whose check digit fails is kept, with a warning: many real ships carry one.
        Assert.Contains("imo", json.GetProperty("warnings")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        var read = await web.Api(token).GetFromJsonAsync<JsonElement>($"/api/v1/signals/{json.GetProperty("id").GetString()}");
        Assert.Equal("Onbekende persoon in de stack", read.GetProperty("title").GetString());
    }

    [Fact]
    public async Task BadInput_IsRejectedWithTheFieldNamedAndNothingStored()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, token) = await web.UserWithTokenAsync("member");
        var api = web.Api(token);

        async Task<string[]> FieldsOf(object body)
        {
            var response = await api.PostAsJsonAsync("/api/v1/signals", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name)];
        }

        Assert.Equal(["observables[0].value"], await FieldsOf(Body(observables: [new { type = "container", value = "CSQU3054384" }])));
        Assert.Equal(["observables[0].type"], await FieldsOf(Body(observables: [new { type = "bsn", value = "111222333" }])));
        Assert.Equal(["tlp"], await FieldsOf(Body(tlp: "red", level: "national")));
        Assert.Equal(["distribution.groupId"], await FieldsOf(Body(level: "group", groupId: "someone-elses")));
        Assert.Equal(["tlp"], await FieldsOf(Body(tlp: "purple")));
        Assert.Contains("mainport", await FieldsOf(new { title = "x", description = "y", occurredAt = "2026-11-01T00:00:00Z", category = "other", distribution = new { level = "organisation" }, tlp = "green" }));
        var empty = await api.GetFromJsonAsync<JsonElement>("/api/v1/signals");
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task OnlyTheOwnerOrganisation_ChangesOrPublishes()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, author) = await web.UserWithTokenAsync("member");
        var (_, _, other) = await web.UserWithTokenAsync("analyst");
        var created = await (await web.Api(author).PostAsJsonAsync("/api/v1/signals", Body(level: "national", tlp: "green"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(other).PostAsync($"/api/v1/signals/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Api(author).PostAsync($"/api/v1/signals/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Api(other).GetAsync($"/api/v1/signals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(other).PutAsJsonAsync($"/api/v1/signals/{id}", Body(title: "Overgenomen"))).StatusCode);
        var changed = await web.Api(author).PutAsJsonAsync($"/api/v1/signals/{id}", Body(title: "Aangevuld", level: "national", tlp: "green"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Aangevuld", (await web.Api(other).GetFromJsonAsync<JsonElement>($"/api/v1/signals/{id}")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Audience_NamesTheReceivingOrganisationsBeforePublishing()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (ownerOrg, _, author) = await web.UserWithTokenAsync("analyst");
        var terminal = await web.AddOrganisationAsync("Terminal RTM", "private", "RTM");
        var customs = await web.AddOrganisationAsync("Douane RTM", "public", "RTM");
        await web.AddOrganisationAsync("Veiling", "private", "FLO");
        var created = await (await web.Api(author).PostAsJsonAsync("/api/v1/signals", Body(level: "mainport"))).Content.ReadFromJsonAsync<JsonElement>();

        var audience = await web.Api(author).GetFromJsonAsync<JsonElement>($"/api/v1/signals/{created.GetProperty("id").GetString()}/audience");

        var ids = audience.EnumerateArray().ToDictionary(a => a.GetProperty("organisationId").GetString()!, a => a.GetProperty("receivesPseudonyms").GetBoolean());
        Assert.Equal(new[] { customs, ownerOrg, terminal }.Order(), ids.Keys.Order());
        Assert.True(ids[terminal]);
        Assert.False(ids[customs]);
    }

    [Fact]
    public async Task Cursor_ThatIsNotOurs_IsA400()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, token) = await web.UserWithTokenAsync("member");

        var response = await web.Api(token).GetAsync("/api/v1/signals?cursor=%%%garbage");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await web.Api(token).GetAsync("/api/v1/signals?mainport=AMS")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Api(token).GetAsync("/api/v1/signals?limit=100000")).StatusCode);
    }

    [Fact]
    public async Task LegalHold_IsSetByTheOwnerOrAnAuditor_WithAReason()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, author) = await web.UserWithTokenAsync("analyst");
        var (_, _, stranger) = await web.UserWithTokenAsync("member");
        var (_, _, auditor) = await web.UserWithTokenAsync("auditor");
        var id = (await (await web.Api(author).PostAsJsonAsync("/api/v1/signals", Body(level: "national", tlp: "green"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await web.Api(author).PostAsync($"/api/v1/signals/{id}/publish", null);

        Assert.Equal(HttpStatusCode.BadRequest, (await web.Api(author).PostAsJsonAsync($"/api/v1/signals/{id}/legal-hold", new { hold = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(stranger).PostAsJsonAsync($"/api/v1/signals/{id}/legal-hold", new { hold = true, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Api(auditor).PostAsJsonAsync($"/api/v1/signals/{id}/legal-hold", new { hold = true, reason = "Vordering OM, parketnummer 10/123456-26" })).StatusCode);
        Assert.True(await web.Instance.QueryAsync(db => db.Signals.Where(s => s.Id == id).Select(s => s.LegalHold).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await web.Api(author).PostAsJsonAsync($"/api/v1/signals/{id}/legal-hold", new { hold = false, reason = "Zaak gesloten" })).StatusCode);
        Assert.False(await web.Instance.QueryAsync(db => db.Signals.Where(s => s.Id == id).Select(s => s.LegalHold).SingleAsync()));
    }

    [Fact]
    public async Task Delete_ByTheOwner_RemovesTheSignalAndItsFiles_ButNotUnderALegalHold()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, author) = await web.UserWithTokenAsync("analyst");
        var (_, _, other) = await web.UserWithTokenAsync("analyst");
        var api = web.Api(author);
        var id = (await (await api.PostAsJsonAsync("/api/v1/signals", Body(level: "national", tlp: "green"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await api.PostAsync($"/api/v1/signals/{id}/publish", null);
        var file = new MultipartFormDataContent { { new ByteArrayContent("rij 40\n"u8.ToArray()), "file", "rij.txt" } };
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync($"/api/v1/signals/{id}/attachments", file)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(other).DeleteAsync($"/api/v1/signals/{id}")).StatusCode);
        await api.PostAsJsonAsync($"/api/v1/signals/{id}/legal-hold", new { hold = true, reason = "Onderzoek loopt" });
        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync($"/api/v1/signals/{id}")).StatusCode);
        await api.PostAsJsonAsync($"/api/v1/signals/{id}/legal-hold", new { hold = false, reason = "Onderzoek afgerond" });

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/signals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/signals/{id}")).StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(web.Instance.Settings.DataFolder, "attachments")));
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Observables.CountAsync()));
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "signal.delete" && e.Subject == "signal:" + id && e.Outcome == "ok")));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ConcurrentSignals_NamingTheSameNewValue_AllSucceedAndShareOneObservable(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, token) = await web.UserWithTokenAsync("analyst");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            web.Api(token).PostAsJsonAsync("/api/v1/signals", Body(title: $"Gelijktijdig {i}", observables: [new { type = "container", value = "MSKU1234565" }]))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.Observables.CountAsync(o => o.Value == "MSKU1234565")));
        Assert.Equal(8, await web.Instance.QueryAsync(db => db.SignalObservables.CountAsync()));
    }
}
