using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Hosting;
using Slagboom.Core.Retention;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Audit;

/// <summary>Audit entries leave only through a prune behind a signed checkpoint, and only after the audit retention.</summary>
public sealed class AuditPruneTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Prune_DeletesOldEntriesBehindACheckpoint_AndVerifyStartsThere(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 10);
        await instance.RunAsync<AuditTrail>(a => a.SealAsync());
        instance.Clock.Advance(TimeSpan.FromDays(365));
        await AppendAsync(instance, 5);
        await instance.RunAsync<AuditTrail>(a => a.SealAsync());
        var tenth = (await EntriesAsync(instance))[9];
        instance.Clock.SetUtcNow(new DateTimeOffset(2038, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var pruned = await instance.RunAsync<AuditTrail, Result<AuditPruneOutcome>>(a => a.PruneAsync(Start.AddYears(1).AddDays(-1)));

        Assert.True(pruned.Ok, pruned.Error?.Message);
        Assert.Equal(new AuditPruneOutcome(10, 10), pruned.Value);
        var entries = await EntriesAsync(instance);
        Assert.Equal(Enumerable.Range(11, 6).Select(i => (long)i), entries.Select(e => e.Id));
        Assert.Equal("audit.prune", entries[^1].Action);
        Assert.Equal("audit:1-10", entries[^1].Subject);
        var checkpoint = await instance.QueryAsync(db => db.AuditCheckpoints.SingleAsync());
        Assert.Equal((10L, tenth.Hash), (checkpoint.EntryId, checkpoint.Hash));
        Assert.Equal(tenth.Hash, entries[0].PreviousHash);

        // The seal of pruned entry 10 stays behind and does not disturb; new entries and seals go on verifying.
        Assert.Equal(2, await instance.QueryAsync(db => db.AuditSeals.CountAsync()));
        await AppendAsync(instance, 3);
        await instance.RunAsync<AuditTrail>(a => a.SealAsync());
        var verify = await CliAsync(instance, "audit", "verify");
        Assert.Equal(0, verify.Code);
        Assert.Equal("ok 9 entries", verify.Out.Trim());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Prune_OfEveryEntry_ContinuesTheChainFromTheCheckpoint(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 8);
        await instance.RunAsync<AuditTrail>(a => a.SealAsync());
        instance.Clock.Advance(TimeSpan.FromDays(365 * 11));

        var pruned = await instance.RunAsync<AuditTrail, Result<AuditPruneOutcome>>(a => a.PruneAsync(Start.AddMonths(6)));
        await AppendAsync(instance, 2);
        // A second prune finds nothing old enough any more.
        var again = await instance.RunAsync<AuditTrail, Result<AuditPruneOutcome>>(a => a.PruneAsync(Start.AddMonths(6)));

        Assert.Equal(new AuditPruneOutcome(8, 8), pruned.Value);
        Assert.Equal(new AuditPruneOutcome(0, null), again.Value);
        var entries = await EntriesAsync(instance);
        Assert.Equal([9L, 10L, 11L], entries.Select(e => e.Id));
        var verification = await instance.RunAsync<AuditTrail, AuditVerification>(a => a.VerifyAsync());
        Assert.True(verification.Ok, verification.Reason);
        Assert.Equal(3, verification.Entries);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Prune_StopsAtTheFirstYoungEntry(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 4);
        instance.Clock.Advance(TimeSpan.FromDays(400));
        await AppendAsync(instance, 4);
        instance.Clock.Advance(TimeSpan.FromDays(365 * 12));

        var pruned = await instance.RunAsync<AuditTrail, Result<AuditPruneOutcome>>(a => a.PruneAsync(Start.AddDays(200)));

        Assert.Equal(new AuditPruneOutcome(4, 4), pruned.Value);
        Assert.Equal([5L, 6L, 7L, 8L, 9L], (await EntriesAsync(instance)).Select(e => e.Id));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Prune_OfEntriesWithinTheRetention_IsRefused(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 5);
        instance.Clock.Advance(TimeSpan.FromDays(365 * 9));

        var pruned = await instance.RunAsync<AuditTrail, Result<AuditPruneOutcome>>(a => a.PruneAsync(Start.AddDays(1)));

        Assert.IsType<Forbidden>(pruned.Error);
        Assert.Equal(5, (await EntriesAsync(instance)).Count);
        Assert.Equal(0, await instance.QueryAsync(db => db.AuditCheckpoints.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Prune_OfABrokenTrail_IsRefused(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 6);
        await TamperAsync(instance, """UPDATE "AuditEntries" SET "Subject" = 'signal:other' WHERE "Id" = 3""");
        instance.Clock.Advance(TimeSpan.FromDays(365 * 11));

        var pruned = await instance.RunAsync<AuditTrail, Result<AuditPruneOutcome>>(a => a.PruneAsync(Start.AddMonths(6)));

        Assert.IsType<Conflict>(pruned.Error);
        Assert.Contains("entry 3", pruned.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(6, (await EntriesAsync(instance)).Count);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AfterPrune_TamperingWithTheCheckpointOrTheFirstEntry_IsDetected(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 10);
        instance.Clock.Advance(TimeSpan.FromDays(365 * 11));
        await instance.RunAsync<AuditTrail>(a => a.PruneAsync(Start.AddMonths(6)));
        Assert.Equal(0, (await CliAsync(instance, "audit", "verify")).Code);

        // The checkpoint's hash edited: its signature no longer matches.
        await instance.RunAsync<AppDbContext>(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditCheckpoints" SET "Hash" = 'ffff'"""));
        var forged = await CliAsync(instance, "audit", "verify");
        Assert.Equal(1, forged.Code);
        Assert.StartsWith("entry 11 does not verify", forged.Out, StringComparison.Ordinal);

        // The checkpoint deleted: the trail now starts with a gap.
        await instance.RunAsync<AppDbContext>(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditCheckpoints" """));
        var gone = await CliAsync(instance, "audit", "verify");
        Assert.Equal(1, gone.Code);
        Assert.StartsWith("entry 1 does not verify", gone.Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ASealCopiedIntoTheCheckpoints_DoesNotLetTheHeadOfTheTrailGo(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 10);
        await instance.RunAsync<AuditTrail>(a => a.SealAsync());
        await AppendAsync(instance, 5);

        // Seals are readable by anyone with the database; a checkpoint made from one must not verify.
        await instance.RunAsync<AppDbContext>(async db =>
        {
            var seal = await db.AuditSeals.SingleAsync();
            db.AuditCheckpoints.Add(new AuditCheckpoint { EntryId = seal.EntryId, Hash = seal.Hash, Signature = seal.Signature, At = seal.At });
            await db.SaveChangesAsync();
        });
        await TamperAsync(instance, """DELETE FROM "AuditEntries" WHERE "Id" <= 10""");

        var result = await CliAsync(instance, "audit", "verify");
        Assert.Equal(1, result.Code);
        Assert.StartsWith("entry 11 does not verify", result.Out, StringComparison.Ordinal);
        Assert.Contains("checkpoint", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task OnPostgres_TheApplicationCannotDeleteAuditRowsOutsideAPrune(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 3);
        if (provider != TestInstance.Postgres)
        {
            return;
        }

        await Assert.ThrowsAnyAsync<Exception>(() => instance.RunAsync<AppDbContext>(db => db.AuditEntries.Where(e => e.Id == 1).ExecuteDeleteAsync()));
        Assert.Equal(3, (await EntriesAsync(instance)).Count);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Cli_Prune_WithTheSystemClock(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var now = TimeProvider.System.GetUtcNow();
        // Entries written twelve years ago: an AuditTrail on a clock of its own.
        await using (var scope = instance.Services.CreateAsyncScope())
        {
            var old = new AuditTrail(scope.ServiceProvider.GetRequiredService<AppDbContext>(), new FakeTimeProvider(now.AddYears(-12)),
                scope.ServiceProvider.GetRequiredService<KeyRing>(), new RetentionSettings());
            for (var i = 0; i < 4; i++)
            {
                await old.AppendAsync(new AuditEvent("sign-in", $"user:old{i}@test.nl"));
            }
        }

        await AppendAsync(instance, 2);
        var date = (DateTimeOffset d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var young = await CliAsync(instance, "audit", "prune", "--before", date(now.AddYears(-5)));
        Assert.Equal(1, young.Code);
        Assert.Contains("10 years", young.Err, StringComparison.Ordinal);

        var longer = instance.Environment;
        longer["Slagboom__Retention__AuditYears"] = "15";
        var configured = await CliAsync(instance, longer, "audit", "prune", "--before", date(now.AddYears(-11)));
        Assert.Equal(1, configured.Code);
        Assert.Contains("15 years", configured.Err, StringComparison.Ordinal);

        var bad = await CliAsync(instance, "audit", "prune", "--before", "last tuesday");
        Assert.Equal(2, bad.Code);
        Assert.Equal(2, (await CliAsync(instance, "audit", "prune")).Code);

        var pruned = await CliAsync(instance, "audit", "prune", "--before", date(now.AddYears(-11)));
        Assert.Equal(0, pruned.Code);
        Assert.Equal("pruned 4 entries up to entry 4; signed checkpoint written", pruned.Out.Trim());
        var verify = await CliAsync(instance, "audit", "verify");
        Assert.Equal("ok 3 entries", verify.Out.Trim());
        Assert.Equal(0, (await CliAsync(instance, "audit", "prune", "--help")).Code);
    }
}
