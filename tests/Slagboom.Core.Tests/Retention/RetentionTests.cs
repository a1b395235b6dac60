using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;
using Slagboom.Core.Retention;
using Slagboom.Core.Signals;
using Slagboom.Domain.Organisations;
using Slagboom.Domain.Signals;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Retention;

/// <summary>Signals go twelve months after their last change, with what belongs to them; a legal hold keeps them.</summary>
public sealed class RetentionTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task RunOnce_DeletesExpiredSignalsWithWhatBelongsToThem_KeepsHeldAndSharedOnes(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);

        // Six months on, the second signal changes: its twelve months start again.
        instance.Clock.Advance(TimeSpan.FromDays(182));
        await TouchAsync(instance, world.Shared);
        instance.Clock.Advance(TimeSpan.FromDays(170));
        Assert.Equal(new RetentionRun(0, 0, 0, 0, 0), await RunAsync(instance));

        // Thirteen months after creation: the first signal has expired, the held one is kept.
        instance.Clock.Advance(TimeSpan.FromDays(20));
        var first = await RunAsync(instance);

        Assert.Equal(new RetentionRun(Signals: 1, Attachments: 1, Observables: 1, Pseudonyms: 1, Held: 1), first);
        Assert.Equal(new[] { world.Held, world.Shared }.Order(StringComparer.Ordinal), (await SignalIdsAsync(instance)).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(world.ExpiredFile));
        Assert.True(File.Exists(world.HeldFile));
        Assert.Equal(0, await instance.QueryAsync(db => db.Attachments.CountAsync(a => a.SignalId == world.Expired)));
        Assert.Equal(0, await instance.QueryAsync(db => db.SignalObservables.CountAsync(l => l.SignalId == world.Expired)));
        var values = await ObservableValuesAsync(instance);
        Assert.DoesNotContain("+31612345678", values);
        // Still named by the second signal.
        Assert.Contains("CSQU3054383", values);
        Assert.Contains("+31687654321", values);
        Assert.Equal(1, await instance.QueryAsync(db => db.Pseudonyms.CountAsync()));

        var logged = await instance.QueryAsync(db => db.AuditEntries.Where(e => e.Action == RetentionJob.DeleteAction).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal($"signal:{world.Expired}", logged[0].Subject);
        Assert.Equal(2, logged.Count);
        Assert.StartsWith("observable:", logged[1].Subject, StringComparison.Ordinal);
        Assert.All(logged, e => Assert.Null(e.UserId));

        // Nineteen months after its change the second signal goes too, and with it the observables no one names.
        instance.Clock.Advance(TimeSpan.FromDays(190));
        var second = await RunAsync(instance);
        Assert.Equal(new RetentionRun(1, 0, 2, 0, 1), second);
        Assert.Equal([world.Held], await SignalIdsAsync(instance));
        Assert.Equal(["+31687654321"], await ObservableValuesAsync(instance));

        // Lifting the hold lets retention take the last one.
        await instance.RunAsync<AppDbContext>(db => db.Signals.ExecuteUpdateAsync(s => s.SetProperty(x => x.LegalHold, false)));
        Assert.Equal(new RetentionRun(1, 1, 1, 1, 0), await RunAsync(instance));
        Assert.Empty(await SignalIdsAsync(instance));
        Assert.False(File.Exists(world.HeldFile));
        Assert.Equal(0, await instance.QueryAsync(db => db.Pseudonyms.CountAsync()));

        var verification = await instance.RunAsync<AuditTrail, AuditVerification>(a => a.VerifyAsync());
        Assert.True(verification.Ok, verification.Reason);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task RunOnce_FollowsTheConfiguredPeriod(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        instance.Clock.Advance(TimeSpan.FromDays(100));

        await using var scope = instance.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var job = new RetentionJob(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<AuditTrail>(), instance.Clock,
            new RetentionSettings(SignalMonths: 3), instance.Settings, NullLogger<RetentionJob>.Instance);
        var run = await job.RunOnceAsync();

        Assert.Equal(2, run.Signals);
        Assert.Equal([world.Held], await SignalIdsAsync(instance));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Schedule_RunsTheJobSoonAfterStart(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        instance.Clock.Advance(TimeSpan.FromDays(400));
        using var schedule = new RetentionSchedule(instance.Services.GetRequiredService<IServiceScopeFactory>(), new RetentionSettings(),
            instance.Clock, new FailureLog());

        await schedule.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, (await SignalIdsAsync(instance)).Count);
        // Since .NET 10 ExecuteAsync starts on a thread of its own, so its first timer may not exist yet when
        // StartAsync returns: move the clock on until the run has happened.
        for (var i = 0; i < 200 && (await SignalIdsAsync(instance)).Count > 1; i++)
        {
            instance.Clock.Advance(RetentionSchedule.FirstRunDelay);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await schedule.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal([world.Held], await SignalIdsAsync(instance));
    }

    [Fact]
    public void Settings_ComeFromConfiguration_WithDefaults()
    {
        static IConfiguration Configuration(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

        Assert.Equal(new RetentionSettings(12, 10, 60), RetentionSettings.FromConfiguration(null));
        Assert.Equal(new RetentionSettings(12, 10, 60), RetentionSettings.FromConfiguration(Configuration()));
        Assert.Equal(new RetentionSettings(6, 15, 5), RetentionSettings.FromConfiguration(Configuration(
            ("Slagboom:Retention:SignalMonths", "6"), ("Slagboom:Retention:AuditYears", "15"), ("Slagboom:Retention:IntervalMinutes", "5"))));
        Assert.Throws<InvalidOperationException>(() => RetentionSettings.FromConfiguration(Configuration(("Slagboom:Retention:SignalMonths", "0"))));
        Assert.Throws<InvalidOperationException>(() => RetentionSettings.FromConfiguration(Configuration(("Slagboom:Retention:AuditYears", "ten"))));
    }

    /// <summary>Turns a logged failure of the schedule into a test failure that says what went wrong.</summary>
    private sealed class FailureLog : Microsoft.Extensions.Logging.ILogger<RetentionSchedule>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Assert.Fail($"{formatter(state, exception)}: {exception}");
    }

    private sealed record World(string Expired, string Shared, string Held, string ExpiredFile, string HeldFile);

    /// <summary>
    /// Three published signals of one owner, read by a private partner (so pseudonyms are recorded): one that will
    /// expire (a phone number of its own and a container shared with the second), a second that will be changed,
    /// and a third under legal hold; the first and third have an attachment on disk.
    /// </summary>
    private static async Task<World> WorldAsync(TestInstance instance)
    {
        var police = await AddOrganisationAsync(instance, "Zeehavenpolitie");
        var terminal = await AddOrganisationAsync(instance, "Delta Terminal", OrganisationKind.Private);
        var officer = await AddMemberAsync(instance, police, "rechercheur@politie.nl");
        var clerk = await AddMemberAsync(instance, terminal, "planner@terminal.nl");
        var expired = await AddSignalAsync(instance, officer, "Verdachte container", ("container", "CSQU3054383"), ("phone", "0612345678"));
        var shared = await AddSignalAsync(instance, officer, "Zelfde container", ("container", "CSQU 305438 3"), ("plate-nl", "AB-12-34"));
        var held = await AddSignalAsync(instance, officer, "Onder beslag", ("phone", "0687654321"));
        await instance.RunAsync<SignalService>(s => s.GetAsync(clerk, expired, null));
        await instance.RunAsync<SignalService>(s => s.GetAsync(clerk, held, null));
        await instance.RunAsync<AppDbContext>(db => db.Signals.Where(s => s.Id == held).ExecuteUpdateAsync(s => s.SetProperty(x => x.LegalHold, true)));
        return new World(expired, shared, held, await AttachAsync(instance, officer, expired), await AttachAsync(instance, officer, held));
    }

    private static async Task<string> AttachAsync(TestInstance instance, Actor owner, string signalId)
    {
        var attachment = new Attachment
        {
            Id = Ids.New(),
            SignalId = signalId,
            FileName = "foto.jpg",
            ContentType = "image/jpeg",
            Size = 3,
            Sha256 = new string('0', 64),
            CreatedAt = instance.Clock.GetUtcNow().UtcDateTime,
            CreatedByUserId = owner.UserId!,
        };
        await instance.RunAsync<AppDbContext>(async db =>
        {
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync();
        });
        var path = Path.Combine(instance.Settings.DataFolder, "attachments", attachment.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
        return path;
    }

    private static Task TouchAsync(TestInstance instance, string signalId)
    {
        var now = instance.Clock.GetUtcNow().UtcDateTime;
        return instance.RunAsync<AppDbContext>(db => db.Signals.Where(s => s.Id == signalId).ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedAt, now)));
    }

    private static Task<RetentionRun> RunAsync(TestInstance instance) => instance.RunAsync<RetentionJob, RetentionRun>(j => j.RunOnceAsync());

    private static Task<List<string>> SignalIdsAsync(TestInstance instance) => instance.QueryAsync(db => db.Signals.Select(s => s.Id).ToListAsync());

    private static Task<List<string>> ObservableValuesAsync(TestInstance instance) => instance.QueryAsync(db => db.Observables.Select(o => o.Value).ToListAsync());
}
