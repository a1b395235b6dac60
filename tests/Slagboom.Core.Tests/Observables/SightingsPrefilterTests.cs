using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Observables;
using Slagboom.Core.Organisations;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Core.Triage;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Organisations;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Observables;

/// <summary>
/// The link pre-filter (<see cref="SignalObservable.ClearOnlyTo"/>) changes no answer: for every kind of viewer, every
/// sightings lookup — a real personal-data value, a plain value, an own pseudonym — returns exactly the signals that
/// <see cref="SharingPolicy"/> admits, computed here in memory from the signals themselves; the links carry the right
/// fact after every write path (create, edit of the legal basis, bulk import, merge), on SQLite and PostgreSQL.
/// </summary>
public sealed class SightingsPrefilterTests
{
    private const string Person = "Jan de Vries";
    private const string Container = "CSQU3054383";

    private sealed record World(Actor Police, Actor Member, Actor Partner, Actor PrivateOwner, Actor Outsider, Dictionary<string, string> Signals);

    private static async Task<Organisation> AddAsync(TestInstance instance, string name, OrganisationKind kind, string mainport)
    {
        var organisation = await AddOrganisationAsync(instance, name, kind);
        if (mainport != "RTM")
        {
            await instance.RunAsync<AppDbContext>(async db =>
            {
                await db.Set<OrganisationMainport>().Where(m => m.OrganisationId == organisation.Id).ExecuteDeleteAsync();
                db.Add(new OrganisationMainport { OrganisationId = organisation.Id, MainportCode = mainport });
                await db.SaveChangesAsync();
            });
        }

        return organisation;
    }

    private static SignalInput Input(TestInstance instance, string title, string level, string? groupId, string? legalBasis, params (string Type, string Value)[] observables) =>
        new(title, "Beschrijving van " + title, "Samenvatting", "RTM", instance.Clock.GetUtcNow().AddHours(-1), "incident", null, null,
            [.. observables.Select(o => new ObservableInput(o.Type, o.Value))], new DistributionInput(level, groupId), "amber",
            legalBasis is null ? null : new PersonalDataDisclosure(legalBasis));

    private static async Task<string> CreateAsync(TestInstance instance, Actor owner, string title, string level, string? groupId, string? legalBasis, params (string Type, string Value)[] observables)
    {
        instance.Clock.Advance(TimeSpan.FromMinutes(1));
        var created = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.CreateAsync(owner, Input(instance, title, level, groupId, legalBasis, observables)));
        Assert.True(created.Ok, created.Error?.Message);
        var published = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.PublishAsync(owner, created.Value!.Id));
        Assert.True(published.Ok, published.Error?.Message);
        return created.Value!.Id;
    }

    private static async Task<World> WorldAsync(TestInstance instance)
    {
        var police = await AddMemberAsync(instance, await AddAsync(instance, "Zeehavenpolitie", OrganisationKind.Public, "RTM"), "r@politie.nl", Role.Analyst);
        var groupMemberOrg = await AddAsync(instance, "Delta Terminal", OrganisationKind.Private, "ZWB");
        var member = await AddMemberAsync(instance, groupMemberOrg, "p@delta.nl");
        var partner = await AddMemberAsync(instance, await AddAsync(instance, "Euromax", OrganisationKind.Private, "RTM"), "p@euromax.nl");
        var privateOwner = await AddMemberAsync(instance, await AddAsync(instance, "Rederij", OrganisationKind.Private, "RTM"), "p@rederij.nl");
        var outsider = await AddMemberAsync(instance, await AddAsync(instance, "Vliegveld", OrganisationKind.Private, "SCH"), "p@schiphol.nl");
        var group = await instance.RunAsync<SharingGroups, Result<SharingGroupView>>(g => g.CreateAsync(police, new CreateSharingGroupRequest("Zegels", [groupMemberOrg.Id])));
        Assert.True(group.Ok, group.Error?.Message);
        var groupId = group.Value!.Id;
        (string, string) person = ("person", Person), container = ("container", Container);
        var signals = new Dictionary<string, string>
        {
            ["national"] = await CreateAsync(instance, police, "Landelijk", "national", null, null, person, container),
            ["national-basis"] = await CreateAsync(instance, police, "Landelijk met grondslag", "national", null, "Convenant", person, container),
            ["group"] = await CreateAsync(instance, police, "Groep", "group", groupId, null, person, container),
            ["group-basis"] = await CreateAsync(instance, police, "Groep met grondslag", "group", groupId, "Convenant", person, container),
            ["own-basis"] = await CreateAsync(instance, police, "Alleen politie met grondslag", "organisation", null, "Convenant", person, container),
            ["private-mainport"] = await CreateAsync(instance, privateOwner, "Rederij, mainport", "mainport", null, null, person, container),
            ["private-draft"] = await DraftAsync(instance, privateOwner, person),
            ["private-basis"] = await CreateAsync(instance, privateOwner, "Rederij met grondslag", "national", null, "Convenant", person),
        };

        // The bulk path (slagboom import) on this provider: one signal with, one without a legal basis.
        instance.Clock.Advance(TimeSpan.FromMinutes(1));
        var imported = await instance.RunAsync<SignalImport, Result<ImportProgress>>(import => import.RunAsync(police, "test", Rows(
            ("bulk", Input(instance, "Import", "national", null, null, person, container)),
            ("bulk-basis", Input(instance, "Import met grondslag", "mainport", null, "Convenant", person))),
            new ImportOptions(Publish: true), _ => Task.CompletedTask, _ => Task.CompletedTask));
        Assert.True(imported.Ok, imported.Error?.Message);
        var ids = await instance.QueryAsync(db => db.Signals.Where(s => s.ExternalId != null).ToDictionaryAsync(s => s.ExternalId!, s => s.Id));
        signals["bulk"] = ids["bulk"];
        signals["bulk-basis"] = ids["bulk-basis"];

        // A merge: the survivor (with a legal basis, no person yet) takes the person over from the merged signal.
        signals["survivor-basis"] = await CreateAsync(instance, police, "Samengevoegd met grondslag", "national", null, "Convenant", ("phone", "06 1234 5678"));
        var merged = await CreateAsync(instance, police, "Wordt samengevoegd", "national", null, null, person);
        var merge = await instance.RunAsync<TriageService, Result<MergeView>>(t => t.MergeAsync(police, signals["survivor-basis"], merged));
        Assert.True(merge.Ok, merge.Error?.Message);
        signals["merged"] = merged;
        return new World(police, member, partner, privateOwner, outsider, signals);
    }

    private static async Task<string> DraftAsync(TestInstance instance, Actor owner, params (string Type, string Value)[] observables)
    {
        instance.Clock.Advance(TimeSpan.FromMinutes(1));
        var created = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.CreateAsync(owner, Input(instance, "Concept", "national", null, null, observables)));
        Assert.True(created.Ok, created.Error?.Message);
        return created.Value!.Id;
    }

    private static async IAsyncEnumerable<ImportRow> Rows(params (string ExternalId, SignalInput Input)[] rows)
    {
        var line = 0;
        foreach (var (externalId, input) in rows)
        {
            yield return new ImportRow(++line, externalId, input, []);
        }

        await Task.CompletedTask;
    }

    /// <summary>Every page of a lookup, two at a time (so the merged walks and the cursor are exercised).</summary>
    private static async Task<List<string>> LookupAsync(TestInstance instance, Actor actor, string type, string value)
    {
        var found = new List<string>();
        string? cursor = null;
        do
        {
            // As the web host does, with its configuration (the test instance registers none).
            await using var scope = instance.Services.CreateAsyncScope();
            var sightings = ActivatorUtilities.CreateInstance<Sightings>(scope.ServiceProvider, new ConfigurationBuilder().Build());
            var page = await sightings.FindAsync(actor, type, value, 2, cursor);
            Assert.True(page.Ok, page.Error?.Message);
            found.AddRange(page.Value!.Items.Select(i => i.SignalId));
            cursor = page.Value.Next;
        }
        while (cursor is not null);
        return found;
    }

    /// <summary>The answer the policy gives, from the signals themselves, without links' facts or indexes.</summary>
    private static async Task<List<string>> ExpectedAsync(TestInstance instance, Actor actor, string type, string matchKey, bool? inClear)
    {
        var viewer = await instance.RunAsync<Viewers, Viewer>(v => v.ForAsync(actor));
        var signals = await instance.QueryAsync(db => db.Signals.AsNoTracking().Include(s => s.Observables).ThenInclude(o => o.Observable).ToListAsync());
        return [.. signals
            .Where(s => s.Observables.Any(o => o.Observable!.Type == type && o.Observable.MatchKey == matchKey))
            .Where(s => SharingPolicy.CanSee(viewer, s) && (inClear is null || SharingPolicy.ReceivesInClear(viewer, s) == inClear))
            .OrderByDescending(s => s.OccurredAt).ThenByDescending(s => s.Id, StringComparer.Ordinal)
            .Select(s => s.Id)];
    }

    private static async Task AssertEveryAnswerAsync(TestInstance instance, World world)
    {
        var personKey = Person.ToLowerInvariant();
        var personObservable = await instance.QueryAsync(db => db.Observables.AsNoTracking().SingleAsync(o => o.Type == "person" && o.MatchKey == personKey));
        foreach (var actor in new[] { world.Police, world.Member, world.Partner, world.PrivateOwner, world.Outsider })
        {
            Assert.Equal(await ExpectedAsync(instance, actor, "person", personKey, inClear: true), await LookupAsync(instance, actor, "person", Person));
            Assert.Equal(await ExpectedAsync(instance, actor, "container", Container.ToLowerInvariant(), inClear: null), await LookupAsync(instance, actor, "container", Container));
            var pseudonym = (await instance.RunAsync<Pseudonyms, Dictionary<string, string>>(p => p.ShowAsync(actor.OrganisationId!, [personObservable])))[personObservable.Id];
            Assert.Equal(await ExpectedAsync(instance, actor, "person", personKey, inClear: false), await LookupAsync(instance, actor, "person", pseudonym));
        }

        // Every link carries its signal's fact, whichever path wrote it.
        var wrong = await instance.QueryAsync(db => (from l in db.SignalObservables
                                                     join s in db.Signals on l.SignalId equals s.Id
                                                     where l.ClearOnlyTo != (s.PersonalDataLegalBasis == null ? s.OwnerOrganisationId : null) || l.OccurredAt != s.OccurredAt
                                                     select l.SignalId).CountAsync());
        Assert.Equal(0, wrong);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Lookups_GiveThePolicysAnswer_ForEveryViewer_AndFollowAnEditOfTheLegalBasis(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var s = world.Signals;

        await AssertEveryAnswerAsync(instance, world);
        // Spot checks of what the policy says, so that a wrong reference cannot pass unnoticed.
        Assert.Equal([s["survivor-basis"], s["bulk-basis"], s["private-basis"], s["national-basis"]], await LookupAsync(instance, world.Partner, "person", Person));
        Assert.Equal([s["survivor-basis"], s["private-basis"], s["group-basis"], s["national-basis"]], await LookupAsync(instance, world.Member, "person", Person));
        Assert.Equal([s["survivor-basis"], s["bulk-basis"], s["private-basis"], s["private-draft"], s["private-mainport"], s["national-basis"]],
            await LookupAsync(instance, world.PrivateOwner, "person", Person));
        Assert.Equal([s["survivor-basis"], s["private-basis"], s["national-basis"]], await LookupAsync(instance, world.Outsider, "person", Person));
        Assert.Equal(11, (await LookupAsync(instance, world.Police, "person", Person)).Count);

        // The owner records a legal basis for the national signal and withdraws the one of the other.
        await EditAsync(instance, world.Police, s["national"], "Landelijk", "national", "Nieuw convenant");
        await EditAsync(instance, world.Police, s["national-basis"], "Landelijk met grondslag", "national", null);

        await AssertEveryAnswerAsync(instance, world);
        var partner = await LookupAsync(instance, world.Partner, "person", Person);
        Assert.Contains(s["national"], partner);
        Assert.DoesNotContain(s["national-basis"], partner);
    }

    private static async Task EditAsync(TestInstance instance, Actor owner, string id, string title, string level, string? legalBasis)
    {
        var current = await instance.QueryAsync(db => db.Signals.AsNoTracking().SingleAsync(x => x.Id == id));
        var input = Input(instance, title, level, null, legalBasis, ("person", Person), ("container", Container)) with { OccurredAt = new DateTimeOffset(current.OccurredAt, TimeSpan.Zero) };
        var updated = await instance.RunAsync<SignalService, Result<SignalView>>(x => x.UpdateAsync(owner, id, input));
        Assert.True(updated.Ok, updated.Error?.Message);
    }
}
