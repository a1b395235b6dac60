using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Signals;
using Slagboom.Core.Triage;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Organisations;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;
using static Slagboom.Core.Tests.Reports.ReportServiceTests;

namespace Slagboom.Core.Tests.Triage;

/// <summary>The triage inbox: who sees what, classify, priority, signal, dismiss, merge and undo.</summary>
public sealed class TriageServiceTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Inbox_ListsNewAnonymousAndStaffReports_NewestFirst_ForReceivingAnalystsOnly(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        await SubmitAsync(instance, "Anonieme melding");
        instance.Clock.Advance(TimeSpan.FromHours(2));
        var staff = await StaffReportAsync(instance, "Onbekende man in de stack");
        instance.Clock.Advance(TimeSpan.FromHours(1));

        var inbox = await ListAsync(instance, world.Analyst, new InboxFilter());
        Assert.Equal(["staff", "anonymous"], inbox.Select(i => i.Channel));
        Assert.Equal(staff, inbox[0].Id);
        Assert.All(inbox, i => Assert.Equal(("RTM", "new", "normal"), (i.Mainport, i.State, i.Priority)));
        Assert.Equal([3600L, 3 * 3600L], inbox.Select(i => i.AgeSeconds));
        Assert.Equal(["anonymous"], (await ListAsync(instance, world.Analyst, new InboxFilter(Channel: "anonymous"))).Select(i => i.Channel));
        Assert.Empty(await ListAsync(instance, world.Analyst, new InboxFilter(Mainport: "SCH")));
        Assert.Empty(await ListAsync(instance, world.Analyst, new InboxFilter(Priority: "urgent")));

        // Nobody else: another organisation's analyst, a member of the receiving organisation, the platform admin, an auditor.
        foreach (var outsider in new[] { world.OtherAnalyst, world.PoliceMember, world.PlatformAdmin, Auditor })
        {
            Assert.Empty(await ListAsync(instance, outsider, new InboxFilter(State: "all")));
            Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.GetAsync(outsider, "staff", staff))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.SetPriorityAsync(outsider, "staff", staff, "high"))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.DismissAsync(outsider, "staff", staff, "weg"))).Error);
        }

        // The same id under the wrong channel is no item either; bad filters are field errors.
        Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.GetAsync(world.Analyst, "anonymous", staff))).Error);
        var bad = await instance.RunAsync<TriageService, Result<IReadOnlyList<InboxItem>>>(s => s.ListAsync(world.Analyst, new InboxFilter("XXX", "fax", "soon", "later")));
        Assert.Equal(["channel", "mainport", "priority", "state"], Assert.IsType<Invalid>(bad.Error).Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Classify_Priority_Dismiss_AndReopen_AreKeptAndAudited_BadObservablesAreRefusedWithTheReason(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        var id = await StaffReportAsync(instance, "Container verzet");

        var refused = await ClassifyAsync(instance, world.Analyst, id, new ClassifyInput("incident", ["SEA-C01"], 4,
            [new ObservableInput("container", "CSQU3054383"), new ObservableInput("container", "CSQU3054384"), new ObservableInput("fax", "1")]));
        var fields = Assert.IsType<Invalid>(refused.Error).Fields;
        Assert.Equal(["observables[1].value", "observables[2].type"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("check digit", fields["observables[1].value"][0], StringComparison.OrdinalIgnoreCase);
        // Nothing was stored by the refused request.
        Assert.Equal(0, await instance.QueryAsync(db => db.TriageRecords.CountAsync()));
        Assert.IsType<Invalid>((await ClassifyAsync(instance, world.Analyst, id, new ClassifyInput("gossip", ["NOPE-1"], 42, null))).Error);

        instance.Clock.Advance(TimeSpan.FromMinutes(30));
        var classified = await ClassifyAsync(instance, world.Analyst, id, new ClassifyInput("intrusion", ["sea-c01"], 4,
            [new ObservableInput("container", "csqu 305438-3"), new ObservableInput("plate-nl", "12abc3")]));
        Assert.True(classified.Ok, classified.Error?.Message);
        Assert.Equal(("in-progress", "intrusion", 4), (classified.Value!.State, classified.Value.Category, classified.Value.ProcessStep));
        Assert.Equal(["SEA-C01"], classified.Value.ModusOperandi);
        Assert.Equal([new ObservableView("container", "CSQU3054383"), new ObservableView("plate-nl", "12-ABC-3")], classified.Value.Observables);

        var urgent = await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.SetPriorityAsync(world.Analyst, "staff", id, "URGENT"));
        Assert.Equal("urgent", urgent.Value!.Priority);
        Assert.IsType<Invalid>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.SetPriorityAsync(world.Analyst, "staff", id, "asap"))).Error);
        Assert.Equal([id], (await ListAsync(instance, world.Analyst, new InboxFilter(Priority: "urgent"))).Select(i => i.Id));
        Assert.Empty(await ListAsync(instance, world.Analyst, new InboxFilter(Priority: "normal")));

        Assert.IsType<Invalid>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.DismissAsync(world.Analyst, "staff", id, "  "))).Error);
        var dismissed = await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.DismissAsync(world.Analyst, "staff", id, "Dubbel met melding van gisteren"));
        Assert.Equal(("dismissed", "Dubbel met melding van gisteren"), (dismissed.Value!.State, dismissed.Value.DismissReason));
        Assert.Empty(await ListAsync(instance, world.Analyst, new InboxFilter()));
        Assert.Equal([id], (await ListAsync(instance, world.Analyst, new InboxFilter(State: "dismissed"))).Select(i => i.Id));
        Assert.Equal("closed", await instance.QueryAsync(db => db.Reports.Select(r => r.Status).SingleAsync()));
        Assert.IsType<Conflict>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.DismissAsync(world.Analyst, "staff", id, "nog eens"))).Error);

        var reopened = await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ReopenAsync(world.Analyst, "staff", id));
        Assert.Equal(("in-progress", null, "intrusion"), (reopened.Value!.State, reopened.Value.DismissReason, reopened.Value.Category));
        Assert.Equal([id], (await ListAsync(instance, world.Analyst, new InboxFilter())).Select(i => i.Id));
        Assert.Equal("being-handled", await instance.QueryAsync(db => db.Reports.Select(r => r.Status).SingleAsync()));

        var actions = await instance.QueryAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("triage.")).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.Outcome, e.Subject, e.Purpose }).ToListAsync());
        Assert.Equal(["triage.classify", "triage.priority", "triage.dismiss", "triage.reopen"], actions.Where(a => a.Outcome == "ok").Select(a => a.Action));
        Assert.All(actions.Where(a => a.Outcome == "ok"), a => Assert.Equal($"report:{id}", a.Subject));
        Assert.Equal("Dubbel met melding van gisteren", actions.Single(a => a.Action == "triage.dismiss").Purpose);
        // The first triage action is the one "time to triage" counts to.
        Assert.Equal(instance.Clock.GetUtcNow().UtcDateTime, await instance.QueryAsync(db => db.TriageRecords.Select(r => r.FirstActionAt).SingleAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ToSignal_UsesTheReportToSignalPath_WithTheClassificationAndExtractedObservables(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        var id = await StaffReportAsync(instance, "Verdachte container");
        Assert.True((await ClassifyAsync(instance, world.Analyst, id, new ClassifyInput("seizure", ["SEA-C01"], 5, [new ObservableInput("container", "CSQU3054383")]))).Ok);

        var made = await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ToSignalAsync(world.Analyst, "staff", id, AnalystInput(instance)));
        Assert.True(made.Ok, made.Error?.Message);
        Assert.Equal("signal", made.Value!.State);
        var signal = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.GetAsync(world.Analyst, made.Value.SignalId!, "controle"));
        Assert.Equal(("seizure", 5, "draft", "RTM"), (signal.Value!.Category, signal.Value.ProcessStep, signal.Value.Status, signal.Value.Mainport));
        Assert.Equal(["SEA-C01"], signal.Value.ModusOperandi);
        Assert.Equal([new ObservableView("container", "CSQU3054383")], signal.Value.Observables);
        // The report links to it, as when made on the report page; the item leaves the open queue.
        Assert.Equal(made.Value.SignalId, await instance.QueryAsync(db => db.Reports.Select(r => r.SignalId).SingleAsync()));
        Assert.Empty(await ListAsync(instance, world.Analyst, new InboxFilter()));
        Assert.IsType<Conflict>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ToSignalAsync(world.Analyst, "staff", id, AnalystInput(instance)))).Error);
        Assert.IsType<Conflict>((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.DismissAsync(world.Analyst, "staff", id, "toch niet"))).Error);
        Assert.True(await instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "triage.signal" && e.Recipients == "signal:" + made.Value.SignalId)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task MergeAndUndo_RestoreExactly_ObservablesVisibilityAndLists(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var a = await AddSignalAsync(instance, world.Analyst, "Signaal A", ("container", "CSQU3054383"), ("plate-nl", "12-ABC-3"));
        var b = await AddSignalAsync(instance, world.Analyst, "Signaal B", ("container", "CSQU3054383"), ("imo", "9319466"), ("vessel", "Ever Given"));
        var before = await SnapshotAsync(instance, world, a, b);
        Assert.Equal(2, before.ListedIds.Count);

        var merged = await instance.RunAsync<TriageService, Result<MergeView>>(s => s.MergeAsync(world.Analyst, a, b));
        Assert.True(merged.Ok, merged.Error?.Message);
        Assert.Equal(2, merged.Value!.ObservablesAdded);
        var during = await SnapshotAsync(instance, world, a, b);
        Assert.Equal([a], during.ListedIds);
        Assert.Equal([.. before.A, "imo:IMO9319466", "vessel:Ever Given"], during.A);
        Assert.Equal(before.B, during.B);
        // B is still there for who may see it, marked as merged into A; A names the merge.
        var state = await instance.RunAsync<TriageService, Result<SignalMergeState>>(s => s.MergesOfAsync(world.Analyst, b));
        Assert.Equal(a, state.Value!.MergedInto!.SurvivorSignalId);
        Assert.Equal([b], (await instance.RunAsync<TriageService, Result<SignalMergeState>>(s => s.MergesOfAsync(world.Analyst, a))).Value!.MergedFrom.Select(m => m.MergedSignalId));
        Assert.IsType<Conflict>((await instance.RunAsync<TriageService, Result<MergeView>>(s => s.MergeAsync(world.Analyst, a, b))).Error);
        Assert.IsType<Conflict>((await instance.RunAsync<TriageService, Result<MergeView>>(s => s.MergeAsync(world.Analyst, b, a))).Error);
        Assert.IsType<Invalid>((await instance.RunAsync<TriageService, Result<MergeView>>(s => s.MergeAsync(world.Analyst, a, a))).Error);

        var undone = await instance.RunAsync<TriageService, Result<MergeView>>(s => s.UnmergeAsync(world.Analyst, b));
        Assert.True(undone.Ok, undone.Error?.Message);
        var after = await SnapshotAsync(instance, world, a, b);
        Assert.Equal(before.A, after.A);
        Assert.Equal(before.B, after.B);
        Assert.Equal(before.ListedIds, after.ListedIds);
        Assert.Equal(before.ObservableCount, after.ObservableCount);
        Assert.Equal(before.LinkCount, after.LinkCount);
        // The merge record is kept, marked undone; a second undo finds no merge.
        Assert.NotNull(await instance.QueryAsync(db => db.SignalMerges.Select(m => m.UndoneAt).SingleAsync()));
        Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<MergeView>>(s => s.UnmergeAsync(world.Analyst, b))).Error);
        var audited = await instance.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "signal.merge" || e.Action == "signal.unmerge").Where(e => e.Outcome == "ok")
            .Select(e => e.Action + " " + e.Subject + " " + e.Recipients).ToListAsync());
        Assert.Equal([$"signal.merge signal:{b} signal:{a}", $"signal.unmerge signal:{b} signal:{a}"], audited);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Merge_OfASignalTheAnalystCannotSeeOrDoesNotOwn_IsNotFound_AndChangesNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var own = await AddSignalAsync(instance, world.Analyst, "Eigen signaal", ("container", "CSQU3054383"));
        var otherAnalyst = world.OtherAnalyst;
        // A draft of another organisation: invisible. A national published one of another organisation: visible, not ours.
        var invisible = (await instance.RunAsync<SignalService, Result<SignalView>>(s => s.CreateAsync(otherAnalyst,
            new SignalInput("Geheim", "x", null, "RTM", instance.Clock.GetUtcNow(), "incident", null, null, [new ObservableInput("imo", "9319466")],
                new DistributionInput("organisation", null), "red", null)))).Value!.Id;
        var visibleNotOwn = await AddSignalAsync(instance, otherAnalyst, "Van de douane", ("vessel", "Ever Given"));

        foreach (var other in new[] { invisible, visibleNotOwn, "does-not-exist" })
        {
            Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<MergeView>>(s => s.MergeAsync(world.Analyst, own, other))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<MergeView>>(s => s.MergeAsync(world.Analyst, other, own))).Error);
        }

        Assert.IsType<NotFound>((await instance.RunAsync<TriageService, Result<MergeView>>(s => s.MergeAsync(world.PoliceMember, own, own))).Error);
        Assert.Equal(0, await instance.QueryAsync(db => db.SignalMerges.CountAsync()));
        Assert.Equal(1, await instance.QueryAsync(db => db.SignalObservables.CountAsync(o => o.SignalId == own)));
        Assert.True(await instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "signal.merge" && e.Outcome == "refused" && e.Subject == "signal:" + invisible)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ImportedSignals_AwaitTriageByTheOwnersAnalysts_AndAcceptingAppliesTheClassification(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        var id = await AddSignalAsync(instance, world.Analyst, "Geïmporteerd", ("container", "CSQU3054383"));
        await instance.RunAsync<AppDbContext>(async db =>
        {
            await db.Signals.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExternalId, "ext-1"));
        });
        Assert.Equal([("import", id)], (await ListAsync(instance, world.Analyst, new InboxFilter())).Select(i => (i.Channel, i.Id)));
        Assert.Empty(await ListAsync(instance, world.OtherAnalyst, new InboxFilter(State: "all")));

        Assert.True((await ClassifyAsync(instance, world.Analyst, id, new ClassifyInput("seizure", null, null, [new ObservableInput("imo", "9319466")]), "import")).Ok);
        var accepted = await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ToSignalAsync(world.Analyst, "import", id, AnalystInput(instance)));
        Assert.Equal(("signal", id), (accepted.Value!.State, accepted.Value.SignalId));
        var signal = await instance.RunAsync<SignalService, Result<SignalView>>(s => s.GetAsync(world.Analyst, id, "controle"));
        Assert.Equal("seizure", signal.Value!.Category);
        Assert.Equal(["CSQU3054383", "IMO9319466"], signal.Value.Observables.Select(o => o.Value));
        Assert.Empty(await ListAsync(instance, world.Analyst, new InboxFilter()));
    }

    internal static SignalInput AnalystInput(TestInstance instance) => new("Container verzet op terminal", "Analist: melding over verzetten van een container.", null, null,
        instance.Clock.GetUtcNow().AddHours(-3), null, null, null, null, new DistributionInput("organisation", null), "amber", null);

    internal static async Task<string> StaffReportAsync(TestInstance instance, string what, string mainport = "RTM")
    {
        var terminal = await AddOrganisationAsync(instance, "Terminal " + Guid.NewGuid().ToString("N")[..6], OrganisationKind.Private);
        var worker = await AddMemberAsync(instance, terminal, $"{Guid.NewGuid():N}@terminal.test");
        var made = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitStaffAsync(worker, new StaffReportInput(mainport, what, null, null, null)));
        Assert.True(made.Ok, made.Error?.Message);
        return made.Value!;
    }

    internal static async Task<IReadOnlyList<InboxItem>> ListAsync(TestInstance instance, Actor actor, InboxFilter filter)
    {
        var listed = await instance.RunAsync<TriageService, Result<IReadOnlyList<InboxItem>>>(s => s.ListAsync(actor, filter));
        Assert.True(listed.Ok, listed.Error?.Message);
        return listed.Value!;
    }

    private static Task<Result<InboxItem>> ClassifyAsync(TestInstance instance, Actor actor, string id, ClassifyInput input, string channel = "staff") =>
        instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ClassifyAsync(actor, channel, id, input));

    private sealed record Snapshot(List<string> A, List<string> B, List<string> ListedIds, int ObservableCount, int LinkCount);

    private static async Task<Snapshot> SnapshotAsync(TestInstance instance, World world, string a, string b)
    {
        async Task<List<string>> Observables(string id) =>
            [.. (await instance.RunAsync<SignalService, Result<SignalView>>(s => s.GetAsync(world.Analyst, id, "controle"))).Value!.Observables.Select(o => $"{o.Type}:{o.Value}")];
        var listed = await instance.RunAsync<SignalService, Result<SignalPage>>(s => s.ListAsync(world.Analyst, null, null, 100, null));
        return new Snapshot(await Observables(a), await Observables(b), [.. listed.Value!.Items.Select(i => i.Id).Order(StringComparer.Ordinal)],
            await instance.QueryAsync(db => db.Observables.CountAsync()), await instance.QueryAsync(db => db.SignalObservables.CountAsync()));
    }
}
