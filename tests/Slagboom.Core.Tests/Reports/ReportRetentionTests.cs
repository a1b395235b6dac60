using System.Text;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Retention;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Reports;

/// <summary>Closed reports are deleted with their messages and files once their period has passed; open ones stay.</summary>
public sealed class ReportRetentionTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AClosedReport_GoesWithItsMessagesAndFilesAfterItsPeriod_AnOpenOneStays_EachDeletionAudited(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await ReportServiceTests.WorldAsync(instance);
        await ReportServiceTests.SetReceiversAsync(instance, "RTM", world.Police.Id);
        var made = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(new AnonymousReportInput("RTM", "Afgehandelde melding", null),
            [new ReportUpload("notitie.txt", new MemoryStream(Encoding.UTF8.GetBytes("bijlage van de melder")))]));
        Assert.True(made.Ok, made.Error?.Message);
        await ReportServiceTests.SubmitAsync(instance, "Melding die nog wacht");
        var closed = await instance.QueryAsync(db => db.Reports.Where(r => r.Attachments.Any()).Select(r => r.Id).SingleAsync());
        var open = await instance.QueryAsync(db => db.Reports.Where(r => r.Id != closed).Select(r => r.Id).SingleAsync());
        Assert.True((await instance.RunAsync<ReportService, Result<MessageView>>(s => s.AskAsync(world.Analyst, closed, "Welke terminal?"))).Ok);
        Assert.True((await instance.RunAsync<ReportService, Result<string>>(s => s.SetStatusAsync(world.Analyst, closed, "closed"))).Ok);
        var attachment = await instance.QueryAsync(db => db.ReportAttachments.Select(a => a.Id).SingleAsync());
        var file = await instance.RunAsync<ReportService, string>(s => Task.FromResult(s.PathOf(attachment)));
        Assert.True(File.Exists(file));

        instance.Clock.Advance(TimeSpan.FromDays(new RetentionSettings().ClosedReportDays - 1));
        Assert.Equal(0, await instance.RunAsync<ReportRetention, int>(r => r.RunOnceAsync()));
        Assert.Equal(2, await instance.QueryAsync(db => db.Reports.CountAsync()));

        instance.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await instance.RunAsync<ReportRetention, int>(r => r.RunOnceAsync()));

        // The open report is as old, and stays.
        Assert.Equal([open], await instance.QueryAsync(db => db.Reports.Select(r => r.Id).ToListAsync()));
        Assert.Equal(0, await instance.QueryAsync(db => db.ReportMessages.CountAsync(m => m.ReportId == closed)));
        Assert.Equal(0, await instance.QueryAsync(db => db.ReportAttachments.CountAsync()));
        Assert.False(File.Exists(file));
        var audited = await instance.QueryAsync(db => db.AuditEntries.Where(e => e.Action == RetentionJob.DeleteAction).Select(e => e.Subject).ToListAsync());
        Assert.Equal([$"report:{closed}"], audited);

        // Nothing more to do: a second run deletes nothing. The retention schedule runs this step.
        Assert.Equal(0, await instance.RunAsync<ReportRetention, int>(r => r.RunOnceAsync()));
        Assert.Contains(typeof(ReportRetention), await instance.RunAsync<IEnumerable<IRetentionStep>, List<Type>>(steps => Task.FromResult(steps.Select(s => s.GetType()).ToList())));
    }
}
