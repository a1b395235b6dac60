using Slagboom.Core.Audit;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Audit;

/// <summary>
/// An attacker with database access edits the audit table directly; <c>slagboom audit verify</c> must fail and name
/// the first entry that does not verify (CONTRACT.md §2), on both databases.
/// </summary>
public sealed class AuditTamperTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Untouched_VerifiesWithTheNumberOfEntries(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);

        var result = await CliAsync(instance, "audit", "verify");

        Assert.Equal(0, result.Code);
        Assert.Equal("ok 20 entries", result.Out.Trim());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ChangedField_FailsNamingThatEntry(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        await TamperAsync(instance, """UPDATE "AuditEntries" SET "Outcome" = 'ok', "Purpose" = 'nothing to see' WHERE "Id" = 7""");

        await AssertBrokenAtAsync(instance, 7);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ChangedUser_FailsNamingThatEntry(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        var entry = (await EntriesAsync(instance))[12];
        await TamperAsync(instance, $"""UPDATE "AuditEntries" SET "UserId" = 'user-9' WHERE "Id" = {entry.Id}""");

        await AssertBrokenAtAsync(instance, entry.Id);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task DeletedRowInTheMiddle_FailsNamingTheMissingEntry(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        await TamperAsync(instance, """DELETE FROM "AuditEntries" WHERE "Id" = 10""");

        var line = await AssertBrokenAtAsync(instance, 10);
        Assert.Contains("entry 11", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task DeletedFirstRows_FailNamingTheFirstMissingEntry(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        await TamperAsync(instance, """DELETE FROM "AuditEntries" WHERE "Id" <= 3""");

        await AssertBrokenAtAsync(instance, 1);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task DeletedTailAfterASeal_FailsNamingTheFirstMissingEntry(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        await TamperAsync(instance, """DELETE FROM "AuditEntries" WHERE "Id" >= 18""");

        var line = await AssertBrokenAtAsync(instance, 18);
        Assert.Contains("seal", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task SwappedRows_FailNamingTheFirstOfThem(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        // Reorder: entry 12 moves to place 5 and entry 5 to place 12.
        await TamperAsync(instance,
            """UPDATE "AuditEntries" SET "Id" = -5 WHERE "Id" = 5""",
            """UPDATE "AuditEntries" SET "Id" = 5 WHERE "Id" = 12""",
            """UPDATE "AuditEntries" SET "Id" = 12 WHERE "Id" = -5""");

        await AssertBrokenAtAsync(instance, 5);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task SwappedContents_FailNamingTheFirstOfThem(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        var entries = await EntriesAsync(instance);
        await TamperAsync(instance, [.. Rewrite(Copy(entries[3], id: 14)), .. Rewrite(Copy(entries[13], id: 4))]);

        await AssertBrokenAtAsync(instance, 4);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task RewrittenTail_EveryHashRecomputed_FailsFromTheLastGoodSeal(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 10);
        await instance.RunAsync<AuditTrail>(a => a.SealAsync());
        await AppendAsync(instance, 10);
        await instance.RunAsync<AuditTrail>(a => a.SealAsync());

        // Entry 15 loses its purpose; 15 to 20 get hashes that chain perfectly again.
        var entries = await EntriesAsync(instance);
        var previous = entries[13].Hash;
        var statements = new List<string>();
        foreach (var original in entries.Skip(14))
        {
            var changed = Copy(original, purpose: original.Id == 15 ? "rewritten" : original.Purpose, previousHash: previous);
            changed.Hash = AuditTrail.HashOf(changed);
            previous = changed.Hash;
            statements.AddRange(Rewrite(changed));
        }

        await TamperAsync(instance, [.. statements]);
        Assert.NotEqual(entries[19].Hash, (await EntriesAsync(instance))[19].Hash);

        // The chain itself holds; only the seal of entry 20 betrays it. Entries up to 10 are vouched for by the
        // first seal, so 11 is the first that no longer verifies.
        var line = await AssertBrokenAtAsync(instance, 11);
        Assert.Contains("seal", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableTime_OnSqlite_FailsNamingThatEntry()
    {
        await using var instance = await TrailOfTwentyAsync(TestInstance.Sqlite);
        await TamperAsync(instance, """UPDATE "AuditEntries" SET "At" = 'not a time at all' WHERE "Id" = 9""");

        var line = await AssertBrokenAtAsync(instance, 9);
        Assert.Contains("cannot be read", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ConcurrentAppends_FromSeparateScopes_FormOneUnbrokenChain(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await instance.RunAsync<AuditTrail>(a => a.AppendAsync(new AuditEvent("test.append", $"writer:{writer}:{i}")));
            }
        })));

        var entries = await EntriesAsync(instance);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), entries.Select(e => e.Id));
        Assert.Equal(100, entries.Select(e => e.Subject).Distinct().Count());
        var verification = await instance.RunAsync<AuditTrail, AuditVerification>(a => a.VerifyAsync());
        Assert.True(verification.Ok, verification.Reason);
        Assert.Equal(100, verification.Entries);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ForgedSeal_FailsVerification(string provider)
    {
        await using var instance = await TrailOfTwentyAsync(provider);
        await instance.RunAsync<Slagboom.Core.Data.AppDbContext>(async db =>
        {
            db.AuditSeals.Add(new AuditSeal { EntryId = 20, Hash = new string('a', 64), Signature = new string('b', 64), At = instance.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        });

        var result = await CliAsync(instance, "audit", "verify");

        Assert.Equal(1, result.Code);
        Assert.Contains("seal", result.Out, StringComparison.Ordinal);
    }

    private static async Task<TestInstance> TrailOfTwentyAsync(string provider)
    {
        var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 20);
        var seal = await instance.RunAsync<AuditTrail, AuditSeal?>(a => a.SealAsync());
        Assert.Equal(20, seal?.EntryId);
        Assert.Equal(0, (await CliAsync(instance, "audit", "verify")).Code);
        return instance;
    }

    /// <summary>Runs verify and checks the contract: exit 1, one line naming the entry.</summary>
    private static async Task<string> AssertBrokenAtAsync(TestInstance instance, long id)
    {
        var result = await CliAsync(instance, "audit", "verify");
        Assert.Equal(1, result.Code);
        var line = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"entry {id} does not verify", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        return line;
    }

    private static AuditEntry Copy(AuditEntry e, long? id = null, string? purpose = null, string? previousHash = null) => new()
    {
        Id = id ?? e.Id,
        At = e.At,
        UserId = e.UserId,
        OrganisationId = e.OrganisationId,
        Action = e.Action,
        Subject = e.Subject,
        Purpose = purpose ?? e.Purpose,
        Outcome = e.Outcome,
        Recipients = e.Recipients,
        PreviousHash = previousHash ?? e.PreviousHash,
        Hash = e.Hash,
    };

    /// <summary>UPDATE statements that give row <c>entry.Id</c> every other column of <paramref name="entry"/>.</summary>
    private static IEnumerable<string> Rewrite(AuditEntry entry)
    {
        static string Text(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        yield return $"""
            UPDATE "AuditEntries" SET "UserId" = {Text(entry.UserId)}, "OrganisationId" = {Text(entry.OrganisationId)}, "Action" = {Text(entry.Action)},
            "Subject" = {Text(entry.Subject)}, "Purpose" = {Text(entry.Purpose)}, "Outcome" = {Text(entry.Outcome)}, "Recipients" = {Text(entry.Recipients)},
            "PreviousHash" = {Text(entry.PreviousHash)}, "Hash" = {Text(entry.Hash)} WHERE "Id" = {entry.Id}
            """;
    }
}
