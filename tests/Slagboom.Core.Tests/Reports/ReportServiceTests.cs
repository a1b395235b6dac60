using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Tests.Attachments;
using Slagboom.Core.Signals;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Organisations;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Reports;

/// <summary>The reporting channels: receipts, the two-way mailbox, expiry, who reads a report, staff reports and signals made from reports.</summary>
public sealed class ReportServiceTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Receipt_OpensItsOwnReportOnly_AndAMalformedOrUnknownOneOpensNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var a = await SubmitAsync(instance, "Melding A: iemand vroeg me een container te verzetten.");
        var b = await SubmitAsync(instance, "Melding B: vreemde auto bij de gate.");

        Assert.Matches("^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$", a);
        Assert.NotEqual(a, b);
        Assert.Equal("Melding A: iemand vroeg me een container te verzetten.", (await OpenAsync(instance, a)).Value!.Text);
        Assert.Equal("Melding B: vreemde auto bij de gate.", (await OpenAsync(instance, b)).Value!.Text);
        // Typed by a person: lower case, spaces instead of dashes, O for 0 — still the same receipt.
        var typed = a.ToLowerInvariant().Replace('-', ' ').Replace('0', 'o');
        Assert.Equal("Melding A: iemand vroeg me een container te verzetten.", (await OpenAsync(instance, typed)).Value!.Text);

        // A near miss (one character changed) and other non-receipts open nothing, with the same error.
        var changed = a[..^1] + (a[^1] == 'X' ? 'Y' : 'X');
        foreach (var wrong in new string?[] { changed, null, "", "   ", "not-a-receipt", new string('Z', 500), Receipts.New() })
        {
            var opened = await OpenAsync(instance, wrong);
            Assert.IsType<NotFound>(opened.Error);
            Assert.Equal("No report opens with this receipt.", opened.Error!.Message);
        }
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ReplacedReceipt_StopsWorking_TheNewOneOpensTheSameReport(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var old = await SubmitAsync(instance, "Ik werd benaderd in de kantine.");
        var replaced = await instance.RunAsync<ReportService, Result<string>>(s => s.ReplaceReceiptAsync(old));
        Assert.True(replaced.Ok);
        Assert.NotEqual(old, replaced.Value);

        Assert.IsType<NotFound>((await OpenAsync(instance, old)).Error);
        Assert.IsType<NotFound>((await instance.RunAsync<ReportService, Result<string>>(s => s.ReplaceReceiptAsync(old))).Error);
        Assert.Equal("Ik werd benaderd in de kantine.", (await OpenAsync(instance, replaced.Value)).Value!.Text);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ReporterAccess_EndsNinetyDaysAfterTheLastUse_AndEveryUseExtendsIt(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var receipt = await SubmitAsync(instance, "Verdachte pallets in loods 7.");

        instance.Clock.Advance(TimeSpan.FromDays(89));
        Assert.True((await OpenAsync(instance, receipt)).Ok);
        // 89 days after that opening: still open, since the opening counted as activity.
        instance.Clock.Advance(TimeSpan.FromDays(89));
        Assert.True((await instance.RunAsync<ReportService, Result<ReporterView>>(s => s.ReplyAsync(receipt, "Nog een detail."))).Ok);

        instance.Clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
        Assert.IsType<NotFound>((await OpenAsync(instance, receipt)).Error);
        // Once ended, the receipt's hash is gone from the database: nothing can bring access back.
        Assert.Null(await instance.QueryAsync(db => db.Reports.Select(r => r.ReceiptHash).SingleAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AnalystOfAReceivingOrganisation_ReadsAsksAndSeesTheAnswer_EveryoneElseGetsNotFound(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        // Submitted before any receiver is named: the report waits.
        var receipt = await SubmitAsync(instance, "Mijn collega krijgt geld voor het verzetten van containers.", new() { ["where"] = "Terminal Noord" });
        Assert.Empty(await instance.RunAsync<ReportService, IReadOnlyList<ReportSummary>>(s => s.ListAsync(world.Analyst)));
        await SetReceiversAsync(instance, "RTM", world.Police.Id);

        var list = await instance.RunAsync<ReportService, IReadOnlyList<ReportSummary>>(s => s.ListAsync(world.Analyst));
        var id = Assert.Single(list).Id;
        Assert.Equal(("anonymous", "received"), (list[0].Channel, list[0].Status));

        Assert.IsType<Invalid>((await ReadAsync(instance, world.Analyst, id, null)).Error);
        var read = await ReadAsync(instance, world.Analyst, id, "beoordeling melding");
        Assert.Equal("Mijn collega krijgt geld voor het verzetten van containers.", read.Value!.Content.Text);
        Assert.Equal("Terminal Noord", Assert.Single(read.Value.Content.Answers).Answer);
        Assert.Null(read.Value.Reporter);
        var logged = await instance.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "report.read" && e.Outcome == "ok").SingleAsync());
        Assert.Equal(("beoordeling melding", $"report:{id}", world.Analyst.UserId), (logged.Purpose, logged.Subject, logged.UserId));

        Assert.True((await instance.RunAsync<ReportService, Result<MessageView>>(s => s.AskAsync(world.Analyst, id, "Welke terminal precies?"))).Ok);
        var reporter = await OpenAsync(instance, receipt);
        Assert.Equal("being-handled", reporter.Value!.Status);
        Assert.Equal(("analyst", "Welke terminal precies?"), (reporter.Value.Messages[0].From, reporter.Value.Messages[0].Text));
        await instance.RunAsync<ReportService, Result<ReporterView>>(s => s.ReplyAsync(receipt, "Terminal Noord, kade 3."));
        var again = await ReadAsync(instance, world.Analyst, id, "vervolg");
        Assert.Equal(["analyst", "reporter"], again.Value!.Messages.Select(m => m.From));
        Assert.Equal("Terminal Noord, kade 3.", again.Value.Messages[1].Text);

        // Nobody else: another organisation's analyst, a member of the receiving organisation, the platform admin, an auditor.
        foreach (var outsider in new[] { world.OtherAnalyst, world.PoliceMember, world.PlatformAdmin, Auditor, Actor.Operator })
        {
            Assert.IsType<NotFound>((await ReadAsync(instance, outsider, id, "nieuwsgierig")).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<ReportService, Result<MessageView>>(s => s.AskAsync(outsider, id, "?"))).Error);
            Assert.IsType<NotFound>((await instance.RunAsync<ReportService, Result<string>>(s => s.SetStatusAsync(outsider, id, "closed"))).Error);
            Assert.Empty(await instance.RunAsync<ReportService, IReadOnlyList<ReportSummary>>(s => s.ListAsync(outsider)));
        }

        Assert.True((await instance.RunAsync<ReportService, Result<string>>(s => s.SetStatusAsync(world.Analyst, id, "closed"))).Ok);
        Assert.Equal("closed", (await OpenAsync(instance, receipt)).Value!.Status);
        Assert.IsType<Invalid>((await instance.RunAsync<ReportService, Result<string>>(s => s.SetStatusAsync(world.Analyst, id, "weg"))).Error);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ToSignal_MakesADraftOfTheAnalystsOrganisationFromTheAnalystsWords_AndLinksIt(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        await SubmitAsync(instance, "De woorden van de melder: Jan zei dat hij betaald werd.");
        var id = (await instance.RunAsync<ReportService, IReadOnlyList<ReportSummary>>(s => s.ListAsync(world.Analyst))).Single().Id;

        var input = new SignalInput("Benadering van personeel", "Melding over omkoping op een terminal.", null, null, instance.Clock.GetUtcNow().AddDays(-1),
            "approach-of-staff", null, null, null, new DistributionInput("organisation", null), "amber", null);
        var made = await instance.RunAsync<ReportService, Result<SignalView>>(s => s.ToSignalAsync(world.Analyst, id, input));
        Assert.True(made.Ok, made.Error?.Message);
        Assert.Equal(("draft", world.Police.Id, "RTM"), (made.Value!.Status, made.Value.OwnerOrganisationId, made.Value.Mainport));
        Assert.DoesNotContain("Jan", made.Value.Description, StringComparison.Ordinal);
        Assert.Equal(made.Value.Id, (await ReadAsync(instance, world.Analyst, id, "koppeling")).Value!.SignalId);
        Assert.IsType<Conflict>((await instance.RunAsync<ReportService, Result<SignalView>>(s => s.ToSignalAsync(world.Analyst, id, input))).Error);
        Assert.IsType<NotFound>((await instance.RunAsync<ReportService, Result<SignalView>>(s => s.ToSignalAsync(world.OtherAnalyst, id, input))).Error);
        // Bad input from the analyst: the signal's own field errors, and nothing is linked.
        await SubmitAsync(instance, "Tweede melding.");
        var second = (await instance.RunAsync<ReportService, IReadOnlyList<ReportSummary>>(s => s.ListAsync(world.Analyst))).First(r => r.SignalId is null).Id;
        var bad = await instance.RunAsync<ReportService, Result<SignalView>>(s => s.ToSignalAsync(world.Analyst, second, input with { Title = "" }));
        Assert.Contains("title", Assert.IsType<Invalid>(bad.Error).Fields.Keys);
        Assert.Null((await ReadAsync(instance, world.Analyst, second, "controle")).Value!.SignalId);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task StaffReport_GoesToTheReceivingAnalystsWithTheReportersIdentity_AndTheReporterFollowsItsStatus(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        var terminal = await AddOrganisationAsync(instance, "Terminal B.V.", OrganisationKind.Private);
        var worker = await AddMemberAsync(instance, terminal, "werknemer@terminal.test");

        var bad = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitStaffAsync(worker,
            new StaffReportInput("RTM", "Onbekende man in de stack", null, null, [new ObservableInput("container", "CSQU3054384")])));
        Assert.Contains("observables[0].value", Assert.IsType<Invalid>(bad.Error).Fields.Keys);
        Assert.Empty(await instance.RunAsync<ReportService, IReadOnlyList<OwnReport>>(s => s.MineAsync(worker)));

        var made = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitStaffAsync(worker,
            new StaffReportInput("RTM", "Onbekende man in de stack", "Rij 40", instance.Clock.GetUtcNow().AddHours(-2), [new ObservableInput("container", "CSQU3054383")])));
        Assert.True(made.Ok, made.Error?.Message);
        var mine = Assert.Single(await instance.RunAsync<ReportService, IReadOnlyList<OwnReport>>(s => s.MineAsync(worker)));
        Assert.Equal(("received", "Onbekende man in de stack"), (mine.Status, mine.What));

        var read = await ReadAsync(instance, world.Analyst, made.Value!, "beoordeling");
        Assert.Equal(new StaffReporter("werknemer@terminal.test", "Terminal B.V."), read.Value!.Reporter);
        Assert.Equal(("Rij 40", "CSQU3054383"), (read.Value.Content.Where, read.Value.Content.Observables![0].Value));
        await instance.RunAsync<ReportService, Result<string>>(s => s.SetStatusAsync(world.Analyst, made.Value!, "being-handled"));
        Assert.Equal("being-handled", (await instance.RunAsync<ReportService, IReadOnlyList<OwnReport>>(s => s.MineAsync(worker))).Single().Status);

        // Another member of the same organisation does not see it among their own reports; nobody without a content role reports.
        var colleague = await AddMemberAsync(instance, terminal, "collega@terminal.test");
        Assert.Empty(await instance.RunAsync<ReportService, IReadOnlyList<OwnReport>>(s => s.MineAsync(colleague)));
        Assert.IsType<NotFound>((await ReadAsync(instance, world.OtherAnalyst, made.Value!, "x")).Error);
        Assert.IsType<Forbidden>((await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitStaffAsync(world.PlatformAdmin,
            new StaffReportInput("RTM", "x", null, null, null)))).Error);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task BadInput_IsRefusedWithFieldErrors_AndStoresNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var missing = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(new AnonymousReportInput("XXX", " ", null)));
        Assert.Equal(["mainport", "text"], Assert.IsType<Invalid>(missing.Error).Fields.Keys.Order(StringComparer.Ordinal));
        var exe = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(new AnonymousReportInput("RTM", "Tekst", null),
            [new ReportUpload("x.exe", new MemoryStream([0x4D, 0x5A, 0x90]))]));
        Assert.Contains("files", Assert.IsType<Invalid>(exe.Error).Fields.Keys);
        Assert.Equal(0, await instance.QueryAsync(db => db.Reports.CountAsync()));
        Assert.False(Directory.Exists(Path.Combine(instance.Settings.DataFolder, "report-attachments")) &&
            Directory.EnumerateFiles(Path.Combine(instance.Settings.DataFolder, "report-attachments")).Any());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task APhoto_IsStoredWithoutPlaceTimeOrDevice_AndAPictureThatCannotBeRead_IsRefused(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        var tagged = ImageMetadataTests.WithMetadata(ImageMetadataTests.Baseline, orientation: 1);
        var made = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(new AnonymousReportInput("RTM", "Foto van de kade", null),
            [new ReportUpload("kade.jpg", new MemoryStream(tagged))]));
        Assert.True(made.Ok, made.Error?.Message);

        var id = (await instance.RunAsync<ReportService, IReadOnlyList<ReportSummary>>(s => s.ListAsync(world.Analyst))).Single().Id;
        var attachment = Assert.Single((await ReadAsync(instance, world.Analyst, id, "beoordeling melding")).Value!.Attachments);
        var file = await instance.RunAsync<ReportService, Result<ReportFile>>(s => s.OpenAttachmentAsync(world.Analyst, id, attachment.Id, "beoordeling foto"));
        Assert.Equal(ImageMetadataTests.Baseline, file.Value!.Bytes);
        Assert.Equal(ImageMetadataTests.Baseline.Length, attachment.Size);

        var broken = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(new AnonymousReportInput("RTM", "Nog een foto", null),
            [new ReportUpload("kapot.jpg", new MemoryStream(tagged[..200]))]));
        Assert.Contains(Assert.IsType<Invalid>(broken.Error).Fields["files"], m => m.Contains("could not be read", StringComparison.Ordinal));
        Assert.Equal(1, await instance.QueryAsync(db => db.Reports.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Questionnaire_IsSetPerMainportByThePlatformAdminOnly(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        Assert.Equal(ReportingSetup.DefaultQuestions, await instance.RunAsync<ReportingSetup, IReadOnlyList<ReportQuestionView>>(s => s.QuestionsAsync("SCH")));
        Assert.IsType<Forbidden>((await instance.RunAsync<ReportingSetup, Result<IReadOnlyList<ReportQuestionView>>>(s =>
            s.SetQuestionsAsync(world.Analyst, "SCH", [new QuestionInput("Welke vlucht?", "Which flight?")]))).Error);
        Assert.IsType<Invalid>((await instance.RunAsync<ReportingSetup, Result<IReadOnlyList<ReportQuestionView>>>(s =>
            s.SetQuestionsAsync(world.PlatformAdmin, "SCH", [new QuestionInput("Welke vlucht?", "")]))).Error);
        var set = await instance.RunAsync<ReportingSetup, Result<IReadOnlyList<ReportQuestionView>>>(s =>
            s.SetQuestionsAsync(world.PlatformAdmin, "SCH", [new QuestionInput("Welke vlucht?", "Which flight?"), new QuestionInput("Welk vrachtgebouw?", "Which cargo building?")]));
        Assert.True(set.Ok);
        var questions = await instance.RunAsync<ReportingSetup, IReadOnlyList<ReportQuestionView>>(s => s.QuestionsAsync("SCH"));
        Assert.Equal(["Welke vlucht?", "Welk vrachtgebouw?"], questions.Select(q => q.Dutch));
        Assert.Equal(ReportingSetup.DefaultQuestions, await instance.RunAsync<ReportingSetup, IReadOnlyList<ReportQuestionView>>(s => s.QuestionsAsync("RTM")));

        // An answer to a configured question is stored with the question as asked.
        await SetReceiversAsync(instance, "SCH", world.Police.Id);
        var receipt = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(
            new AnonymousReportInput("SCH", "Koffer zonder label", new() { [questions[0].Key] = "KL1234" })));
        var opened = await OpenAsync(instance, receipt.Value);
        Assert.Equal(new ReportAnswer(questions[0].Key, "Welke vlucht?", "KL1234"), Assert.Single(opened.Value!.Answers));
    }

    internal sealed record World(Slagboom.Core.Organisations.Organisation Police, Actor Analyst, Actor PoliceMember, Actor OtherAnalyst, Actor PlatformAdmin);

    internal static async Task<World> WorldAsync(TestInstance instance)
    {
        var police = await AddOrganisationAsync(instance, "Politie Rotterdam");
        var customs = await AddOrganisationAsync(instance, "Douane Rotterdam");
        return new World(
            police,
            await AddMemberAsync(instance, police, "analist@politie.test", Role.Analyst),
            await AddMemberAsync(instance, police, "lid@politie.test", Role.Member),
            await AddMemberAsync(instance, customs, "analist@douane.test", Role.Analyst),
            await AddMemberAsync(instance, customs, "beheer@platform.test", Role.PlatformAdmin));
    }

    internal static async Task SetReceiversAsync(TestInstance instance, string mainport, params string[] organisationIds)
    {
        var set = await instance.RunAsync<ReportingSetup, Result<IReadOnlyList<string>>>(s => s.SetReceiversAsync(Actor.Operator, mainport, organisationIds));
        Assert.True(set.Ok, set.Error?.Message);
    }

    internal static async Task<string> SubmitAsync(TestInstance instance, string text, Dictionary<string, string?>? answers = null)
    {
        var made = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(new AnonymousReportInput("RTM", text, answers)));
        Assert.True(made.Ok, made.Error?.Message);
        return made.Value!;
    }

    private static Task<Result<ReporterView>> OpenAsync(TestInstance instance, string? receipt) =>
        instance.RunAsync<ReportService, Result<ReporterView>>(s => s.OpenAsync(receipt));

    private static Task<Result<ReportDetail>> ReadAsync(TestInstance instance, Actor actor, string id, string? purpose) =>
        instance.RunAsync<ReportService, Result<ReportDetail>>(s => s.ReadAsync(actor, id, purpose));
}
