using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Signals;
using Slagboom.Core.Triage;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Reports.ReportServiceTests;
using static Slagboom.Core.Tests.Triage.TriageServiceTests;

namespace Slagboom.Core.Tests.Triage;

/// <summary>The reporting figures on the mainport page, computed under the fake clock.</summary>
public sealed class TriageFiguresTests
{
    [Fact]
    public void Median_IsTheMiddleValue_OrTheMeanOfTheTwoMiddleOnes()
    {
        Assert.Null(TriageFigures.Median([]));
        Assert.Equal(3, TriageFigures.Median([5, 1, 3]));
        Assert.Equal(4.5, TriageFigures.Median([6, 3]));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Figures_CountPerChannelAndIsoWeek_AndGiveTheMediansOfTimeToTriageAndToFirstAction(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        var analyst = world.Analyst;

        // 2026-03-01 (ISO week 9): outside the twelve weeks that end in week 23.
        await SubmitAsync(instance, "Oude melding");
        Assert.True((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.SetPriorityAsync(analyst, "anonymous", Latest(instance), "low"))).Ok);

        // Monday 25 May 2026 (week 22), 10:00 in Amsterdam.
        instance.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 25, 8, 0, 0, TimeSpan.Zero));
        await SubmitAsync(instance, "R1");
        var r1 = Latest(instance);
        instance.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ClassifyAsync(analyst, "anonymous", r1, new ClassifyInput("incident", null, null, null)))).Ok);
        instance.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await instance.RunAsync<ReportService, Result<MessageView>>(s => s.AskAsync(analyst, r1, "Waar precies?"))).Ok);

        var s1 = await StaffReportAsync(instance, "S1");
        instance.Clock.Advance(TimeSpan.FromHours(5));
        Assert.True((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.SetPriorityAsync(analyst, "staff", s1, "high"))).Ok);
        instance.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ClassifyAsync(analyst, "staff", s1, new ClassifyInput("intrusion", null, null, null)))).Ok);
        Assert.True((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.ToSignalAsync(analyst, "staff", s1, AnalystInput(instance)))).Ok);

        await SubmitAsync(instance, "R2");
        var r2 = Latest(instance);
        instance.Clock.Advance(TimeSpan.FromHours(3));
        Assert.True((await instance.RunAsync<TriageService, Result<InboxItem>>(s => s.DismissAsync(analyst, "anonymous", r2, "geen aanknopingspunten"))).Ok);

        // Sunday 31 May 23:30 UTC is Monday 1 June 01:30 in Amsterdam: week 23.
        instance.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 31, 23, 30, 0, TimeSpan.Zero));
        var s2 = await StaffReportAsync(instance, "S2");
        instance.Clock.Advance(TimeSpan.FromHours(2));
        // Made into a signal on the report page, not through triage: counts as a first action, not as triage.
        var input = AnalystInput(instance) with { Category = "observation" };
        Assert.True((await instance.RunAsync<ReportService, Result<SignalView>>(s => s.ToSignalAsync(analyst, s2, input))).Ok);

        var figures = (await instance.RunAsync<TriageFigures, ReportFigures?>(f => f.ForMainportAsync(analyst, "RTM")))!;
        Assert.True(figures.Detailed);
        Assert.Equal(12, figures.Weeks.Count);
        Assert.Equal(("2026-W12", "2026-W23"), (figures.Weeks[0].Label, figures.Weeks[^1].Label));
        Assert.Equal(new DateOnly(2026, 3, 16), figures.Weeks[0].Monday);
        Assert.Equal((2, 1), (figures.Weeks[^2].Anonymous, figures.Weeks[^2].Staff));
        Assert.Equal((0, 1), (figures.Weeks[^1].Anonymous, figures.Weeks[^1].Staff));
        Assert.All(figures.Weeks.SkipLast(2), w => Assert.Equal((0, 0), (w.Anonymous, w.Staff)));
        Assert.Equal((2, 2), (figures.AnonymousTotal, figures.StaffTotal));
        // Time to triage: R1 1 h, S1 5 h, R2 3 h → median 3 h (the old report is outside the window).
        Assert.Equal((3.0, 3), (figures.MedianHoursToTriage, figures.TriagedCount));
        // First action: R1 3 h (message), S1 6 h (signal through triage), S2 2 h (signal on the report page) → median 3 h.
        Assert.Equal((3.0, 3), (figures.MedianHoursToFirstAction, figures.ActedCount));

        // Anyone else: no weeks, and every figure with fewer than five reports behind it left out.
        foreach (var other in new[] { world.OtherAnalyst, world.PoliceMember })
        {
            var outside = (await instance.RunAsync<TriageFigures, ReportFigures?>(f => f.ForMainportAsync(other, "RTM")))!;
            Assert.False(outside.Detailed);
            Assert.Empty(outside.Weeks);
            Assert.Equal((null, null, null, null), (outside.AnonymousTotal, outside.StaffTotal, outside.MedianHoursToTriage, outside.MedianHoursToFirstAction));
        }

        Assert.Null(await instance.RunAsync<TriageFigures, ReportFigures?>(f => f.ForMainportAsync(analyst, "XXX")));
    }

    private static string Latest(TestInstance instance) =>
        instance.QueryAsync(db => Task.FromResult(db.Reports.OrderByDescending(r => r.CreatedAt).Select(r => r.Id).First())).GetAwaiter().GetResult();
}
