using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Signals;

/// <summary>
/// The access matrix of CONTRACT.md §5 through the HTTP API: organisation kind × role × distribution × published
/// state × TLP × legal basis × operation (read, list, search), over two mainports and a sharing group. The test
/// states the rules again in its own words (<see cref="Expected"/>) and checks every cell against the server.
/// </summary>
public sealed class AccessMatrixTests
{
    private const string Person = "Jan de Vries";
    private const string Phone = "+31612345678";
    private const string Container = "CSQU3054383";

    private sealed record Org(string Key, string Id, bool Public, string Mainport, bool InGroup);

    private sealed record Caller(Org Org, string Role, string Token);

    private sealed record Case(string Id, string Level, bool Published, bool LegalBasis, bool HasSummary, string Marker);

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task EveryCell_MatchesTheContract(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var orgs = new List<Org>();
        async Task<Org> AddOrg(string key, bool isPublic, string mainport, bool inGroup)
        {
            var id = await web.AddOrganisationAsync($"{key} {Guid.NewGuid():N}"[..30], isPublic ? "public" : "private", mainport);
            var org = new Org(key, id, isPublic, mainport, inGroup);
            orgs.Add(org);
            return org;
        }

        var owner = await AddOrg("owner", true, "RTM", false);
        await AddOrg("public-rtm", true, "RTM", false);
        await AddOrg("private-rtm", false, "RTM", false);
        await AddOrg("public-zwb", true, "ZWB", false);
        await AddOrg("private-zwb", false, "ZWB", false);
        var groupPublic = await AddOrg("group-public-zwb", true, "ZWB", true);
        var groupPrivate = await AddOrg("group-private-zwb", false, "ZWB", true);

        var callers = new List<Caller>();
        foreach (var org in orgs)
        {
            foreach (var role in new[] { "member", "analyst", "org-admin" })
            {
                var user = await web.AddUserAsync(org.Id, $"{role}.{org.Key}.{Guid.NewGuid().ToString("N")[..8]}@test.nl", role);
                callers.Add(new Caller(org, role, await web.TokenForAsync(user.User.Email!)));
            }
        }

        var auditorUser = await web.AddUserAsync(owner.Id, $"auditor.{Guid.NewGuid():N}@test.nl", "auditor");
        callers.Add(new Caller(owner, "auditor", await web.TokenForAsync(auditorUser.User.Email!)));
        var author = web.Api(callers.First(c => c.Org == owner && c.Role == "member").Token);

        var group = await author.PostAsJsonAsync("/api/v1/sharing-groups", new { name = "Schelde-overleg", organisationIds = new[] { groupPublic.Id, groupPrivate.Id } });
        Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        var groupId = (await group.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var cases = new List<Case>();
        foreach (var level in new[] { "organisation", "group", "public-partners", "mainport", "national" })
        {
            foreach (var published in new[] { false, true })
            {
                foreach (var legal in new[] { false, true })
                {
                    var marker = $"m{cases.Count}x{Guid.NewGuid():N}"[..12];
                    var hasSummary = cases.Count % 3 != 0;
                    var tlp = level is "organisation" or "group" && !legal ? "red" : "amber";
                    var body = new
                    {
                        title = $"Titel {marker}t",
                        description = $"Volledige beschrijving {marker}d met details",
                        partnerSummary = hasSummary ? $"Samenvatting {marker}s" : null,
                        mainport = "RTM",
                        occurredAt = "2026-11-01T03:15:00Z",
                        category = "intrusion",
                        modusOperandi = new[] { "SEA-T01" },
                        processStep = 5,
                        observables = new[] { new { type = "person", value = Person }, new { type = "phone", value = "06 1234 5678" }, new { type = "container", value = "CSQU 305438-3" } },
                        distribution = new { level, groupId = level == "group" ? groupId : null },
                        tlp,
                        personalDataToPrivatePartners = legal ? new { legalBasis = "art. 6 lid 1 sub f AVG, afgestemd met FG" } : null,
                    };
                    var created = await author.PostAsJsonAsync("/api/v1/signals", body);
                    Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
                    var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                    if (published)
                    {
                        Assert.Equal(HttpStatusCode.OK, (await author.PostAsync($"/api/v1/signals/{id}/publish", null)).StatusCode);
                    }

                    cases.Add(new Case(id, level, published, legal, hasSummary, marker));
                }
            }
        }

        var failures = new List<string>();
        var pseudonyms = new Dictionary<(string Org, string Value), HashSet<string>>();
        foreach (var caller in callers)
        {
            var api = web.Api(caller.Token);
            var listed = await ListAllAsync(api, "");
            foreach (var c in cases)
            {
                var cell = $"{caller.Org.Key}/{caller.Role} × {c.Level}/{(c.Published ? "published" : "draft")}/{(c.LegalBasis ? "legal" : "no-legal")}";
                var (sees, clear) = Expected(caller, c, owner);
                var response = await api.GetAsync($"/api/v1/signals/{c.Id}");
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != (sees ? HttpStatusCode.OK : HttpStatusCode.NotFound))
                {
                    failures.Add($"{cell}: read {(int)response.StatusCode}, expected {(sees ? 200 : 404)}");
                    continue;
                }

                if (listed.Contains(c.Id) != sees)
                {
                    failures.Add($"{cell}: list {(sees ? "lacks" : "shows")} the signal");
                }

                if (!sees)
                {
                    Assert.DoesNotContain(c.Marker, text, StringComparison.Ordinal);
                    continue;
                }

                var json = JsonDocument.Parse(text).RootElement;
                var description = json.TryGetProperty("description", out var d) ? d.GetString() : null;
                var expectedDescription = clear ? $"Volledige beschrijving {c.Marker}d met details" : c.HasSummary ? $"Samenvatting {c.Marker}s" : null;
                if (description != expectedDescription)
                {
                    failures.Add($"{cell}: description '{description}', expected '{expectedDescription}'");
                }

                var values = json.GetProperty("observables").EnumerateArray().ToDictionary(o => o.GetProperty("type").GetString()!, o => o.GetProperty("value").GetString()!);
                if (values["container"] != Container)
                {
                    failures.Add($"{cell}: container '{values["container"]}'");
                }

                foreach (var (type, real) in new[] { ("person", Person), ("phone", Phone) })
                {
                    if (clear && values[type] != real)
                    {
                        failures.Add($"{cell}: {type} '{values[type]}', expected the real value");
                    }

                    if (!clear)
                    {
                        if (!values[type].StartsWith("pd:", StringComparison.Ordinal))
                        {
                            failures.Add($"{cell}: {type} not pseudonymised");
                        }

                        if (!pseudonyms.TryGetValue((caller.Org.Id, real), out var seen))
                        {
                            pseudonyms[(caller.Org.Id, real)] = seen = [];
                        }

                        seen.Add(values[type]);
                    }
                }

                if (!clear && (text.Contains(Person, StringComparison.Ordinal) || text.Contains("612345678", StringComparison.Ordinal) || text.Contains($"{c.Marker}d", StringComparison.Ordinal)))
                {
                    failures.Add($"{cell}: a real personal-data value or the description reached a receiver of pseudonyms");
                }

                // Search: the title word finds it; the description word and the real value only where received in clear.
                if (!(await ListAllAsync(api, $"{c.Marker}t")).Contains(c.Id))
                {
                    failures.Add($"{cell}: search by title word misses it");
                }

                if ((await ListAllAsync(api, $"{c.Marker}d")).Contains(c.Id) != clear)
                {
                    failures.Add($"{cell}: search by description word {(clear ? "misses" : "finds")} it");
                }

                if ((await ListAllAsync(api, $"{c.Marker}t vries")).Contains(c.Id) != clear)
                {
                    failures.Add($"{cell}: search by the real person name {(clear ? "misses" : "finds")} it");
                }

                if (!clear && !(await ListAllAsync(api, $"{c.Marker}t {values["person"]}")).Contains(c.Id))
                {
                    failures.Add($"{cell}: search by the caller's own pseudonym misses it");
                }
            }
        }

        // Sightings: by a value anyone receives, every visible signal; by a real personal-data value only where received
        // in clear; by the caller's own pseudonym only where the caller was shown that pseudonym.
        foreach (var caller in callers)
        {
            var api = web.Api(caller.Token);
            var expected = cases.Select(c => (c.Id, Cell: Expected(caller, c, owner))).ToList();
            var visibleIds = expected.Where(e => e.Cell.Sees).Select(e => e.Id).ToHashSet();
            var clearIds = expected.Where(e => e.Cell.Clear).Select(e => e.Id).ToHashSet();
            var byContainer = await SightingsAsync(api, "container", "csqu 305438 3");
            var byPerson = await SightingsAsync(api, "person", Person);
            if (!byContainer.SetEquals(visibleIds) || !byPerson.SetEquals(clearIds))
            {
                failures.Add($"{caller.Org.Key}/{caller.Role}: sightings {byContainer.Count}/{byPerson.Count}, expected {visibleIds.Count}/{clearIds.Count}");
            }

            if (pseudonyms.TryGetValue((caller.Org.Id, Person), out var own))
            {
                var byPseudonym = await SightingsAsync(api, "person", own.First());
                if (!byPseudonym.SetEquals(visibleIds.Except(clearIds)))
                {
                    failures.Add($"{caller.Org.Key}/{caller.Role}: sightings by own pseudonym {byPseudonym.Count}, expected {visibleIds.Except(clearIds).Count()}");
                }
            }
        }

        // Export: exactly the visible signals, each as the caller receives it, under the strictest marking among them.
        foreach (var caller in callers)
        {
            var response = await web.Api(caller.Token).GetAsync("/api/v1/exports/signals");
            var export = await response.Content.ReadFromJsonAsync<JsonElement>();
            var expected = cases.Where(c => Expected(caller, c, owner).Sees).ToDictionary(c => c.Id);
            var items = export.GetProperty("signals").EnumerateArray().ToList();
            if (!items.Select(i => i.GetProperty("id").GetString()!).ToHashSet().SetEquals(expected.Keys))
            {
                failures.Add($"{caller.Org.Key}/{caller.Role}: export holds {items.Count} signals, expected {expected.Count}");
                continue;
            }

            foreach (var item in items)
            {
                var c = expected[item.GetProperty("id").GetString()!];
                var person = item.GetProperty("observables").EnumerateArray().First(o => o.GetProperty("type").GetString() == "person").GetProperty("value").GetString();
                if ((person == Person) != Expected(caller, c, owner).Clear)
                {
                    failures.Add($"{caller.Org.Key}/{caller.Role}: export shows person '{person}' for {c.Level}/{c.LegalBasis}");
                }
            }

            var marking = expected.Count == 0 ? "TLP:CLEAR" : expected.Values.Any(c => c.Level is "organisation" or "group" && !c.LegalBasis) ? "TLP:RED" : "TLP:AMBER";
            if (response.Headers.GetValues("X-TLP-Marking").Single() != marking || export.GetProperty("marking").GetString() != marking)
            {
                failures.Add($"{caller.Org.Key}/{caller.Role}: export marked {export.GetProperty("marking").GetString()}, expected {marking}");
            }
        }

        var stranger = callers.First(c => c.Org.Key == "private-zwb" && c.Role == "member");
        var othersPseudonym = pseudonyms.First(p => p.Key.Org != stranger.Org.Id && p.Key.Value == Person).Value.First();
        if ((await SightingsAsync(web.Api(stranger.Token), "person", othersPseudonym)).Count != 0)
        {
            failures.Add("another organisation's pseudonym found sightings");
        }

        // A pseudonym is stable for one value within an organisation and differs between organisations.
        foreach (var ((org, value), seen) in pseudonyms)
        {
            if (seen.Count != 1)
            {
                failures.Add($"{org}: {seen.Count} different pseudonyms for one value");
            }
        }

        var all = pseudonyms.Values.Select(s => s.Single()).ToList();
        if (all.Count != all.Distinct().Count())
        {
            failures.Add("two organisations or two values share a pseudonym");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} cells differ from CONTRACT.md §5:\n" + string.Join("\n", failures.Take(60)));
        Assert.True(pseudonyms.Count >= 4, "private organisations received pseudonyms in the matrix");
    }

    /// <summary>CONTRACT.md §5, restated: does the caller see the signal, and in clear?</summary>
    private static (bool Sees, bool Clear) Expected(Caller caller, Case c, Org owner)
    {
        if (caller.Role is not ("member" or "analyst"))
        {
            return (false, false);
        }

        var ownsIt = caller.Org == owner;
        var admitted = c.Published && c.Level switch
        {
            "organisation" => false,
            "group" => caller.Org.InGroup,
            "public-partners" => caller.Org.Public && caller.Org.Mainport == "RTM",
            "mainport" => caller.Org.Mainport == "RTM",
            "national" => true,
            _ => throw new InvalidOperationException(c.Level),
        };
        var sees = ownsIt || admitted;
        var clear = ownsIt || caller.Org.Public || c.LegalBasis;
        return (sees, sees && clear);
    }

    private static async Task<HashSet<string>> SightingsAsync(HttpClient api, string type, string value)
    {
        var ids = new HashSet<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/observables/{type}/{Uri.EscapeDataString(value)}/sightings?limit=6" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await api.GetFromJsonAsync<JsonElement>(url);
            Assert.False(page.GetProperty("common").GetBoolean());
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(ids.Add(item.GetProperty("signalId").GetString()!), "paging returned a sighting twice");
            }

            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        return ids;
    }

    private static async Task<HashSet<string>> ListAllAsync(HttpClient api, string q)
    {
        var ids = new HashSet<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/signals?limit=7&q={Uri.EscapeDataString(q)}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await api.GetFromJsonAsync<JsonElement>(url);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(ids.Add(item.GetProperty("id").GetString()!), "paging returned an item twice");
            }

            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        return ids;
    }
}
