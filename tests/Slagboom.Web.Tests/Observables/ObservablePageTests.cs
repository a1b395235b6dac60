using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Testing;
using Slagboom.Web.Tests.Signals;

namespace Slagboom.Web.Tests.Observables;

/// <summary>
/// The observable page and the observable-rooted link graph: only what the viewer may see, a private partner never
/// gets a hidden signal or a real personal-data value, and a value seen in no visible signal is 404.
/// </summary>
public sealed class ObservablePageTests
{
    private const string Container = "CSQU3054383";
    private const string Person = "Jan de Vries";

    internal sealed record Setup(SlagboomWebFactory Web, string PoliceToken, HttpClient Police, string TerminalToken, HttpClient Terminal, string First, string Second, string Hidden);

    /// <summary>The police (public, owner) and a terminal (private) in RTM; three signals naming one container, one of them hidden from the terminal.</summary>
    internal static async Task<Setup> SetUpAsync(SlagboomWebFactory web)
    {
        var police = await web.AddOrganisationAsync("Zeehavenpolitie", "public", "RTM");
        var terminal = await web.AddOrganisationAsync("Maasvlakte Terminal B.V.", "private", "RTM");
        var (policeToken, policeBrowser) = await MemberAsync(web, police, "agent@politie.nl");
        var (terminalToken, terminalBrowser) = await MemberAsync(web, terminal, "portier@terminal.nl");
        object container = new { type = "container", value = Container };
        object person = new { type = "person", value = Person };
        var first = await PublishAsync(web, policeToken, "Eerste", "mainport", container, person);
        var second = await PublishAsync(web, policeToken, "Tweede", "mainport", container);
        var hidden = await PublishAsync(web, policeToken, "Verborgen", "organisation", container, person);
        return new Setup(web, policeToken, policeBrowser, terminalToken, terminalBrowser, first, second, hidden);
    }

    private static async Task<(string Token, HttpClient Browser)> MemberAsync(SlagboomWebFactory web, string organisation, string email)
    {
        var user = await web.AddUserAsync(organisation, email, "member");
        var browser = web.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.SignInAsync(browser, email, user.Password)).StatusCode);
        return (await web.TokenForAsync(email), browser);
    }

    internal static async Task<string> PublishAsync(SlagboomWebFactory web, string token, string title, string level, params object[] observables)
    {
        var created = await web.Api(token).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body(title: title, level: level, tlp: "amber", observables: observables));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await web.Api(token).PostAsync($"/api/v1/signals/{id}/publish", null)).StatusCode);
        return id;
    }

    private static HashSet<string> NodeIds(JsonElement graph) =>
        [.. graph.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Page_ShowsTheSightingsTheViewerMaySee_AndNothingOfHiddenSignals(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var s = await SetUpAsync(web);

        var police = await s.Police.GetStringAsync($"/observables/container/{Container}");
        Assert.Contains($"href=\"/signals/{s.First}\"", police, StringComparison.Ordinal);
        Assert.Contains($"href=\"/signals/{s.Hidden}\"", police, StringComparison.Ordinal);
        Assert.Contains("data-chart=", police, StringComparison.Ordinal);
        Assert.Contains("/lib/cytoscape/cytoscape.min.js", police, StringComparison.Ordinal);
        // The person's value is personal data: masked in the graph table until a purpose is given on the signal page.
        Assert.DoesNotContain(Person, police, StringComparison.Ordinal);

        // Written any way the checker accepts, the page shows the normalised value.
        var terminal = await s.Terminal.GetStringAsync("/observables/container/csqu%20305438-3");
        Assert.Contains(Container, terminal, StringComparison.Ordinal);
        Assert.Contains($"href=\"/signals/{s.First}\"", terminal, StringComparison.Ordinal);
        Assert.Contains($"href=\"/signals/{s.Second}\"", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Hidden, terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("Verborgen", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("Vries", terminal, StringComparison.Ordinal);
        Assert.Contains("pd:", terminal, StringComparison.Ordinal);

        // The terminal receives the person only as a pseudonym: by the real value it finds nothing, by its pseudonym the visible signal.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Terminal.GetAsync($"/observables/person/{Uri.EscapeDataString(Person)}")).StatusCode);
        var graph = await web.Api(s.TerminalToken).GetFromJsonAsync<JsonElement>($"/api/v1/observables/container/{Container}/graph");
        var pseudonym = graph.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("type").GetString() == "person").GetProperty("label").GetString()!;
        Assert.StartsWith("pd:", pseudonym, StringComparison.Ordinal);
        var byPseudonym = await s.Terminal.GetAsync($"/observables/person/{Uri.EscapeDataString(pseudonym)}");
        Assert.Equal(HttpStatusCode.OK, byPseudonym.StatusCode);
        var html = await byPseudonym.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/signals/{s.First}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Hidden, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Vries", html, StringComparison.Ordinal);

        // A valid value nobody named, an invalid value and an unknown type all look alike: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Police.GetAsync("/observables/container/TCNU7200794")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Police.GetAsync("/observables/container/CSQU3054384")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Police.GetAsync("/observables/nonsense/x")).StatusCode);

        // Each successful look-up is in the audit trail under the observable.
        var observableId = await web.Instance.RunAsync<AppDbContext, string>(db => db.Observables.Where(o => o.Type == "container").Select(o => o.Id).SingleAsync());
        var reads = await web.Instance.RunAsync<AppDbContext, int>(db => db.AuditEntries.CountAsync(e => e.Action == "observable.read" && e.Subject == "observable:" + observableId));
        Assert.True(reads >= 3, $"{reads} audited reads");
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Graph_FromAnObservable_TwoHopsOut_OnlyWhatTheCallerMaySee_AsJsonAndGraphMl(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var s = await SetUpAsync(web);

        var full = await web.Api(s.PoliceToken).GetFromJsonAsync<JsonElement>($"/api/v1/observables/container/{Container}/graph");
        Assert.Equal($"observable:container:{Container}", full.GetProperty("root").GetString());
        var fullIds = NodeIds(full);
        Assert.Contains($"signal:{s.Hidden}", fullIds);
        Assert.Contains($"signal:{s.Second}", fullIds);
        Assert.Contains($"observable:person:{Person}", fullIds);
        Assert.Equal(5, fullIds.Count);
        Assert.Equal(5, full.GetProperty("edges").GetArrayLength());
        var masked = await web.Api(s.PoliceToken).GetStringAsync($"/api/v1/observables/container/{Container}/graph?mask=personal");
        Assert.DoesNotContain("Vries", masked, StringComparison.Ordinal);
        Assert.Contains(s.Hidden, masked, StringComparison.Ordinal);

        var partner = await web.Api(s.TerminalToken).GetStringAsync($"/api/v1/observables/container/{Container}/graph");
        Assert.DoesNotContain(s.Hidden, partner, StringComparison.Ordinal);
        Assert.DoesNotContain("Vries", partner, StringComparison.Ordinal);
        Assert.DoesNotContain("Verborgen", partner, StringComparison.Ordinal);
        Assert.Contains(s.Second, partner, StringComparison.Ordinal);

        var graphml = await web.Api(s.TerminalToken).GetAsync($"/api/v1/observables/container/{Container}/graph?format=graphml");
        Assert.Equal("application/graphml+xml", graphml.Content.Headers.ContentType?.MediaType);
        var xml = XDocument.Parse(await graphml.Content.ReadAsStringAsync());
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        // The container, the two signals the terminal sees and the person's pseudonym.
        Assert.Equal(4, xml.Descendants(ns + "node").Count());
        Assert.DoesNotContain("Vries", xml.ToString(), StringComparison.Ordinal);

        // A real personal-data value the terminal receives only as a pseudonym: 404, as for a value that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(s.TerminalToken).GetAsync($"/api/v1/observables/person/{Uri.EscapeDataString(Person)}/graph")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(s.PoliceToken).GetAsync("/api/v1/observables/container/TCNU7200794/graph")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await web.Api(s.PoliceToken).GetAsync($"/api/v1/observables/container/{Container}/graph?format=svg")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await web.Api(s.PoliceToken).GetAsync("/api/v1/observables/nonsense/x/graph")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Api(null).GetAsync($"/api/v1/observables/container/{Container}/graph")).StatusCode);
    }

    [Fact]
    public async Task SignalPage_LinksItsObservables_AndShowsTheGraphWithPersonalDataMaskedUntilAPurposeIsGiven()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var s = await SetUpAsync(web);

        var html = await s.Police.GetStringAsync($"/signals/{s.First}");
        Assert.Contains($"href=\"/observables/container/{Container}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"graph-table\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-graph-url=\"/api/v1/signals/{s.First}/graph?mask=personal\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/signals/{s.Hidden}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Person, html, StringComparison.Ordinal);

        var revealed = await SlagboomWebFactory.PostFormAsync(s.Police, $"/signals/{s.First}", new Dictionary<string, string> { ["purpose"] = "onderzoek RTM-1" }, $"/signals/{s.First}?handler=Reveal");
        var after = await revealed.Content.ReadAsStringAsync();
        Assert.Contains($"data-graph-url=\"/api/v1/signals/{s.First}/graph\"", after, StringComparison.Ordinal);
        Assert.Contains($"href=\"/observables/person/{Uri.EscapeDataString(Person)}\"", after, StringComparison.Ordinal);

        var partner = await s.Terminal.GetStringAsync($"/signals/{s.First}");
        Assert.Contains("href=\"/observables/person/pd%3A", partner, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Hidden, partner, StringComparison.Ordinal);
        Assert.DoesNotContain("Vries", partner, StringComparison.Ordinal);
    }
}
