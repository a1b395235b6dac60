using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Events;
using Slagboom.Core.Organisations;
using Slagboom.Core.RuleBook;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Organisations;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.RuleBook;

/// <summary>Renaming and deleting watch lists: refused while active or draft rules name the list, audited without entry values, nothing for others.</summary>
public sealed class WatchlistEditTests
{
    private sealed record World(Actor Editor, Actor Reader, Actor Outsider);

    private static async Task<World> WorldAsync(TestInstance instance)
    {
        var terminal = await AddOrganisationAsync(instance, "Terminal RTM", OrganisationKind.Private);
        var other = await AddOrganisationAsync(instance, "Terminal ZWB", OrganisationKind.Private);
        await instance.RunAsync<AppDbContext>(async db =>
        {
            var link = await db.Set<OrganisationMainport>().SingleAsync(m => m.OrganisationId == other.Id);
            db.Remove(link);
            db.Add(new OrganisationMainport { OrganisationId = other.Id, MainportCode = "ZWB" });
            await db.SaveChangesAsync();
        });
        return new World(
            await AddMemberAsync(instance, terminal, "analist@terminal.nl", Role.Analyst),
            await AddMemberAsync(instance, terminal, "wacht@terminal.nl"),
            await AddMemberAsync(instance, other, "analist@zwb.nl", Role.Analyst));
    }

    private static async Task<WatchlistSummary> ListAsync(TestInstance instance, Actor editor, string name, string type, params string[] values)
    {
        var list = await instance.RunAsync<WatchlistService, Result<WatchlistSummary>>(s => s.CreateAsync(editor, "RTM", name, type, "van de douane"));
        Assert.True(list.Ok, list.Error?.Message);
        foreach (var value in values)
        {
            Assert.True((await instance.RunAsync<WatchlistService, Result<WatchlistEntryView>>(s => s.AddAsync(editor, list.Value!.Id, value, "tip", null))).Ok);
        }

        return list.Value!;
    }

    private static async Task RuleAsync(TestInstance instance, Actor editor, string yaml, bool publish)
    {
        var created = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.CreateAsync(editor, "RTM", yaml, null));
        Assert.True(created.Ok, created.Error?.Message);
        if (publish)
        {
            Assert.True((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.PublishAsync(editor, created.Value!.Rule.Id, null))).Ok);
        }
    }

    private static Task<Result<WatchlistSummary>> EditAsync(TestInstance instance, Actor actor, string id, string name, string? description = null) =>
        instance.RunAsync<WatchlistService, Result<WatchlistSummary>>(s => s.EditAsync(actor, id, name, description));

    private static Task<Result<WatchlistSummary>> DeleteAsync(TestInstance instance, Actor actor, string id) =>
        instance.RunAsync<WatchlistService, Result<WatchlistSummary>>(s => s.DeleteAsync(actor, id));

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Rename_ChangesNameAndDescription_IsAudited_BadAndDuplicateNamesRefused_OthersGetNotFound(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var list = await ListAsync(instance, world.Editor, "plates-of-interest", "plates", "DE:HH-AB 1234");
        await ListAsync(instance, world.Editor, "passes", "passes");

        var renamed = await EditAsync(instance, world.Editor, list.Id, "  kentekens-douane ", "Tips van de douane");
        Assert.True(renamed.Ok, renamed.Error?.Message);
        Assert.Equal(("kentekens-douane", "Tips van de douane", "plates", 1), (renamed.Value!.Name, renamed.Value.Description, renamed.Value.Type, renamed.Value.Entries));
        var stored = await instance.QueryAsync(db => db.Watchlists.SingleAsync(w => w.Id == list.Id));
        Assert.Equal(("kentekens-douane", "Tips van de douane"), (stored.Name, stored.Description));
        var audited = await instance.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == WatchlistService.EditAction));
        Assert.Equal(($"watchlist:{list.Id}", world.Editor.UserId), (audited.Subject, audited.UserId));
        Assert.Contains("plates-of-interest renamed kentekens-douane", audited.Purpose, StringComparison.Ordinal);
        Assert.Contains("description changed", audited.Purpose, StringComparison.Ordinal);

        // A null description keeps it; the same name and description again changes (and audits) nothing.
        Assert.Equal("Tips van de douane", (await EditAsync(instance, world.Editor, list.Id, "kentekens-douane")).Value!.Description);
        Assert.Equal(1, await instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == WatchlistService.EditAction)));

        // Another list's name, a bad name, an empty name, a long description: refused, nothing changed.
        var duplicate = await EditAsync(instance, world.Editor, list.Id, "passes");
        Assert.Contains("'passes'", Assert.IsType<Conflict>(duplicate.Error).Message, StringComparison.Ordinal);
        Assert.True(Assert.IsType<Invalid>((await EditAsync(instance, world.Editor, list.Id, "Kentekens Douane")).Error).Fields.ContainsKey("name"));
        Assert.True(Assert.IsType<Invalid>((await EditAsync(instance, world.Editor, list.Id, "  ")).Error).Fields.ContainsKey("name"));
        Assert.True(Assert.IsType<Invalid>((await EditAsync(instance, world.Editor, list.Id, "ok", new string('x', 1001))).Error).Fields.ContainsKey("description"));

        // A reader of the mainport and an editor of another mainport cannot tell the list exists.
        Assert.IsType<NotFound>((await EditAsync(instance, world.Reader, list.Id, "weg")).Error);
        Assert.IsType<NotFound>((await EditAsync(instance, world.Outsider, list.Id, "weg")).Error);
        Assert.IsType<NotFound>((await EditAsync(instance, world.Editor, "no-such-list", "weg")).Error);
        Assert.Equal("kentekens-douane", await instance.QueryAsync(db => db.Watchlists.Where(w => w.Id == list.Id).Select(w => w.Name).SingleAsync()));
        Assert.Equal(1, await instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == WatchlistService.EditAction)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Rename_RefusedNamingTheRules_WhileAnActiveOrDraftRuleNamesTheList_AllowedOnceRetired(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var list = await ListAsync(instance, world.Editor, "plates", "plates");
        await RuleAsync(instance, world.Editor, "id: RTM-ANPR-1\ntitle: Listed plate\ntype: watchlist\nlist: plates\nwhere: { kind: anpr }\n", publish: true);

        var refused = Assert.IsType<InUse>((await EditAsync(instance, world.Editor, list.Id, "kentekens")).Error);
        Assert.Equal(["RTM-ANPR-1"], refused.UsedBy);
        Assert.Contains("RTM-ANPR-1", refused.Message, StringComparison.Ordinal);

        // The description may change while rules use the list: they name it, not describe it.
        Assert.True((await EditAsync(instance, world.Editor, list.Id, "plates", "nieuwe beschrijving")).Ok);

        Assert.True((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.RetireAsync(world.Editor, "RTM-ANPR-1"))).Ok);
        Assert.True((await EditAsync(instance, world.Editor, list.Id, "kentekens")).Ok);
        Assert.Equal("kentekens", await instance.QueryAsync(db => db.Watchlists.Where(w => w.Id == list.Id).Select(w => w.Name).SingleAsync()));

        // Publishing the retired rule again is checked anew, and now names an unknown list.
        var republished = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.PublishAsync(world.Editor, "RTM-ANPR-1", null));
        Assert.Contains(RuleBookService.Errors(republished.Error!), e => e.Message.Contains("unknown watch list 'plates'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Delete_RefusedNamingTheRules_AllowedOnceNoActiveOrDraftRuleNamesIt_EntriesGone_AuditHoldsNoValues(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var list = await ListAsync(instance, world.Editor, "plates", "plates", "DE:HH-AB 1234", "12-abc-3");
        var similar = await ListAsync(instance, world.Editor, "plates-2", "plates", "NL:12-ABC-3");
        const string Draft = "id: RTM-MATCH-2\ntitle: Listed plate at the gate\ntype: match\nwhere: { kind: gate, plate|list: plates }\n";
        await RuleAsync(instance, world.Editor, "id: RTM-ANPR-1\ntitle: Listed plate\ntype: watchlist\nlist: plates\nwhere: { kind: anpr }\n", publish: true);
        await RuleAsync(instance, world.Editor, Draft, publish: false);
        // A rule naming only the other list ("plates-2" holds the text "plates") does not count.
        await RuleAsync(instance, world.Editor, "id: RTM-ANPR-3\ntitle: Other list\ntype: watchlist\nlist: plates-2\n", publish: true);

        var refused = Assert.IsType<InUse>((await DeleteAsync(instance, world.Editor, list.Id)).Error);
        Assert.Equal(["RTM-ANPR-1", "RTM-MATCH-2"], refused.UsedBy);
        Assert.Contains("RTM-ANPR-1, RTM-MATCH-2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, await instance.QueryAsync(db => db.WatchlistEntries.CountAsync(e => e.WatchlistId == list.Id)));
        var detail = await instance.RunAsync<WatchlistService, Result<WatchlistDetail>>(s => s.GetAsync(world.Reader, list.Id));
        Assert.Equal(["RTM-ANPR-1", "RTM-MATCH-2"], detail.Value!.UsedBy);

        // Retire the active rule, and save a draft version without the list: then the list may go.
        Assert.True((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.RetireAsync(world.Editor, "RTM-ANPR-1"))).Ok);
        Assert.Equal(["RTM-MATCH-2"], Assert.IsType<InUse>((await DeleteAsync(instance, world.Editor, list.Id)).Error).UsedBy);
        var withoutList = Draft.Replace("plate|list: plates", "plate|list: plates-2", StringComparison.Ordinal);
        Assert.True((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.SaveAsync(world.Editor, "RTM-MATCH-2", withoutList, "andere lijst"))).Ok);

        // Others cannot delete it (and cannot tell it exists).
        Assert.IsType<NotFound>((await DeleteAsync(instance, world.Reader, list.Id)).Error);
        Assert.IsType<NotFound>((await DeleteAsync(instance, world.Outsider, list.Id)).Error);
        Assert.Equal(2, await instance.QueryAsync(db => db.WatchlistEntries.CountAsync(e => e.WatchlistId == list.Id)));

        var deleted = await DeleteAsync(instance, world.Editor, list.Id);
        Assert.True(deleted.Ok, deleted.Error?.Message);
        Assert.Equal(("plates", 2), (deleted.Value!.Name, deleted.Value.Entries));
        Assert.False(await instance.QueryAsync(db => db.Watchlists.AnyAsync(w => w.Id == list.Id)));
        Assert.Equal(0, await instance.QueryAsync(db => db.WatchlistEntries.CountAsync(e => e.WatchlistId == list.Id)));
        Assert.Equal(1, await instance.QueryAsync(db => db.WatchlistEntries.CountAsync(e => e.WatchlistId == similar.Id)));
        Assert.IsType<NotFound>((await instance.RunAsync<WatchlistService, Result<WatchlistDetail>>(s => s.GetAsync(world.Editor, list.Id))).Error);
        Assert.IsType<NotFound>((await DeleteAsync(instance, world.Editor, list.Id)).Error);

        var audited = await instance.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == WatchlistService.DeleteAction));
        Assert.Equal(($"watchlist:{list.Id}", world.Editor.UserId), (audited.Subject, audited.UserId));
        Assert.Contains("plates", audited.Purpose, StringComparison.Ordinal);
        Assert.Contains("2 entries", audited.Purpose, StringComparison.Ordinal);
        Assert.DoesNotContain("HHAB1234", audited.Purpose, StringComparison.Ordinal);
        Assert.DoesNotContain("12ABC3", audited.Purpose, StringComparison.Ordinal);

        // The name is free again, and the running rules still load: the other list's rule raises its alert.
        Assert.True((await ListAsync(instance, world.Editor, "plates", "passes")).Id.Length > 0);
        var sender = new EventSender(EventChannels.Api, "test", null, null);
        const string Anpr = """{"kind":"anpr","time":"2026-03-01T08:00:00Z","mainport":"RTM","source":"alpr","site":"ECT","id":"anpr-1","camera":"C1","direction":"in","country":"NL","candidates":[{"plate":"12ABC3","confidence":0.9}]}""";
        await instance.RunAsync<EventIngestion, IngestOutcome>(s => s.IngestAsync(sender, [new RawEvent(0, System.Text.Encoding.UTF8.GetBytes(Anpr))]));
        Assert.Equal(["RTM-ANPR-3"], await instance.QueryAsync(db => db.Alerts.Select(a => a.RuleId).ToListAsync()));
    }
}
