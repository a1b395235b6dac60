using Slagboom.Core.Accounts;
using Slagboom.Core.Cases;
using Slagboom.Core.Errors;
using Slagboom.Core.Search;
using Slagboom.Domain.Accounts;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Search;

/// <summary>
/// Case search (docs/cases.md "Search"): the owner finds its cases on title and description; an assignee on the title
/// only when the owner shares it; anyone else finds nothing; the same hits on SQLite and PostgreSQL.
/// </summary>
public sealed class CaseSearchTests
{
    private sealed record World(Actor Police, Actor PoliceAdmin, Actor Municipality, Actor Stranger, string Shared, string Private, string Drone);

    /// <summary>
    /// The police own three cases; the municipality has a task in two of them, one with the title shared; a third
    /// organisation has nothing to do with any.
    /// </summary>
    private static async Task<World> WorldAsync(TestInstance instance)
    {
        var policeOrganisation = await AddOrganisationAsync(instance, "Zeehavenpolitie");
        var police = await AddMemberAsync(instance, policeOrganisation, "rechercheur@politie.nl", Role.Analyst);
        var policeAdmin = await AddMemberAsync(instance, policeOrganisation, "beheer@politie.nl", Role.OrgAdmin);
        var municipality = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Gemeente Rotterdam"), "bibob@gemeente.nl");
        var stranger = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Douane"), "douanier@douane.nl");
        var shared = await CreateAsync(instance, police, "Uithaalploeg poort 7", "Zwanenburg regelt de uithaal; de containerterminal meldt afwijkende zegels.",
            "RTM", "incident", share: true, assignee: municipality);
        var @private = await CreateAsync(instance, police, "Zwanenburg en de loods", "Een loods aan de Waalhaven, huurder onbekend. Uithaal vermoed.",
            "RTM", "integrity", share: false, assignee: municipality);
        var drone = await CreateAsync(instance, police, "Drone boven de kade", "Een drone vloog laag over de containers.", "ZWB", "observation",
            share: false, assignee: null);
        return new World(police, policeAdmin, municipality, stranger, shared, @private, drone);
    }

    private static async Task<string> CreateAsync(TestInstance instance, Actor owner, string title, string description, string mainport, string kind,
        bool share, Actor? assignee)
    {
        instance.Clock.Advance(TimeSpan.FromMinutes(1));
        var created = await instance.RunAsync<CaseService, Result<CaseView>>(c => c.CreateAsync(owner, new CaseInput(title, description, mainport, kind, share)));
        Assert.True(created.Ok, created.Error?.Message);
        if (assignee is not null)
        {
            var due = DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime).AddDays(7);
            var task = await instance.RunAsync<CaseService, Result<TaskView>>(c => c.AssignTaskAsync(owner, created.Value!.Id,
                new TaskInput(assignee.OrganisationId, "Bibob-toets op de huurder van de loods.", due)));
            Assert.True(task.Ok, task.Error?.Message);
        }

        return created.Value!.Id;
    }

    private static async Task<CaseSearchPage> SearchAsync(TestInstance instance, Actor actor, string q, CaseSearchFilters? filters = null, int? limit = null, string? cursor = null)
    {
        var page = await instance.RunAsync<CaseSearch, Result<CaseSearchPage>>(s => s.SearchAsync(actor, q, filters ?? new CaseSearchFilters(), limit, cursor));
        Assert.True(page.Ok, page.Error?.Message);
        return page.Value!;
    }

    private static async Task<string[]> IdsAsync(TestInstance instance, Actor actor, string q, CaseSearchFilters? filters = null) =>
        [.. (await SearchAsync(instance, actor, q, filters)).Items.Select(i => i.CaseId).Order(StringComparer.Ordinal)];

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Owner_FindsByTitleAndDescription_WithPhrasePrefixAndExclusion(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);

        Assert.Equal(Sorted(w.Shared, w.Private), await IdsAsync(instance, w.Police, "zwanenburg"));
        Assert.Equal([w.Private], await IdsAsync(instance, w.Police, "waalhaven"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "\"afwijkende zegels\""));
        Assert.Empty(await IdsAsync(instance, w.Police, "\"zegels afwijkende\""));
        Assert.Equal(Sorted(w.Shared, w.Drone), await IdsAsync(instance, w.Police, "contain*"));
        Assert.Equal([w.Private], await IdsAsync(instance, w.Police, "uithaal -zegels"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "uithaal -\"huurder onbekend\""));
        Assert.Equal(Sorted(w.Shared, w.Private), await IdsAsync(instance, w.Police, "ZWANENBURG uithaal"));
        Assert.Empty(await IdsAsync(instance, w.Police, "zwanenburg drone"));

        // A word in the title outranks the same word in the description.
        var ranked = await SearchAsync(instance, w.Police, "zwanenburg");
        Assert.Equal([w.Private, w.Shared], ranked.Items.Select(i => i.CaseId));
        Assert.All(ranked.Items, i => Assert.Equal("owner", i.Access));
        Assert.Contains(ranked.Items[1].Snippet, p => p.Match && p.Text == "Zwanenburg");

        // A pseudonym never matches a case; an excluded one excludes nothing.
        Assert.Empty(await IdsAsync(instance, w.Police, "pd:0123456789abcdef"));
        Assert.Equal([w.Drone], await IdsAsync(instance, w.Police, "drone -pd:0123456789abcdef"));

        // Filters: mainport, kind, status, created from/to.
        Assert.Equal([w.Drone], await IdsAsync(instance, w.Police, "de", new CaseSearchFilters(Mainport: "ZWB")));
        Assert.Equal([w.Private], await IdsAsync(instance, w.Police, "de", new CaseSearchFilters(Kind: "integrity")));
        Assert.Equal(Sorted(w.Shared, w.Private, w.Drone), await IdsAsync(instance, w.Police, "de", new CaseSearchFilters(Status: "open")));
        Assert.Empty(await IdsAsync(instance, w.Police, "de", new CaseSearchFilters(Status: "closed")));
        var now = instance.Clock.GetUtcNow().UtcDateTime;
        Assert.Empty(await IdsAsync(instance, w.Police, "de", new CaseSearchFilters(From: now.AddMinutes(1).ToString("O"))));
        Assert.Equal(Sorted(w.Shared, w.Private, w.Drone), await IdsAsync(instance, w.Police, "de", new CaseSearchFilters(To: now.AddMinutes(1).ToString("O"))));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Assignee_FindsTheSharedTitleOnly_AndAStrangerNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);

        // The title is shared for one case: found on the title, with nothing else of the case.
        var hit = Assert.Single((await SearchAsync(instance, w.Municipality, "uithaalploeg")).Items);
        Assert.Equal((w.Shared, "assignee", "Uithaalploeg poort 7"), (hit.CaseId, hit.Access, hit.Title));
        Assert.Null(hit.Mainport);
        Assert.Null(hit.Kind);
        Assert.Null(hit.Status);
        Assert.Null(hit.CreatedAt);
        Assert.Empty(hit.Snippet);

        // Never the description, never a title the owner did not share, and no probing by exclusion.
        Assert.Empty(await IdsAsync(instance, w.Municipality, "zwanenburg"));
        Assert.Empty(await IdsAsync(instance, w.Municipality, "waalhaven"));
        Assert.Empty(await IdsAsync(instance, w.Municipality, "loods"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Municipality, "poort -zwanenburg"));
        // Filters test what only the owner sees: with one, an assignee finds nothing.
        Assert.Empty(await IdsAsync(instance, w.Municipality, "uithaalploeg", new CaseSearchFilters(Mainport: "RTM")));

        // An unrelated organisation: an empty answer, exactly as for a query that matches nothing.
        foreach (var q in new[] { "zwanenburg", "uithaalploeg", "drone", "de", "contain*" })
        {
            var page = await SearchAsync(instance, w.Stranger, q);
            Assert.Empty(page.Items);
            Assert.Null(page.Next);
        }

        // When the owner stops sharing the title, the assignee no longer finds it.
        Assert.True((await instance.RunAsync<CaseService, Result<CaseView>>(c => c.UpdateAsync(w.Police, w.Shared, new CaseUpdateInput(ShareTitleWithAssignees: false)))).Ok);
        Assert.Empty(await IdsAsync(instance, w.Municipality, "uithaalploeg"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "uithaalploeg"));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task BadInput_IsAClearError_AndRolesWithoutContentFindNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);

        async Task<Invalid> InvalidAsync(string q, CaseSearchFilters filters, string? cursor = null)
        {
            var page = await instance.RunAsync<CaseSearch, Result<CaseSearchPage>>(s => s.SearchAsync(w.Police, q, filters, null, cursor));
            return Assert.IsType<Invalid>(page.Error);
        }

        Assert.Contains("q", (await InvalidAsync("-alleen", new CaseSearchFilters())).Fields.Keys);
        Assert.Contains("q", (await InvalidAsync("a*", new CaseSearchFilters())).Fields.Keys);
        Assert.Contains("mainport", (await InvalidAsync("de", new CaseSearchFilters(Mainport: "XXX"))).Fields.Keys);
        Assert.Contains("kind", (await InvalidAsync("de", new CaseSearchFilters(Kind: "nonsense"))).Fields.Keys);
        Assert.Contains("status", (await InvalidAsync("de", new CaseSearchFilters(Status: "half"))).Fields.Keys);
        Assert.Contains("from", (await InvalidAsync("de", new CaseSearchFilters(From: "gisteren"))).Fields.Keys);
        Assert.Contains("cursor", (await InvalidAsync("de", new CaseSearchFilters(), "abc")).Fields.Keys);

        // An administrator of the owner organisation sees no cases, so finds none.
        Assert.Empty(await IdsAsync(instance, w.PoliceAdmin, "zwanenburg"));

        // Paging: two hits, then the third through the cursor.
        var first = await SearchAsync(instance, w.Police, "de", limit: 2);
        Assert.Equal(2, first.Items.Count);
        var second = await SearchAsync(instance, w.Police, "de", limit: 2, cursor: first.Next);
        Assert.Single(second.Items);
        Assert.Null(second.Next);
        Assert.Empty(first.Items.Select(i => i.CaseId).Intersect(second.Items.Select(i => i.CaseId)));
    }

    [Fact]
    public async Task SameData_SameHitsInTheSameOrder_OnSqliteAndPostgres()
    {
        var queries = new[] { "zwanenburg", "uithaal", "contain*", "de", "\"de uithaal\"", "uithaal -zegels", "lo* -drone", "poort", "drone" };
        var answers = new Dictionary<string, List<string>>();
        foreach (var provider in new[] { TestInstance.Sqlite, TestInstance.Postgres })
        {
            await using var instance = await TestInstance.CreateAsync(provider);
            var w = await WorldAsync(instance);
            var names = new Dictionary<string, string> { [w.Shared] = "shared", [w.Private] = "private", [w.Drone] = "drone" };
            var lines = new List<string>();
            foreach (var q in queries)
            {
                foreach (var actor in new[] { w.Police, w.Municipality, w.Stranger })
                {
                    var page = await SearchAsync(instance, actor, q);
                    lines.Add(q + ": " + string.Join(",", page.Items.Select(i => names[i.CaseId] + "/" + i.Access + "/" + i.Rank)));
                }
            }

            answers[provider] = lines;
        }

        Assert.Equal(answers[TestInstance.Sqlite], answers[TestInstance.Postgres]);
        Assert.Contains(answers[TestInstance.Sqlite], l => l.StartsWith("poort: shared/owner", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_ProvesPhraseWithinASection_AndPrefixOnTheLastWord()
    {
        var query = SearchQuery.Parse("\"poort zeven\"").Value!;
        var title = (SearchText.Section(["Uithaal poort"]), CaseSearch.TitleWeight);
        var description = (SearchText.Section(["zeven containers"]), 1.0);
        Assert.Null(CaseSearch.Rank(query, [title, description]));
        Assert.Equal(1.0, CaseSearch.Rank(query, [(SearchText.Section(["bij poort zeven"]), 1.0)]));
        Assert.Equal(2 * CaseSearch.TitleWeight + 1, CaseSearch.Rank(SearchQuery.Parse("po*").Value!, [(SearchText.Section(["Poort, Pool"]), CaseSearch.TitleWeight), (SearchText.Section(["de poort"]), 1.0)]));
        Assert.Null(CaseSearch.Rank(SearchQuery.Parse("\"poort ze\"*").Value!, [(SearchText.Section(["zeven poort"]), 1.0)]));
        Assert.Equal(1.0, CaseSearch.Rank(SearchQuery.Parse("\"poort ze\"*").Value!, [(SearchText.Section(["poort zeventien"]), 1.0)]));
    }
}
