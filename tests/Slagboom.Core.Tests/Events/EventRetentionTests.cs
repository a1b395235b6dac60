using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Audit;
using Slagboom.Core.Events;
using Slagboom.Domain.Events;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Events;

/// <summary>Events go after their kind's period (ANPR 28 days), with their keys; dead letters after theirs.</summary>
public sealed class EventRetentionTests
{
    internal static string Anpr(DateTimeOffset time, string id) =>
        $$"""{"kind":"anpr","time":"{{time:O}}","mainport":"RTM","source":"alpr","id":"{{id}}","camera":"C-1","country":"DE","candidates":[{"plate":"HHAB1284","confidence":0.9}]}""";

    internal static string Access(DateTimeOffset time, string id) =>
        $$"""{"kind":"access","time":"{{time:O}}","mainport":"RTM","source":"head-end","id":"{{id}}","pass":"P-1","reader":"R-1","granted":true}""";

    internal static async Task<IngestOutcome> IngestAsync(TestInstance instance, params string[] events) =>
        await instance.RunAsync<EventIngestion, IngestOutcome>(i => i.IngestAsync(new EventSender(EventChannels.Replay, "test", null, null),
            [.. events.Select((e, n) => new RawEvent(n, Encoding.UTF8.GetBytes(e)))]));

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Anpr_GoesAfter28Days_OtherKindsStay(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var start = instance.Clock.GetUtcNow();
        var stored = await IngestAsync(instance, Anpr(start, "a-old"), Access(start, "x-old"), Anpr(start.AddDays(2), "a-new"), "not json");
        Assert.Equal(3, stored.Accepted);

        instance.Clock.Advance(TimeSpan.FromDays(27));
        var early = await instance.RunAsync<EventRetention, EventRetentionRun>(r => r.RunOnceAsync());
        Assert.Equal(0, early.Events.Values.Sum());
        // The dead letter's 14 days are over.
        Assert.Equal(1, early.DeadLetters);
        Assert.Equal(0, await instance.QueryAsync(db => db.EventDeadLetters.CountAsync()));

        instance.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var run = await instance.RunAsync<EventRetention, EventRetentionRun>(r => r.RunOnceAsync());

        Assert.Equal(1, run.Events[EventKind.Anpr]);
        Assert.Equal(0, run.Events[EventKind.Access]);
        Assert.Equal(["a-new", "x-old"], await instance.QueryAsync(db => db.Events.OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync()));
        // The expired read's plate is gone from the key index too; the newer read's stays.
        Assert.Equal(1, await instance.QueryAsync(db => db.EventKeys.CountAsync(k => k.Type == EventKeyTypes.Plate)));
        Assert.Equal(1, await instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == EventRetention.DeleteAction && a.Subject == "events:anpr")));

        // Access events stay their 90 days.
        instance.Clock.Advance(TimeSpan.FromDays(62));
        var later = await instance.RunAsync<EventRetention, EventRetentionRun>(r => r.RunOnceAsync());
        Assert.Equal(1, later.Events[EventKind.Access]);
        Assert.Equal(0, await instance.QueryAsync(db => db.Events.CountAsync()));
        Assert.Equal(0, await instance.QueryAsync(db => db.EventKeys.CountAsync()));
    }

    [Theory]
    [InlineData("29")]
    [InlineData("0")]
    [InlineData("twee")]
    public void Settings_RefuseAnprBeyondTheLegalLimit_AndNonsense(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Slagboom:Events:RetentionDays:Anpr"] = value }).Build();
        Assert.Throws<InvalidOperationException>(() => EventSettings.FromConfiguration(configuration));
    }

    [Fact]
    public void Settings_Defaults_AndOverrides()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slagboom:Events:RetentionDays:Anpr"] = "7",
            ["Slagboom:Events:RetentionDays:Gate"] = "365",
        }).Build();
        var settings = EventSettings.FromConfiguration(configuration);
        Assert.Equal(7, settings.DaysFor(EventKind.Anpr));
        Assert.Equal(365, settings.DaysFor(EventKind.Gate));
        Assert.Equal(90, settings.DaysFor(EventKind.Access));
        Assert.Equal(28, EventSettings.FromConfiguration(null).AnprDays);
    }
}
