using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Observables;
using Slagboom.Core.Search;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Domain.Organisations;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Data;

/// <summary>
/// On PostgreSQL a sightings walk runs with its prepared statement's generic plan from its first run (it would
/// otherwise be planned again for every lookup) and a search's candidate query is planned for its values every time;
/// both give the same answers and leave the connection's settings as they found them. The search's runs without the JIT
/// compiler.
/// </summary>
public sealed class PlanChoiceTests
{
    [Fact]
    public async Task OnPostgres_WalksUseTheirGenericPlan_SearchesTheirCustomOnes_AndTheSessionStaysAsItWas()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Postgres);
        var police = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Zeehavenpolitie"), "r@politie.nl");
        var terminal = await AddMemberAsync(instance, await AddOrganisationAsync(instance, "Euromax", OrganisationKind.Private), "p@euromax.nl");
        var input = new SignalInput("Zegel verbroken", "Beschrijving", "Samenvatting", "RTM", instance.Clock.GetUtcNow().AddHours(-1), "incident", null, null,
            [new ObservableInput("container", "CSQU3054383"), new ObservableInput("person", "Jan de Vries")], new DistributionInput("national", null), "amber", null);
        var created = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.CreateAsync(police, input));
        Assert.True(created.Ok, created.Error?.Message);
        Assert.True((await instance.RunAsync<SignalService, Result<SignalView>>(s => s.PublishAsync(police, created.Value!.Id))).Ok);

        await using var scope = instance.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // One connection for every lookup, so that its prepared statements can be read afterwards.
        await db.Database.OpenConnectionAsync();
        var sightings = ActivatorUtilities.CreateInstance<Sightings>(scope.ServiceProvider, new ConfigurationBuilder().Build());
        for (var run = 0; run < 8; run++)
        {
            foreach (var (actor, type, value, expected) in new (Actor, string, string, int)[]
                     {
                         (police, "container", "CSQU3054383", 1), (police, "person", "Jan de Vries", 1),
                         (terminal, "container", "CSQU3054383", 1), (terminal, "person", "Jan de Vries", 0),
                     })
            {
                var page = await sightings.FindAsync(actor, type, value, 25, null);
                Assert.True(page.Ok, page.Error?.Message);
                Assert.Equal(expected, page.Value!.Items.Count);
            }
        }

        // Searches on the same connection: their candidate queries are planned for their values every time.
        var search = new SignalSearch(db, new Viewers(db), new DocumentFrequencies(instance.Clock), instance.Services.GetRequiredService<SearchMirror>());
        for (var run = 0; run < 14; run++)
        {
            var page = await search.SearchAsync(police, "zegel", new SearchFilters(), null, null);
            Assert.True(page.Ok, page.Error?.Message);
            Assert.Equal(created.Value!.Id, Assert.Single(page.Value!.Items).SignalId);
        }

        var walks = await PlansAsync(db, PlanChoice.GenericPlan);
        Assert.NotEmpty(walks);
        Assert.All(walks, p => Assert.Equal(0, p.Custom));
        Assert.True(walks.Sum(p => p.Generic) >= 8, $"generic plans used {walks.Sum(p => p.Generic)} times");
        var searches = await PlansAsync(db, PlanChoice.CustomPlan);
        Assert.NotEmpty(searches);
        Assert.All(searches, p => Assert.Equal(0, p.Generic));
        Assert.True(searches.Sum(p => p.Custom) >= 8, $"custom plans made {searches.Sum(p => p.Custom)} times");
        Assert.Equal("auto", await db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync());

        // A query planned for its values runs without the JIT compiler; the session's setting stays as it was.
        const string jit = "SELECT current_setting('jit') AS \"Value\"";
        const string planned = "-- " + PlanChoice.CustomPlan + "\n" + jit;
        // Not composed (a composed query would not start with the tag).
        var before = Assert.Single(await db.Database.SqlQueryRaw<string>(jit).ToListAsync());
        Assert.Equal("on", before);
        Assert.Equal("off", Assert.Single(await db.Database.SqlQueryRaw<string>(planned).ToListAsync()));
        Assert.Equal(before, Assert.Single(await db.Database.SqlQueryRaw<string>(jit).ToListAsync()));
    }

    private static Task<List<Plans>> PlansAsync(AppDbContext db, string tag) =>
        db.Database.SqlQuery<Plans>(
            $"SELECT generic_plans AS \"Generic\", custom_plans AS \"Custom\" FROM pg_prepared_statements WHERE statement LIKE {"-- " + tag + "%"}").ToListAsync();

    private sealed class Plans
    {
        public long Generic { get; init; }
        public long Custom { get; init; }
    }
}
