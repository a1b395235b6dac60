using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Alerts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Events;
using Slagboom.Core.Organisations;
using Slagboom.Core.RuleBook;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Events;
using Slagboom.Domain.Organisations;
using Slagboom.Rules;
using Slagboom.Rules.Simulation;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.RuleBook;

/// <summary>Stored rules: versions, YAML errors with lines, rights, backtest; watch lists and their CSV import; the runtime's reload.</summary>
public sealed class RuleBookTests
{
    private const string Fence = """
        id: RTM-FEN-9
        title: Fence climbed
        severity: high
        type: match
        where: { kind: fence, alarm: [climb, cut] }
        by: sensor
        """;

    private sealed record World(Actor Editor, Actor Reader, Actor OrgAdmin, Actor Outsider, Actor PlatformAdmin);

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
        var editor = await AddMemberAsync(instance, terminal, "security@terminal.nl", Role.Analyst);
        var reader = await AddMemberAsync(instance, terminal, "wacht@terminal.nl");
        var officer = await AddMemberAsync(instance, terminal, "beveiligingschef@terminal.nl");
        var outsider = await AddMemberAsync(instance, other, "analist@zwb.nl", Role.Analyst);
        var admin = await AddMemberAsync(instance, terminal, "admin@platform.nl", Role.PlatformAdmin);
        return new World(editor, reader, officer with { Roles = new HashSet<string> { Role.Member, Role.OrgAdmin } }, outsider, admin);
    }

    private static Task<Result<RuleDetail>> CreateAsync(TestInstance instance, Actor actor, string yaml, string mainport = "RTM") =>
        instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.CreateAsync(actor, mainport, yaml, "eerste versie"));

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Versions_PublishMakesActive_DraftEditKeepsActive_HistoryReadable_Audited(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var created = await CreateAsync(instance, world.Editor, Fence);
        Assert.True(created.Ok, created.Error?.Message);
        Assert.Equal(("RTM-FEN-9", RuleStatus.Draft, null, 1), (created.Value!.Rule.Id, created.Value.Rule.Status, created.Value.Rule.ActiveVersion, created.Value.Rule.LatestVersion));
        Assert.Equal("security@terminal.nl", created.Value.Latest.Author);

        var published = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.PublishAsync(world.Editor, "RTM-FEN-9", null));
        Assert.Equal((RuleStatus.Active, 1), (published.Value!.Rule.Status, published.Value.Rule.ActiveVersion));

        // A draft edit makes version 2; version 1 stays the active one.
        var edited = Fence.Replace("severity: high", "severity: critical", StringComparison.Ordinal);
        var draft = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.SaveAsync(world.OrgAdmin, "RTM-FEN-9", edited, "ernstiger"));
        Assert.True(draft.Ok, draft.Error?.Message);
        Assert.Equal((1, 2), (draft.Value!.Rule.ActiveVersion, draft.Value.Rule.LatestVersion));
        Assert.Contains("severity: high", draft.Value.Active!.Yaml, StringComparison.Ordinal);
        Assert.Equal(("ernstiger", "beveiligingschef@terminal.nl"), (draft.Value.Latest.Comment, draft.Value.Latest.Author));

        // Readers see the history; publishing version 2 switches; version 1 stays readable.
        var history = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.GetAsync(world.Reader, "RTM-FEN-9"));
        Assert.Equal([2, 1], history.Value!.Versions.Select(v => v.Number));
        Assert.False(history.Value.CanEdit);
        var second = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.PublishAsync(world.Editor, "RTM-FEN-9", 2));
        Assert.Equal(2, second.Value!.Rule.ActiveVersion);
        Assert.Contains("severity: high", second.Value.Versions.Single(v => v.Number == 1).Yaml, StringComparison.Ordinal);

        var retired = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.RetireAsync(world.Editor, "RTM-FEN-9"));
        Assert.Equal(RuleStatus.Retired, retired.Value!.Rule.Status);
        Assert.Equal(
            [RuleBookService.CreateAction, RuleBookService.PublishAction, RuleBookService.SaveAction, RuleBookService.PublishAction, RuleBookService.RetireAction],
            await instance.QueryAsync(db => db.AuditEntries.Where(a => a.Subject == "rule:RTM-FEN-9").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task YamlErrors_ComeWithTheirLine_AndNothingIsSaved(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var bad = await CreateAsync(instance, world.Editor, Fence.Replace("by: sensor", "by: sensor\nwithn: 10m", StringComparison.Ordinal));
        var errors = RuleBookService.Errors(Assert.IsType<Invalid>(bad.Error));
        var error = Assert.Single(errors);
        Assert.Equal(7, error.Line);
        Assert.Contains("withn", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await instance.QueryAsync(db => db.Rules.CountAsync()));

        // Another mainport in the scope, an unknown watch list, and a changed id on save are refused too.
        var scoped = RuleBookService.Errors((await CreateAsync(instance, world.Editor, Fence + "\nscope: { mainport: ZWB }")).Error!);
        Assert.Contains(scoped, e => e.Line == 7 && e.Message.Contains("mainport RTM", StringComparison.Ordinal));
        var listed = RuleBookService.Errors((await CreateAsync(instance, world.Editor, "id: RTM-WL-1\ntitle: Listed\ntype: watchlist\nlist: nergens\n")).Error!);
        Assert.Contains(listed, e => e.Line == 4);
        Assert.True((await CreateAsync(instance, world.Editor, Fence)).Ok);
        var renamed = await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.SaveAsync(world.Editor, "RTM-FEN-9", Fence.Replace("RTM-FEN-9", "RTM-FEN-10", StringComparison.Ordinal), null));
        Assert.Equal(1, Assert.Single(RuleBookService.Errors(renamed.Error!)).Line);
        Assert.Equal(1, await instance.QueryAsync(db => db.RuleVersions.CountAsync()));
        Assert.IsType<Conflict>((await CreateAsync(instance, world.Editor, Fence)).Error);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task OtherMainports_AndNonEditors_GetNotFound(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        Assert.True((await CreateAsync(instance, world.Editor, Fence)).Ok);

        foreach (var outsider in new[] { world.Outsider, world.PlatformAdmin, Auditor })
        {
            Assert.IsType<NotFound>((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.GetAsync(outsider, "RTM-FEN-9"))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<RuleBookService, Result<IReadOnlyList<RuleSummary>>>(s => s.ListAsync(outsider, "RTM"))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<WatchlistService, Result<IReadOnlyList<WatchlistSummary>>>(s => s.ListAsync(outsider, "RTM"))).Error);
        }

        // A member reads but does not edit; neither does an outsider create rules for RTM.
        Assert.True((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.GetAsync(world.Reader, "RTM-FEN-9"))).Ok);
        foreach (var nonEditor in new[] { world.Reader, world.Outsider, world.PlatformAdmin })
        {
            Assert.IsType<NotFound>((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.SaveAsync(nonEditor, "RTM-FEN-9", Fence, null))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.PublishAsync(nonEditor, "RTM-FEN-9", null))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<RuleBookService, Result<BacktestResult>>(s => s.BacktestAsync(nonEditor, "RTM-FEN-9", null, null, null))).Error);
            Assert.IsType<NotFound>((await CreateAsync(instance, nonEditor, Fence.Replace("RTM-FEN-9", "X-1", StringComparison.Ordinal))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<WatchlistService, Result<WatchlistSummary>>(s => s.CreateAsync(nonEditor, "RTM", "lijst", "plates", null))).Error);
        }

        Assert.Equal(1, await instance.QueryAsync(db => db.RuleVersions.CountAsync()));
        Assert.Equal(0, await instance.QueryAsync(db => db.Watchlists.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task WatchlistCsv_BadRowsReportedWithLine_GoodRowsIn_ImportingTwiceChangesNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var list = (await instance.RunAsync<WatchlistService, Result<WatchlistSummary>>(s => s.CreateAsync(world.Editor, "RTM", "containers-of-interest", "containers", "Van de douane"))).Value!;
        const string Csv = "value,note,expires\ncsqu 305438-3,tip douane,2026-12-31\nCSQU3054384,foute controle\n\nABC,,\nTGHU1234567,geen datum,morgen\n";

        var first = await instance.RunAsync<WatchlistService, Result<WatchlistImport>>(s => s.ImportAsync(world.Editor, list.Id, new StringReader(Csv)));
        Assert.True(first.Ok, first.Error?.Message);
        Assert.Equal(3, first.Value!.Problems.Count);
        Assert.Equal([3, 5, 6], first.Value.Problems.Select(p => p.Line));
        Assert.Contains(first.Value.Problems, p => p.Line == 3 && p.Reason.Contains("check digit", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(first.Value.Problems, p => p.Line == 6 && p.Reason.Contains("morgen", StringComparison.Ordinal));
        var good = await instance.QueryAsync(db => db.WatchlistEntries.Where(e => e.WatchlistId == list.Id).ToListAsync());
        var entry = Assert.Single(good);
        Assert.Equal(("CSQU3054383", "tip douane", new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc)), (entry.Value, entry.Note, entry.ExpiresAt));

        var second = await instance.RunAsync<WatchlistService, Result<WatchlistImport>>(s => s.ImportAsync(world.Editor, list.Id, new StringReader(Csv)));
        Assert.Equal((0, 0, 1), (second.Value!.Added, second.Value.Updated, second.Value.Unchanged));
        Assert.Single(await instance.QueryAsync(db => db.WatchlistEntries.ToListAsync()));
        Assert.Equal(2, await instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == WatchlistService.ImportAction)));
        Assert.IsType<NotFound>((await instance.RunAsync<WatchlistService, Result<WatchlistImport>>(s => s.ImportAsync(world.Reader, list.Id, new StringReader(Csv)))).Error);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Backtest_FindsTheGeneratedWatchlistedPlates_AndStoresNoAlert(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var port = PortSimulator.Generate(3, 7, new DateOnly(2026, 2, 20));
        await instance.RunAsync<AppDbContext>(async db =>
        {
            db.Events.AddRange(port.Events.Select(e => EventIngestion.ToRow(e, e.Time.UtcDateTime)));
            await db.SaveChangesAsync();
        });
        var list = (await instance.RunAsync<WatchlistService, Result<WatchlistSummary>>(s => s.CreateAsync(world.Editor, "RTM", "plates-of-interest", "plates", null))).Value!;
        foreach (var plate in PortSimulator.WatchlistedPlates)
        {
            Assert.True((await instance.RunAsync<WatchlistService, Result<WatchlistEntryView>>(s => s.AddAsync(world.Editor, list.Id, plate, "politie", null))).Ok);
        }

        const string Rule = "id: RTM-ANPR-9\ntitle: Watch-listed plate\nseverity: high\ntype: watchlist\nlist: plates-of-interest\nminConfidence: 0.4\nwhere: { kind: anpr }\n";
        Assert.True((await CreateAsync(instance, world.Editor, Rule)).Ok);
        var result = await instance.RunAsync<RuleBookService, Result<BacktestResult>>(s => s.BacktestAsync(world.Editor, "RTM-ANPR-9", null, new DateTime(2026, 2, 19, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 2, 24, 0, 0, 0, DateTimeKind.Utc)));
        Assert.True(result.Ok, result.Error?.Message);
        Assert.Equal((port.Events.Count, false), (result.Value!.Events, result.Value.Capped));

        // Every generated watch-listed plate is among the alerts, and the count is what the engine gives on the same events.
        var labels = port.Labels.Where(l => l.Scenario == PortSimulator.WatchlistedPlate).ToList();
        Assert.NotEmpty(labels);
        foreach (var label in labels)
        {
            Assert.Contains(result.Value.First, a => a.EventIds.Any(label.Events.Contains));
        }

        var direct = 0;
        var set = RuleSetLoader.Load([("r.yaml", Rule), ("l.yaml", RuleText.ListsYaml([new ListValues("plates-of-interest", "plates", PortSimulator.WatchlistedPlates)]))]).RuleSet!;
        var evaluator = new RuleEvaluator(set, _ => direct++);
        foreach (var e in port.Events)
        {
            evaluator.Process(e);
        }

        Assert.Equal(direct, result.Value.Alerts);
        Assert.Equal(0, await instance.QueryAsync(db => db.Alerts.CountAsync()));
        Assert.Equal(1, await instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == RuleBookService.BacktestAction)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Runtime_AfterPublish_RaisesTheNewRulesAlert_WithItsVersion_AndWatchlistChangesCount(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var sender = new EventSender(EventChannels.Api, "test", null, null);
        Task<IngestOutcome> IngestAsync(string json) => instance.RunAsync<EventIngestion, IngestOutcome>(s => s.IngestAsync(sender, [new RawEvent(0, System.Text.Encoding.UTF8.GetBytes(json))]));
        string FenceEvent(string id) => $$"""{"kind":"fence","time":"2026-03-01T08:0{{id[^1]}}:00Z","mainport":"RTM","source":"fence","site":"ECT","id":"{{id}}","sensor":"S-1","zone":"north","alarm":"climb"}""";

        await IngestAsync(FenceEvent("f-1"));
        Assert.True((await CreateAsync(instance, world.Editor, Fence)).Ok);
        await IngestAsync(FenceEvent("f-2"));
        Assert.Equal(0, await instance.QueryAsync(db => db.Alerts.CountAsync()));

        await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.PublishAsync(world.Editor, "RTM-FEN-9", null));
        await IngestAsync(FenceEvent("f-3"));
        var alert = await instance.QueryAsync(db => db.Alerts.Include(a => a.Events).SingleAsync());
        Assert.Equal(("RTM-FEN-9", 1, "S-1"), (alert.RuleId, alert.RuleVersion, alert.Key));
        Assert.Equal(["f-3"], alert.Events.Select(e => e.EventId));

        // A watch-list rule sees an entry added after it was published.
        var list = (await instance.RunAsync<WatchlistService, Result<WatchlistSummary>>(s => s.CreateAsync(world.Editor, "RTM", "passes", "passes", null))).Value!;
        Assert.True((await CreateAsync(instance, world.Editor, "id: RTM-PAS-1\ntitle: Listed pass\ntype: watchlist\nlist: passes\nwhere: { kind: access }\n")).Ok);
        await instance.RunAsync<RuleBookService, Result<RuleDetail>>(s => s.PublishAsync(world.Editor, "RTM-PAS-1", null));
        const string Access = """{"kind":"access","time":"2026-03-01T08:10:00Z","mainport":"RTM","source":"acs","site":"ECT","id":"a-ID","pass":"P-777","reader":"R1","zone":"gate","granted":true}""";
        await IngestAsync(Access.Replace("ID", "1", StringComparison.Ordinal));
        Assert.Equal(0, await instance.QueryAsync(db => db.Alerts.CountAsync(a => a.RuleId == "RTM-PAS-1")));
        await instance.RunAsync<WatchlistService, Result<WatchlistEntryView>>(s => s.AddAsync(world.Editor, list.Id, "P-777", "verloren pas", null));
        await IngestAsync(Access.Replace("ID", "2", StringComparison.Ordinal));
        Assert.Equal(1, await instance.QueryAsync(db => db.Alerts.CountAsync(a => a.RuleId == "RTM-PAS-1")));
    }
}
