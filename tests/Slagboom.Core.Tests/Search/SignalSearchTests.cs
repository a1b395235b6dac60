using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Retention;
using Slagboom.Core.Search;
using Slagboom.Core.Signals;
using Slagboom.Domain.Organisations;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Search;

/// <summary>
/// Full-text search finds the same signals on SQLite and PostgreSQL, through the sharing policy, and a private
/// partner's query matches only the text and values it receives (CONTRACT.md §5).
/// </summary>
public sealed class SignalSearchTests
{
    private sealed record World(Actor Police, Actor Terminal, string Shared, string WithLegalBasis, string OwnOnly, string Other);

    /// <summary>
    /// Police (public) write three signals; a private terminal sees the national ones, one of them with a legal
    /// basis for disclosure; a third one stays within the police.
    /// </summary>
    private static async Task<World> WorldAsync(TestInstance instance)
    {
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Zeehavenpolitie"), "rechercheur@politie.nl");
        var terminal = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Delta Terminal", OrganisationKind.Private), "planner@terminal.nl");
        var shared = await CreateAsync(instance, police, "Verdachte container bij poort 7",
            "Een informant noemt Zwanenburg als regelaar van de uithaal.", "Container met een afwijkende zegel bij poort 7.",
            observables: [("container", "CSQU3054383"), ("phone", "06 1234 5678"), ("person", "Jan de Vries")]);
        var withLegalBasis = await CreateAsync(instance, police, "Uithaler aangehouden",
            "Zwanenburg is gezien bij de kraan.", "Aanhouding op de terminal.", legalBasis: "Convenant gegevensdeling",
            observables: [("person", "Piet Zwanenburg")]);
        var ownOnly = await CreateAsync(instance, police, "Verdachte container, alleen politie",
            "Onderzoek loopt.", null, level: "organisation", observables: [("container", "CSQU3054383")]);
        var other = await CreateAsync(instance, police, "Drone boven de kade",
            "Een drone vloog laag over de containers; piloot onbekend.", "Drone gezien.", category: "observation", tlp: "green",
            modusOperandi: ["SEA-C01"], mainport: "RTM");
        return new World(police, terminal, shared, withLegalBasis, ownOnly, other);
    }

    private static async Task<string> CreateAsync(TestInstance instance, Actor owner, string title, string description, string? summary,
        string level = "national", string category = "incident", string tlp = "amber", string? legalBasis = null, string mainport = "RTM",
        string[]? modusOperandi = null, (string Type, string Value)[]? observables = null)
    {
        instance.Clock.Advance(TimeSpan.FromMinutes(1));
        var input = new SignalInput(title, description, summary, mainport, instance.Clock.GetUtcNow().AddHours(-1), category,
            modusOperandi, null, [.. (observables ?? []).Select(o => new ObservableInput(o.Type, o.Value))], new DistributionInput(level, null), tlp,
            legalBasis is null ? null : new PersonalDataDisclosure(legalBasis));
        var created = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.CreateAsync(owner, input));
        Assert.True(created.Ok, created.Error?.Message);
        var published = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.PublishAsync(owner, created.Value!.Id));
        Assert.True(published.Ok, published.Error?.Message);
        return created.Value!.Id;
    }

    private static async Task<SearchPage> SearchAsync(TestInstance instance, Actor actor, string q, SearchFilters? filters = null, int? limit = null, string? cursor = null)
    {
        var page = await instance.RunAsync<SignalSearch, Result<SearchPage>>(s => s.SearchAsync(actor, q, filters ?? new SearchFilters(), limit, cursor));
        Assert.True(page.Ok, page.Error?.Message);
        return page.Value!;
    }

    private static async Task<string[]> IdsAsync(TestInstance instance, Actor actor, string q, SearchFilters? filters = null) =>
        [.. (await SearchAsync(instance, actor, q, filters)).Items.Select(i => i.SignalId).Order(StringComparer.Ordinal)];

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task PrivatePartner_IsNotMatchedByADescriptionSpellingOutThePublicMarkOfAWord(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);
        // On SQLite a partner's word is asked as its marked twin (SearchText.PublicWord), in the public terms only.
        var spelled = await CreateAsync(instance, w.Police, "Melding bij de loods",
            $"In het verslag staat {SearchText.PublicWord("geheim")} en {SearchText.PublicWord("informant")}.", "Melding.");

        Assert.Empty(await IdsAsync(instance, w.Terminal, "geheim"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "geheim*"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "informant"));
        Assert.Equal([spelled], await IdsAsync(instance, w.Terminal, "loods"));
        Assert.Equal([spelled], await IdsAsync(instance, w.Terminal, "loo*"));
        Assert.Equal([spelled], await IdsAsync(instance, w.Police, SearchText.PublicWord("geheim")));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task PrivatePartner_MatchesOnlyTheTextAndValuesItReceives(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);

        // A word only in the description: the police find it; the terminal only where a legal basis discloses it.
        Assert.Equal(Sorted(w.Shared, w.WithLegalBasis), await IdsAsync(instance, w.Police, "zwanenburg"));
        Assert.Equal([w.WithLegalBasis], await IdsAsync(instance, w.Terminal, "zwanenburg"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "informant"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "\"een informant noemt\""));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "inform*"));

        // Real personal-data values: not for the terminal, in any spelling.
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "+31612345678"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "+31612345678"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "31612345678"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "\"jan de vries\""));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "vries"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "\"Jan de Vries\""));

        // An exclusion cannot probe what the terminal does not receive either.
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Terminal, "poort -zwanenburg"));
        Assert.Empty(await IdsAsync(instance, w.Police, "poort -zwanenburg"));

        // What it does receive: title, partner summary, container number.
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Terminal, "afwijkende zegel"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Terminal, "CSQU3054383"));
        Assert.Equal(Sorted(w.Shared, w.OwnOnly), await IdsAsync(instance, w.Police, "csqu3054383"));

        // Its own pseudonym finds the signal through the observables; nobody else's pseudonym does.
        var view = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.GetAsync(w.Terminal, w.Shared, null));
        var pseudonym = view.Value!.Observables.Single(o => o.Type == "person").Value;
        Assert.StartsWith("pd:", pseudonym, StringComparison.Ordinal);
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Terminal, pseudonym));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Terminal, pseudonym + " poort"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, pseudonym + " drone"));
        Assert.Empty(await IdsAsync(instance, w.Police, pseudonym));

        // Snippets come from what the caller receives.
        var forTerminal = (await SearchAsync(instance, w.Terminal, "poort")).Items.Single();
        var terminalText = string.Concat(forTerminal.Snippet.Select(p => p.Text));
        Assert.Contains("afwijkende zegel", terminalText, StringComparison.Ordinal);
        Assert.DoesNotContain("Zwanenburg", terminalText, StringComparison.Ordinal);
        Assert.Contains(forTerminal.Snippet, p => p.Match && p.Text == "poort");
        var forPolice = (await SearchAsync(instance, w.Police, "regelaar")).Items.Single();
        Assert.Contains(forPolice.Snippet, p => p.Match && p.Text == "regelaar");

        // Nothing of a signal the caller may not see.
        Assert.DoesNotContain(w.OwnOnly, await IdsAsync(instance, w.Terminal, "container"));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Syntax_PhrasesPrefixesExclusionsAndFilters_FindTheSameSignals(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);

        Assert.Equal(Sorted(w.Shared, w.OwnOnly), await IdsAsync(instance, w.Police, "verdachte container"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "\"container bij poort\""));
        Assert.Empty(await IdsAsync(instance, w.Police, "\"poort bij container\""));
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "dro*"));
        Assert.Equal(Sorted(w.Shared, w.OwnOnly, w.Other), await IdsAsync(instance, w.Police, "contain*"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "verdachte container -politie"));
        Assert.Equal([w.OwnOnly], await IdsAsync(instance, w.Police, "verdachte -\"bij poort\""));
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "DRÔNE"));
        // No phrase across the public and restricted sections (title | description).
        Assert.Empty(await IdsAsync(instance, w.Police, "\"kade een drone\""));
        Assert.Empty(await IdsAsync(instance, w.Police, "\"kade een\""));
        // Two words (on SQLite their word pair; with a prefix, the phrase): in this order, next to each other; in the
        // restricted section only for who receives it.
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "\"bij poort\""));
        Assert.Empty(await IdsAsync(instance, w.Police, "\"poort bij\""));
        Assert.Empty(await IdsAsync(instance, w.Police, "\"container poort\""));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "\"bij po\"*"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "\"informant noemt\""));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "\"informant noemt\""));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Terminal, "\"afwijkende zegel\""));

        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "contain*", new SearchFilters(Category: "observation")));
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "contain*", new SearchFilters(ModusOperandi: "sea-c01")));
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "contain*", new SearchFilters(Tlp: "green")));
        Assert.Empty(await IdsAsync(instance, w.Police, "contain*", new SearchFilters(Mainport: "SCH")));
        var now = instance.Clock.GetUtcNow();
        Assert.Empty(await IdsAsync(instance, w.Police, "contain*", new SearchFilters(From: now.ToString("O"))));
        Assert.Equal(3, (await IdsAsync(instance, w.Police, "contain*", new SearchFilters(From: now.AddDays(-1).ToString("yyyy-MM-dd"), To: now.ToString("O")))).Length);

        // A title hit ranks above a description hit, on both engines.
        var ranked = await SearchAsync(instance, w.Police, "contain*");
        Assert.Equal(w.Other, ranked.Items[^1].SignalId);
        Assert.True(ranked.Items[0].Rank > ranked.Items[^1].Rank);

        // Pages follow the ranking.
        var first = await SearchAsync(instance, w.Police, "contain*", limit: 2);
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Next);
        var second = await SearchAsync(instance, w.Police, "contain*", limit: 2, cursor: first.Next);
        Assert.Single(second.Items);
        Assert.Null(second.Next);
        Assert.Empty(first.Items.Select(i => i.SignalId).Intersect(second.Items.Select(i => i.SignalId)));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("-alleen -uitsluiten", "q")]
    [InlineData("a* b", "q")]
    [InlineData("een twee drie vier vijf zes zeven acht negen tien elf", "q")]
    public async Task BadQueries_AreRefusedWithTheFieldNamed(string q, string field)
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Politie"), "p@politie.nl");
        var page = await instance.RunAsync<SignalSearch, Result<SearchPage>>(s => s.SearchAsync(police, q, new SearchFilters(), null, null));
        Assert.False(page.Ok);
        Assert.Contains(field, ((Invalid)page.Error!).Fields.Keys);
    }

    [Fact]
    public async Task BadFiltersAndCursors_AreRefusedWithTheFieldNamed()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Politie"), "p@politie.nl");
        var page = await instance.RunAsync<SignalSearch, Result<SearchPage>>(s => s.SearchAsync(police, "x",
            new SearchFilters("XXX", "nope", "a;b", "gisteren", "morgen", "purple"), null, "-1"));
        Assert.Equal(["cursor"], ((Invalid)page.Error!).Fields.Keys);
        page = await instance.RunAsync<SignalSearch, Result<SearchPage>>(s => s.SearchAsync(police, "x",
            new SearchFilters("XXX", "nope", "a;b", "gisteren", "morgen", "purple"), null, null));
        Assert.Equal(new[] { "category", "from", "mainport", "mo", "tlp", "to" }, ((Invalid)page.Error!).Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Index_FollowsEditDeleteRetentionAndImport(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);

        var edited = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.UpdateAsync(w.Police, w.Other,
            new SignalInput("Helikopter boven de kade", "Laag vliegend toestel.", null, "RTM", instance.Clock.GetUtcNow().AddHours(-2), "observation",
                null, null, [new ObservableInput("vessel", "Nordic Star")], new DistributionInput("national", null), "green", null)));
        Assert.True(edited.Ok, edited.Error?.Message);
        Assert.Empty(await IdsAsync(instance, w.Police, "drone"));
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "helikopter \"nordic star\""));

        var deleted = await instance.RunAsync<SignalDeletion, Result<string>>(d => d.DeleteAsync(w.Police, w.Other));
        Assert.True(deleted.Ok, deleted.Error?.Message);
        Assert.Empty(await IdsAsync(instance, w.Police, "helikopter"));

        await instance.RunAsync<RetentionJob>(r => r.PurgeAsync([w.Shared], id => new AuditEvent(RetentionJob.DeleteAction, $"signal:{id}")));
        Assert.Empty(await IdsAsync(instance, w.Police, "informant"));
        Assert.Equal(2, await instance.QueryAsync(db => db.SearchDocuments.CountAsync()));
        Assert.Equal(0, await FullTextRowsAsync(instance, "informant"));
        Assert.Equal(0, await FullTextRowsAsync(instance, "helikopter"));

        var rows = SignalImportFile.ReadJsonLinesAsync(new StringReader("""
            {"externalId":"x1","title":"Geïmporteerde melding","description":"Sleepboot Korvet gezien","mainport":"RTM","occurredAt":"2026-02-01T10:00:00Z","category":"observation","distribution":{"level":"national"},"tlp":"green","observables":[{"type":"imo","value":"9319466"}]}
            """));
        var imported = await instance.RunAsync<SignalImport, Result<ImportProgress>>(i => i.RunAsync(w.Police, "test.jsonl", rows, new ImportOptions(Publish: true), _ => Task.CompletedTask, _ => Task.CompletedTask));
        Assert.Equal(1, imported.Value!.Imported);
        Assert.Single(await IdsAsync(instance, w.Terminal, "IMO9319466"));
        Assert.Single(await IdsAsync(instance, w.Police, "sleepboot korvet"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "sleepboot"));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Filters_AreTokensOfTheDocument_FollowAnEdit_AndAreWrittenAgainByAReindex(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);
        var all = new SearchFilters(Mainport: "rtm", Category: "observation", Tlp: "green", ModusOperandi: "sea-c01");
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "drone", all));
        Assert.Equal([w.Other], await IdsAsync(instance, w.Terminal, "drone", all));
        Assert.Equal(["zzcategoryobservation", "zzmainportrtm", "zzmoseac01", "zztlpgreen"], await FacetsAsync(instance, w.Other));

        // An edit rewrites them: the old values no longer find the signal, the new ones do.
        var edited = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.UpdateAsync(w.Police, w.Other,
            new SignalInput("Drone boven de kade", "Een drone vloog laag.", "Drone gezien.", "ZWB", instance.Clock.GetUtcNow().AddHours(-2), "incident",
                null, null, [], new DistributionInput("national", null), "amber", null)));
        Assert.True(edited.Ok, edited.Error?.Message);
        Assert.Equal(["zzcategoryincident", "zzmainportzwb", "zztlpamber"], await FacetsAsync(instance, w.Other));
        Assert.Empty(await IdsAsync(instance, w.Police, "drone", all));
        Assert.Empty(await IdsAsync(instance, w.Police, "drone", new SearchFilters(Mainport: "RTM")));
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "drone", new SearchFilters(Mainport: "ZWB", Category: "incident", Tlp: "amber")));

        // The migration that changes what documents hold drops them; the backfill writes them again, filters included.
        await instance.QueryAsync(db => db.Database.ExecuteSqlRawAsync(SearchSchema.Reindex));
        Assert.Empty(await IdsAsync(instance, w.Police, "drone"));
        await instance.RunAsync<SearchIndex, int>(s => s.BackfillAsync());
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "drone", new SearchFilters(Mainport: "ZWB", Category: "incident", Tlp: "amber")));
        Assert.Equal(Sorted(w.Shared, w.OwnOnly), await IdsAsync(instance, w.Police, "container", new SearchFilters(Tlp: "amber", Category: "incident")));
    }

    private static Task<string[]> FacetsAsync(TestInstance instance, string signalId) => instance.QueryAsync(async db =>
        (await db.SearchDocuments.Where(d => d.SignalId == signalId).Select(d => d.Public).SingleAsync())
            .Split(' ').Where(t => t.StartsWith("zz", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());

    /// <summary>Rows the full-text index (the search mirror, brought up to date) still holds for a word, past the documents table.</summary>
    private static Task<int> FullTextRowsAsync(TestInstance instance, string word) =>
        instance.QueryAsync(async db =>
        {
            await using var mirror = await instance.Services.GetRequiredService<SearchMirror>().OpenAsync(db, CancellationToken.None);
            return (int)await mirror.CountAsync(word, CancellationToken.None);
        });


    /// <summary>
    /// Both engines rank with the same function over the same tokens and counts, so the same data gives the same hits
    /// in the same order with the same ranks — on PostgreSQL whether the mirror's candidates come in one batch or one
    /// at a time (<see cref="SignalSearch.Batch"/>); a private partner's rank depends on nothing it does not receive.
    /// </summary>
    [Fact]
    public async Task Ranking_IsTheSameOnBothEngines_AndAPartnersRankIgnoresWhatItDoesNotReceive()
    {
        var queries = new[] { "container", "contain*", "zegel poort", "\"bij poort\"", "\"container bij poort\"", "poort -drone", "drone", "zegel", "zwanenburg", "verbroken -\"bij poort 7\"" };
        var answers = new Dictionary<string, List<string>>();
        var ways = new (string Provider, int? Batch)[] { (TestInstance.Sqlite, null), (TestInstance.Postgres, null), (TestInstance.Postgres, 1) };
        foreach (var (provider, batch) in ways)
        {
            await using var instance = await TestInstance.CreateAsync(provider);
            var w = await WorldAsync(instance);
            var names = new Dictionary<string, string> { [w.Shared] = "shared", [w.WithLegalBasis] = "legal", [w.OwnOnly] = "own", [w.Other] = "other" };
            // Two signals alike in what partners receive, one with a far longer description.
            names[await CreateAsync(instance, w.Police, "Zegel verbroken bij poort 3", "Kort.", "Zegel bij poort.")] = "short";
            names[await CreateAsync(instance, w.Police, "Zegel verbroken bij poort 3", string.Join(' ', Enumerable.Repeat("Lange beschrijving van de nacht.", 40)), "Zegel bij poort.")] = "long";
            async Task<SearchPage> RankedAsync(Actor actor, string q)
            {
                var page = await instance.RunAsync<AppDbContext, Result<SearchPage>>(db =>
                    new SignalSearch(db, new Slagboom.Core.Sharing.Viewers(db), new DocumentFrequencies(instance.Clock), instance.Services.GetRequiredService<SearchMirror>()) { Batch = batch }
                        .SearchAsync(actor, q, new SearchFilters(), null, null));
                Assert.True(page.Ok, page.Error?.Message);
                return page.Value!;
            }

            var lines = new List<string>();
            foreach (var q in queries)
            {
                foreach (var (actor, who) in new[] { (w.Police, "police"), (w.Terminal, "terminal") })
                {
                    var page = await RankedAsync(actor, q);
                    lines.Add($"{who} {q}: " + string.Join(",", page.Items.Select(i => names[i.SignalId] + "/" + i.Rank.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
                }
            }

            answers[$"{provider} {batch}"] = lines;
            var rank = (await RankedAsync(w.Terminal, "zegel poort")).Items.ToDictionary(i => names[i.SignalId], i => i.Rank);
            Assert.Equal(rank["short"], rank["long"]);
            var police = (await RankedAsync(w.Police, "zegel poort")).Items.ToDictionary(i => names[i.SignalId], i => i.Rank);
            Assert.True(police["short"] > police["long"]);
        }

        var sqlite = answers[$"{TestInstance.Sqlite} "];
        Assert.Equal(ways.Length, answers.Count);
        Assert.All(answers.Values, answer => Assert.Equal(sqlite, answer));
        Assert.Contains(sqlite, l => l.StartsWith("police drone: other/", StringComparison.Ordinal));
        Assert.Contains(sqlite, l => l.StartsWith("terminal zwanenburg: legal/", StringComparison.Ordinal));
    }

    /// <summary>
    /// A count past its lifetime is still used while it is counted again in the background, so no search waits for it;
    /// without a way to count in the background an old count is made again before it is used. On PostgreSQL the mirror
    /// counts, up to date at the search that asks.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Counts_AreRenewedInTheBackground(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Zeehavenpolitie"), "rechercheur@politie.nl");
        Task ZegelAsync() => CreateAsync(instance, police, "Zegel verbroken", "Kort.", "Zegel.");
        await CreateAsync(instance, police, "Drone boven de kade", "Kort.", "Drone.");
        await CreateAsync(instance, police, "Drone boven de kade", "Kort zegel.", "Drone.");
        for (var i = 0; i < 4; i++)
        {
            await ZegelAsync();
        }

        var term = SearchQuery.Parse("zegel").Value!.TextTerms.Single();
        var scopes = instance.Services.GetRequiredService<IServiceScopeFactory>();
        var frequencies = new DocumentFrequencies(instance.Clock, scopes);
        Task<(long Total, long[] PerTerm)> CountAsync(DocumentFrequencies counts, bool publicOnly = false) => instance.QueryAsync(async db =>
        {
            await using var mirror = await instance.Services.GetRequiredService<SearchMirror>().OpenAsync(db, CancellationToken.None);
            return await counts.CountAsync(db, mirror, [term], publicOnly, CancellationToken.None);
        });

        // Six documents, five with the word, four of them in the public section (one only in a description).
        Assert.Equal((6, 5), Flat(await CountAsync(frequencies)));
        Assert.Equal((6, 4), Flat(await CountAsync(frequencies, publicOnly: true)));
        await ZegelAsync();
        Assert.Equal((6, 5), Flat(await CountAsync(frequencies)));
        instance.Clock.Advance(DocumentFrequencies.Lifetime);
        Assert.Equal((6, 5), Flat(await CountAsync(frequencies)));
        await frequencies.RecountedAsync();
        Assert.Equal((7, 6), Flat(await CountAsync(frequencies)));

        // Without a way to count in the background, an old count is made again before it is used.
        var inline = new DocumentFrequencies(instance.Clock);
        Assert.Equal((7, 6), Flat(await CountAsync(inline)));
        await ZegelAsync();
        instance.Clock.Advance(DocumentFrequencies.Lifetime);
        Assert.Equal((8, 7), Flat(await CountAsync(inline)));

        static (long Total, long Word) Flat((long Total, long[] PerTerm) counts) => (counts.Total, counts.PerTerm.Single());
    }

    /// <summary>
    /// On PostgreSQL another instance (another data folder) builds its own mirror from nothing when it starts, in a
    /// file only this user may read, and sees every write committed before each search — through whichever instance.
    /// (On SQLite the database lies in the data folder, so the processes that share it share the mirror's file.)
    /// </summary>
    [Fact]
    public async Task Mirror_OfAnotherInstance_IsBuiltFromNothing_AndSeesEveryCommittedWrite()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Postgres);
        var w = await WorldAsync(instance);
        var otherFolder = Path.Combine(Path.GetDirectoryName(instance.Settings.DataFolder)!, "other-instance");
        using var other = new SearchMirror(instance.Settings with { DataFolder = otherFolder }, NullLogger<SearchMirror>.Instance);
        Task<string[]> OtherIdsAsync(Actor actor, string q) => IdsThroughAsync(instance, other, actor, q);

        Assert.Equal(Sorted(w.Shared, w.OwnOnly), await IdsAsync(instance, w.Police, "container"));
        using (var warmUp = new SearchMirrorWarmUp(other, NullLogger<SearchMirrorWarmUp>.Instance))
        {
            await warmUp.StartAsync(CancellationToken.None);
            await warmUp.ExecuteTask!;
        }

        var file = Assert.Single(Directory.GetFiles(otherFolder, "search-mirror-*.db"));
        Assert.Equal(await instance.QueryAsync(db => db.SearchDocuments.MaxAsync(d => d.Key)), await MirrorLastKeyAsync(file));
        Assert.Equal(Sorted(w.Shared, w.OwnOnly), await OtherIdsAsync(w.Police, "container"));
        Assert.Equal([w.Shared], await OtherIdsAsync(w.Terminal, "container"));
        // Readable by this user only (file modes are Unix's; the servers and CI run on Linux).
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));

        var written = await CreateAsync(instance, w.Police, "Container met dubbele bodem", "Kort.", "Dubbele bodem.");
        Assert.Equal(Sorted(w.Shared, w.OwnOnly, written), await OtherIdsAsync(w.Police, "container"));
        Assert.Equal([written], await OtherIdsAsync(w.Police, "bodem"));
    }

    /// <summary>
    /// Searches and writes at the same time, through the application's mirror and another instance's: every search
    /// succeeds while the mirrors catch up beside it, and afterwards both find every signal written.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Mirror_KeepsUp_WithSearchesAndWritesAtTheSameTime(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);
        using var other = new SearchMirror(instance.Settings with { DataFolder = Path.Combine(Path.GetDirectoryName(instance.Settings.DataFolder)!, "busy-instance") },
            NullLogger<SearchMirror>.Instance);
        var written = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task WriteAsync(int writer)
        {
            for (var i = 0; i < 6; i++)
            {
                var input = new SignalInput($"Sleepboot {writer}-{i} bij de kade", "Kort.", "Sleepboot.", "RTM", instance.Clock.GetUtcNow().AddHours(-1), "incident",
                    null, null, [], new DistributionInput("national", null), "amber", null);
                var created = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.CreateAsync(w.Police, input));
                Assert.True(created.Ok, created.Error?.Message);
                written.Add(created.Value!.Id);
            }
        }

        async Task SearchAsync(Func<Task<string[]>> search)
        {
            for (var i = 0; i < 12; i++)
            {
                await search();
            }
        }

        await Task.WhenAll(WriteAsync(1), WriteAsync(2), SearchAsync(() => IdsAsync(instance, w.Police, "sleepboot")),
            SearchAsync(() => IdsThroughAsync(instance, other, w.Police, "sleepboot")), SearchAsync(() => IdsAsync(instance, w.Terminal, "sleepboot kade")));
        Assert.Equal(12, written.Count);
        Assert.Equal(Sorted([.. written]), await IdsAsync(instance, w.Police, "sleepboot"));
        Assert.Equal(Sorted([.. written]), await IdsThroughAsync(instance, other, w.Police, "sleepboot"));
    }

    /// <summary>The signals a search through <paramref name="mirror"/> (another instance's, on the same database) finds, sorted.</summary>
    private static Task<string[]> IdsThroughAsync(TestInstance instance, SearchMirror mirror, Actor actor, string q) => instance.QueryAsync(async db =>
    {
        var page = await new SignalSearch(db, new Slagboom.Core.Sharing.Viewers(db), new DocumentFrequencies(instance.Clock), mirror)
            .SearchAsync(actor, q, new SearchFilters(), null, null);
        Assert.True(page.Ok, page.Error?.Message);
        return page.Value!.Items.Select(i => i.SignalId).Order(StringComparer.Ordinal).ToArray();
    });

    /// <summary>The highest document key a mirror file says it has read.</summary>
    private static async Task<long> MirrorLastKeyAsync(string file)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"LastKey\" FROM \"MirrorState\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Retention trims the changes the mirrors read (all but the newest, once older than
    /// <see cref="SearchMirror.ChangesKept"/>); a mirror that had not read the trimmed ones is built again, so a document
    /// changed while it was away is not left as it was.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Mirror_ThatMissedTrimmedChanges_IsBuiltAgain(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var postgres = provider == TestInstance.Postgres;
        var w = await WorldAsync(instance);
        var otherFolder = Path.Combine(Path.GetDirectoryName(instance.Settings.DataFolder)!, "away-instance");
        using var away = new SearchMirror(instance.Settings with { DataFolder = otherFolder }, NullLogger<SearchMirror>.Instance);
        Task<string[]> AwayIdsAsync(string q) => IdsThroughAsync(instance, away, w.Police, q);
        Assert.Equal([w.Other], await AwayIdsAsync("drone"));

        // While that instance is away: an edit (its change soon old), then a deletion (the newest change).
        var edited = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.UpdateAsync(w.Police, w.Other,
            new SignalInput("Helikopter boven de kade", "Laag vliegend toestel.", null, "RTM", instance.Clock.GetUtcNow().AddHours(-2), "observation",
                null, null, [], new DistributionInput("national", null), "green", null)));
        Assert.True(edited.Ok, edited.Error?.Message);
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "helikopter"));
        await instance.QueryAsync(db => db.Database.ExecuteSqlRawAsync(postgres
            ? """UPDATE "SignalSearchChanges" SET "RecordedAt" = now() - interval '60 days'"""
            : """UPDATE "SignalSearchChanges" SET "RecordedAt" = unixepoch() - 60 * 86400"""));
        var deleted = await instance.RunAsync<SignalDeletion, Result<string>>(d => d.DeleteAsync(w.Police, w.OwnOnly));
        Assert.True(deleted.Ok, deleted.Error?.Message);

        // The changes carry the database's time, not the test's clock.
        var trimmed = await instance.QueryAsync(db => SearchMirror.TrimChangesAsync(db, TimeProvider.System.GetUtcNow() - SearchMirror.ChangesKept, CancellationToken.None));
        Assert.True(trimmed >= 1, $"{trimmed} trimmed");
        Assert.Equal(1, await instance.QueryAsync(db => db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearchChanges" """).SingleAsync()));
        // Nothing older is left to trim; the newest change always stays.
        Assert.Equal(0, await instance.QueryAsync(db => SearchMirror.TrimChangesAsync(db, TimeProvider.System.GetUtcNow().AddDays(1), CancellationToken.None)));

        Assert.Equal([w.Other], await AwayIdsAsync("helikopter"));
        Assert.Empty(await AwayIdsAsync("drone"));
        Assert.Equal([w.Shared], await AwayIdsAsync("container"));
        // The instance that kept up (it read the trimmed changes in time) answers alike.
        Assert.Equal([w.Other], await IdsAsync(instance, w.Police, "helikopter"));
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "container"));
    }

    /// <summary>
    /// What the mirror holds only proposes candidates: entries forged into it never find a signal the caller may not
    /// see, and on PostgreSQL, which re-checks each candidate's vector, nothing the database's documents do not hold —
    /// not even a private partner's word that only a description holds (SQLite keeps no vectors: its mirror lies beside
    /// its database, in the same folder). A mirror ahead of the database (as after a restore from a backup) is built
    /// again from the database.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Mirror_EntriesOnlyPropose_AndAMirrorAheadOfTheDatabaseIsBuiltAgain(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);
        Assert.Equal(Sorted(w.Shared, w.OwnOnly), await IdsAsync(instance, w.Police, "container"));
        var path = Assert.Single(Directory.GetFiles(instance.Settings.DataFolder, "search-mirror-*.db"));
        Task<long> KeyAsync(string signalId) => instance.QueryAsync(db => db.SearchDocuments.Where(d => d.SignalId == signalId).Select(d => d.Key).SingleAsync());
        async Task MirrorAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            await command.ExecuteNonQueryAsync();
        }

        const string Forge = """INSERT INTO "SignalSearch"(rowid, "Public", "Restricted", "PublicTerms", "RestrictedPairs") VALUES ($key, $public, '', $terms, '')""";
        // A police-only signal's document, said to hold a word it does not hold; a national one, said to hold in its
        // public section the informant of its description.
        await MirrorAsync("DELETE FROM \"SignalSearch\" WHERE rowid = $key", ("$key", await KeyAsync(w.OwnOnly)));
        await MirrorAsync(Forge, ("$key", await KeyAsync(w.OwnOnly)), ("$public", "geheimwoord"), ("$terms", "zzwgeheimwoord"));
        await MirrorAsync("DELETE FROM \"SignalSearch\" WHERE rowid = $key", ("$key", await KeyAsync(w.Shared)));
        await MirrorAsync(Forge, ("$key", await KeyAsync(w.Shared)), ("$public", "informant"), ("$terms", "zzwinformant"));
        Assert.Equal(1, await FullTextRowsAsync(instance, "geheimwoord"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "geheimwoord"));
        if (provider == TestInstance.Postgres)
        {
            Assert.Empty(await IdsAsync(instance, w.Police, "geheimwoord"));
            Assert.Empty(await IdsAsync(instance, w.Terminal, "informant"));
        }

        // The police receive the description: for them the forged entry happens to be true.
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "informant"));
        // The forged entries replaced the true ones: another word of that description is missed, never wrongly found.
        Assert.Empty(await IdsAsync(instance, w.Police, "regelaar"));

        // A mirror that has read beyond what the database handed out is built again, forged entries gone.
        await MirrorAsync("UPDATE \"MirrorState\" SET \"LastKey\" = 1000000000");
        Assert.Equal([w.Shared], await IdsAsync(instance, w.Police, "regelaar"));
        Assert.Empty(await IdsAsync(instance, w.Terminal, "informant"));
        Assert.Equal(0, await FullTextRowsAsync(instance, "geheimwoord"));
        Assert.Equal(Sorted(w.Shared, w.OwnOnly), await IdsAsync(instance, w.Police, "container"));
    }

    /// <summary>
    /// On PostgreSQL every statement that writes search documents takes the feed's lock until its transaction ends (so
    /// that keys and change numbers are read in commit order), and a change is recorded for the mirrors.
    /// </summary>
    [Fact]
    public async Task DocumentWriters_TakeTheFeedsLock_AndRecordTheirChanges()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Postgres);
        var w = await WorldAsync(instance);
        await instance.QueryAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Task<int> LocksAsync() => db.Database.SqlQueryRaw<int>("""
                SELECT count(*)::int AS "Value" FROM pg_locks WHERE locktype = 'advisory' AND objid = 7263011 AND pid = pg_backend_pid() AND granted
                """).SingleAsync();
            Assert.Equal(0, await LocksAsync());
            var changes = await db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearchChanges" """).SingleAsync();
            await db.Database.ExecuteSqlRawAsync("""UPDATE "SignalSearchDocuments" SET "Public" = "Public" WHERE "SignalId" = {0}""", w.Other);
            Assert.Equal(1, await LocksAsync());
            Assert.Equal(changes + 1, await db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearchChanges" """).SingleAsync());
            await transaction.RollbackAsync();
            Assert.Equal(0, await LocksAsync());
            return 0;
        });
    }

    /// <summary>
    /// The mirror reads new documents by key, so a key is never handed out twice — not even the highest one after its
    /// document was deleted (SQLite would hand out a plain rowid again; the key is <c>AUTOINCREMENT</c>): the signal's
    /// document, written again after that, comes with a new key and is found.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Mirror_ReadsADocumentWrittenAgain_UnderAKeyNeverHandedOutBefore(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);
        var written = await CreateAsync(instance, w.Police, "Sleepboot Korvet bij de kade", "Kort.", "Sleepboot.");
        Assert.Equal([written], await IdsAsync(instance, w.Police, "korvet"));
        var key = await instance.QueryAsync(db => db.SearchDocuments.MaxAsync(d => d.Key));

        // The newest document gone (as a migration that changes what documents hold does), then written again.
        await instance.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "SignalSearchDocuments" WHERE "Key" = {0}""", key));
        Assert.Empty(await IdsAsync(instance, w.Police, "korvet"));
        Assert.Equal(0, await FullTextRowsAsync(instance, "korvet"));
        Assert.Equal(1, await instance.RunAsync<SearchIndex, int>(s => s.BackfillAsync()));
        Assert.True(await instance.QueryAsync(db => db.SearchDocuments.Where(d => d.SignalId == written).Select(d => d.Key).SingleAsync()) > key);
        Assert.Equal([written], await IdsAsync(instance, w.Police, "korvet"));
        Assert.Equal(1, await FullTextRowsAsync(instance, "korvet"));
    }

    /// <summary>
    /// SQLite's planner has statistics of the signals' indexes after every start and every retention run (without them
    /// it planned a search's candidate query from the signals of a mainport instead of from the mirror's keys).
    /// </summary>
    [Fact]
    public async Task OnSqlite_ThePlannerHasStatisticsOfTheSignals()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite);
        Task<long> StatisticsAsync() => instance.QueryAsync(db => db.Database.SqlQueryRaw<long>(
            """SELECT count(*) AS "Value" FROM sqlite_stat1 WHERE tbl = 'Signals' AND idx = 'IX_Signals_Mainport_Status_Distribution'""").SingleAsync());
        await WorldAsync(instance);
        Assert.Equal(0, await StatisticsAsync()); // taken at the start, of an empty table: SQLite keeps no row for that
        await instance.RunAsync<DatabaseSetup>(s => s.MigrateAsync());
        Assert.Equal(1, await StatisticsAsync());
        await instance.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM sqlite_stat1"));
        Assert.Equal(0, await StatisticsAsync());
        await instance.RunAsync<RetentionJob>(r => r.RunOnceAsync());
        Assert.Equal(1, await StatisticsAsync());
    }

    [Fact]
    public void WordPairs_AreUnambiguous_AndOfWordsOfLetters()
    {
        // Without the first word's length these two pairs would be the same token.
        Assert.NotEqual(SearchText.Pair("a", "bcdefghijklm"), SearchText.Pair("abcdefghijk", "lm"));
        Assert.Equal("zzp6xdouanenacht", SearchText.Pair("douane", "nacht"));
        Assert.Equal("zzp1xab zzp1xba zzp1xab", SearchText.SectionPairs("a b a b"));
        Assert.Equal("zzp13xkoelcontainerbij zzp3xbijpoort", SearchText.SectionPairs("koelcontainer bij poort 7 csqu3054383"));
        Assert.Equal("zzp13xzzmainportrtmzzcategoryseizure", SearchText.SectionPairs("poort 7 zzmainportrtm zzcategoryseizure"));
        Assert.Equal("zzp4xcafestraße", SearchText.SectionPairs("cafe straße a1 b2"));
        Assert.Equal("", SearchText.SectionPairs("a"));
        Assert.Equal("", SearchText.SectionPairs(null));
        // Beside a public section: its pairs, then every token marked.
        Assert.Equal("zzp13xkoelcontainerbij zzp3xbijpoort zzwkoelcontainer zzwbij zzwpoort zzw7", SearchText.PublicTerms("koelcontainer bij poort 7"));
        Assert.Equal("zzw7", SearchText.PublicTerms("7"));
        Assert.Equal("", SearchText.PublicTerms(null));
    }

    [Fact]
    public void Query_RendersTheSameTermsForBothEngines()
    {
        var query = SearchQuery.Parse("Container \"AB-12-34\" dro* -\"bij poort\" pd:abc").Value!;
        // On SQLite a phrase of two words of letters is its word pair; tokens with digits are not paired.
        Assert.Equal("({Public Restricted} : \"container\" AND {Public Restricted} : \"ab 12 34\" AND {Public Restricted} : \"dro\" *) "
            + "NOT ({PublicTerms RestrictedPairs} : \"zzp3xbijpoort\")", query.ToFts5(publicOnly: false));
        // A private partner's single word is its marked twin, which only public sections hold.
        Assert.Equal("({PublicTerms} : \"zzwcontainer\" AND {Public} : \"ab 12 34\" AND {PublicTerms} : \"zzwdro\" *) NOT ({PublicTerms} : \"zzp3xbijpoort\")",
            query.ToFts5(publicOnly: true));
        // On PostgreSQL (its re-check of each candidate) a private partner's lexemes are of weight A.
        Assert.Equal("'container' & ('ab' <-> '12' <-> '34') & 'dro':* & !('bij' <-> 'poort')", query.ToTsQuery(publicOnly: false));
        Assert.Equal("'container':A & ('ab':A <-> '12':A <-> '34':A) & 'dro':*A & !('bij':A <-> 'poort':A)", query.ToTsQuery(publicOnly: true));
        // More words, or a prefix on the last: the pairs narrow, the phrase decides.
        Assert.Equal("(({PublicTerms} : \"zzp9xcontainerbij\" AND {PublicTerms} : \"zzp3xbijpoort\" AND {Public} : \"container bij poort 7\"))",
            SearchQuery.Parse("\"container bij poort 7\"").Value!.ToFts5(publicOnly: true));
        Assert.Equal("(({PublicTerms RestrictedPairs} : \"zzp9xcontainerbij\" AND {Public Restricted} : \"container bij po\" *))",
            SearchQuery.Parse("\"container bij po\"*").Value!.ToFts5(publicOnly: false));
        Assert.Equal("pd:abc", query.PseudonymTerms.Single().Pseudonym);
        Assert.Equal(["cafe", "straße", "a1"], SearchText.Tokens("Café STRAßE, a1!"));
    }

    /// <summary>
    /// At most <see cref="SignalSearch.MaxRanked"/> matches are ranked: the newest written of those the caller may see
    /// and that meet the filters — so invisible signals never push visible ones out, and nothing about them shows,
    /// not even whether there were more. The page says when the bound was reached. The same on both engines.
    /// </summary>
    /// <summary>
    /// Provider, <see cref="SignalSearch.FewInClear"/>, and on PostgreSQL <see cref="SignalSearch.Batch"/> (null: as the
    /// application asks the mirror; 1: a key at a time).
    /// </summary>
    public static TheoryData<string, int, int?> ProvidersAndInClearLimits => new()
    {
        { TestInstance.Sqlite, SignalSearch.DefaultFewInClear, null }, { TestInstance.Sqlite, 0, null },
        { TestInstance.Postgres, SignalSearch.DefaultFewInClear, null }, { TestInstance.Postgres, 0, null },
        { TestInstance.Postgres, SignalSearch.DefaultFewInClear, 1 }, { TestInstance.Postgres, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(ProvidersAndInClearLimits))]
    public async Task Ranking_IsBoundedToTheNewestVisibleMatches_AndSaysSo(string provider, int fewInClear, int? batch)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var w = await WorldAsync(instance);
        var older = await CreateAsync(instance, w.Police, "Zegel oud", "Nu zegel beschadigd.", "Nu zegel beschadigd.", category: "seizure");
        var middle = await CreateAsync(instance, w.Police, "Zegel midden", "Nu zegel beschadigd.", "Nu zegel beschadigd.");
        var newer = await CreateAsync(instance, w.Police, "Zegel nieuw", "Nu zegel beschadigd.", "Nu zegel beschadigd.");
        // Newest of all, but only the police see them.
        var hidden1 = await CreateAsync(instance, w.Police, "Zegel intern 1", "Nu zegel beschadigd.", "Nu zegel beschadigd.", level: "organisation");
        var hidden2 = await CreateAsync(instance, w.Police, "Zegel intern 2", "Nu zegel beschadigd.", "Nu zegel beschadigd.", level: "organisation");

        async Task<SearchPage> BoundedAsync(Actor actor, string q, SearchFilters? filters = null, string? cursor = null)
        {
            var page = await instance.RunAsync<AppDbContext, Result<SearchPage>>(async db =>
            {
                var search = new SignalSearch(db, new Slagboom.Core.Sharing.Viewers(db), new DocumentFrequencies(instance.Clock), instance.Services.GetRequiredService<SearchMirror>())
                {
                    MaxRanked = 2, FewInClear = fewInClear, Batch = batch,
                };
                return await search.SearchAsync(actor, q, filters ?? new SearchFilters(), 1, cursor);
            });
            Assert.True(page.Ok, page.Error?.Message);
            return page.Value!;
        }

        async Task<string> AllAsync(Actor actor, string q, SearchFilters? filters = null)
        {
            var ids = new List<string>();
            string? cursor = null;
            var capped = false;
            do
            {
                var page = await BoundedAsync(actor, q, filters, cursor);
                ids.AddRange(page.Items.Select(i => i.SignalId));
                capped = page.Capped;
                cursor = page.Next;
            }
            while (cursor is not null);
            return string.Join(",", ids.Order(StringComparer.Ordinal)) + (capped ? " capped" : "");
        }

        // The police see five matches: the two newest written are ranked, and the answer says it was capped.
        Assert.Equal(string.Join(",", Sorted(hidden1, hidden2)) + " capped", await AllAsync(w.Police, "zegel beschadigd"));
        // The terminal sees three of them: the two newest it may see, as if the hidden ones did not exist.
        Assert.Equal(string.Join(",", Sorted(middle, newer)) + " capped", await AllAsync(w.Terminal, "zegel beschadigd"));
        // The same as a phrase of two words (on SQLite and in PostgreSQL's mirror its word pair) and of three (its pairs
        // and the phrase).
        foreach (var (phrase, reversed) in new[] { ("\"zegel beschadigd\"", "\"beschadigd zegel\""), ("\"nu zegel beschadigd\"", "\"zegel nu beschadigd\"") })
        {
            Assert.Equal(string.Join(",", Sorted(hidden1, hidden2)) + " capped", await AllAsync(w.Police, phrase));
            Assert.Equal(string.Join(",", Sorted(middle, newer)) + " capped", await AllAsync(w.Terminal, phrase));
            Assert.Equal(older, await AllAsync(w.Terminal, phrase, new SearchFilters(Category: "seizure")));
            Assert.Equal("", await AllAsync(w.Police, reversed));
        }

        // A filter applies before the bound: the only seizure is found, and nothing was left out.
        Assert.Equal(older, await AllAsync(w.Terminal, "zegel beschadigd", new SearchFilters(Category: "seizure")));
        Assert.Equal(older, await AllAsync(w.Police, "zegel beschadigd", new SearchFilters(Category: "seizure")));
        // What the terminal receives in clear (a legal basis) is found whichever way the engine is asked (fewInClear).
        Assert.Equal(w.WithLegalBasis, await AllAsync(w.Terminal, "zwanenburg"));
        Assert.Equal(w.WithLegalBasis, await AllAsync(w.Terminal, "zwanenburg gezien"));
        Assert.Equal("", await AllAsync(w.Terminal, "informant"));
        // Within the bound nothing is capped.
        Assert.Equal(w.Other, await AllAsync(w.Police, "drone"));
        // The default bound leaves ordinary searches alone.
        Assert.False((await SearchAsync(instance, w.Police, "zegel beschadigd")).Capped);
        Assert.Equal(5, (await SearchAsync(instance, w.Police, "zegel beschadigd")).Items.Count);
    }
}
