using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Signals;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Cli;

/// <summary><c>slagboom import</c>: checked rows, line-numbered problems, idempotent reruns and whole batches only.</summary>
public sealed class ImportCommandTests
{
    private const string Email = "analist@politie.nl";

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task JsonLines_GoodRowsGoInBadRowsAreReportedByLine_AndASecondRunChangesNothing(string provider)
    {
        await using var instance = await CreateAsync(provider);
        var file = Write(instance, "feed.jsonl",
            Json("A1", "Container met afwijkend zegel", "RTM", ("container", "CSQU 305438-3"), ("plate-nl", "ab1234")),
            Json("A2", "Fout controlecijfer", "RTM", ("container", "CSQU3054384")),
            "",
            Json("A3", "Onbekende mainport", "AMS"),
            Json("A4", null, "RTM"),
            Json("A5", "Schip gesignaleerd", "ZWB", ("imo", "9319466"), ("container", "csqu3054383")));

        var first = await CliTests.RunAsync(instance, "import", file, "--as", Email);

        Assert.Equal(1, first.Code);
        Assert.Equal("imported 2, skipped 0, bad 3", first.Out.Trim());
        Assert.Contains("line 2: observables[0].value:", first.Err, StringComparison.Ordinal);
        Assert.Contains("line 4: mainport:", first.Err, StringComparison.Ordinal);
        Assert.Contains("line 5: title:", first.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", first.Err, StringComparison.Ordinal);
        Assert.Contains("rows/s", first.Err, StringComparison.Ordinal);
        var before = await CountsAsync(instance);
        Assert.Equal((2, 4, 3, 1), before);
        Assert.Equal(["A1", "A5"], await instance.QueryAsync(db => db.Signals.OrderBy(s => s.ExternalId).Select(s => s.ExternalId!).ToListAsync()));
        Assert.True(await instance.QueryAsync(db => db.Signals.AllAsync(s => s.Status == Domain.Signals.SignalStatus.Draft)));

        var second = await CliTests.RunAsync(instance, "import", file, "--as", Email);

        Assert.Equal(1, second.Code);
        Assert.Equal("imported 0, skipped 2, bad 3", second.Out.Trim());
        Assert.Equal(before, await CountsAsync(instance));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Csv_StoresPublishedSignalsWithNormalisedObservables(string provider)
    {
        await using var instance = await CreateAsync(provider);
        var file = Write(instance, "terminal.csv",
            "externalId,title,description,partnerSummary,mainport,occurredAt,category,modusOperandi,processStep,observables,distribution,groupId,tlp,location",
            "T-1,Rip-off vermoed,\"Zegel verbroken,",
            "container open aangetroffen\",,RTM,2026-02-01T10:00:00Z,incident,SEA-T01;sea-c02,3,container:csqu 305438-3;plate-nl:ab-12-34;vessel:Ever  Given,mainport,,amber,Maasvlakte",
            "T-2,Verkeerde haven,Tekst,,AMS,2026-02-01T10:00:00Z,incident,,,,mainport,,amber,",
            "T-3,Geen tijd,Tekst,,RTM,gisteren,incident,,,,mainport,,amber,");

        var result = await CliTests.RunAsync(instance, "import", file, "--as", Email, "--publish");

        Assert.Equal(1, result.Code);
        Assert.Equal("imported 1, skipped 0, bad 2", result.Out.Trim());
        Assert.Contains("line 4: mainport:", result.Err, StringComparison.Ordinal);
        Assert.Contains("line 5: occurredAt:", result.Err, StringComparison.Ordinal);
        var signal = await instance.QueryAsync(db => db.Signals.Include(s => s.Observables).ThenInclude(o => o.Observable).SingleAsync());
        Assert.Equal("T-1", signal.ExternalId);
        Assert.Equal("Zegel verbroken,\ncontainer open aangetroffen", signal.Description.ReplaceLineEndings("\n"));
        Assert.Equal("SEA-T01;SEA-C02", signal.ModusOperandi);
        Assert.Equal(Domain.Signals.SignalStatus.Published, signal.Status);
        Assert.Equal(["container:CSQU3054383", "plate-nl:AB-12-34", "vessel:Ever Given"],
            signal.Observables.OrderBy(o => o.Position).Select(o => $"{o.Observable!.Type}:{o.Observable.Value}"));
    }

    /// <summary>
    /// Many small batches naming the same values, new in the first: every value is stored once, every link once, one
    /// audit entry per batch, and the audit chain holds.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ManyBatches_NamingTheSameNewValues_StoreEachOnce_AndKeepTheAuditChain(string provider)
    {
        await using var instance = await CreateAsync(provider);
        var lines = Enumerable.Range(1, 40).Select(i => Json($"M{i}", $"Melding {i}", "RTM",
        [
            ("container", "CSQU3054383"), ("imo", "9319466"), ("email", $"melder{i}@voorbeeld.nl"), .. i % 2 == 0 ? [("container", "MSCU1234566")] : Array.Empty<(string, string)>(),
        ])).ToArray();
        var file = Write(instance, "feed.jsonl", lines);

        var run = await CliTests.RunAsync(instance, "import", file, "--as", Email, "--batch", "2");

        Assert.True(run.Code == 0, run.Err);
        Assert.Equal("imported 40, skipped 0, bad 0", run.Out.Trim());
        Assert.Equal(40, await instance.QueryAsync(db => db.Signals.CountAsync()));
        Assert.Equal(2 + 1 + 40, await instance.QueryAsync(db => db.Observables.CountAsync()));
        Assert.Equal(20 * 3 + 20 * 4, await instance.QueryAsync(db => db.SignalObservables.CountAsync()));
        Assert.Equal(20, await instance.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "signal.import")));
        var verification = await instance.RunAsync<Slagboom.Core.Audit.AuditTrail, Slagboom.Core.Audit.AuditVerification>(audit => audit.VerifyAsync());
        Assert.True(verification.Ok, verification.Reason);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task InterruptedMidBatch_LeavesWholeBatchesOnly_AndARerunCompletes(string provider)
    {
        await using var instance = await CreateAsync(provider);
        string[] lines =
        [
            Json("B1", "Een", "RTM", ("container", "CSQU3054383")),
            Json("B2", "Twee", "RTM", ("container", "MSCU1234566")),
            Json("B3", "Drie", "RTM"),
            Json("B4", "Vier", "RTM", ("container", "MSCU1234566")),
            Json("B5", "Vijf", "AMS"),
            Json("B6", "Zes", "RTM", ("imo", "9319466")),
        ];
        var file = Write(instance, "feed.jsonl", lines);
        using var stop = new CancellationTokenSource();

        // Interrupted after the first batch (lines 1–3) was stored, while the second (lines 4–6) was already read and
        // checked: the import prepares one batch while it writes the previous one.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => instance.RunAsync<SignalImport, bool>(async import =>
        {
            var actor = (await import.ActorForAsync(Email)).Value!;
            using var reader = new StringReader(string.Join('\n', lines));
            await import.RunAsync(actor, "feed.jsonl", SignalImportFile.ReadJsonLinesAsync(reader), new ImportOptions(BatchSize: 3),
                _ => Task.CompletedTask, progress => progress.Imported > 0 ? stop.CancelAsync() : Task.CompletedTask, stop.Token);
            return true;
        }));

        Assert.Equal(["B1", "B2", "B3"], await instance.QueryAsync(db => db.Signals.OrderBy(s => s.ExternalId).Select(s => s.ExternalId!).ToListAsync()));
        Assert.Equal(1, await instance.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "signal.import" && e.Recipients == "3")));

        var rerun = await CliTests.RunAsync(instance, "import", file, "--as", Email, "--batch", "3");

        Assert.Equal(1, rerun.Code);
        Assert.Equal("imported 2, skipped 3, bad 1", rerun.Out.Trim());
        Assert.Contains("line 5: mainport:", rerun.Err, StringComparison.Ordinal);
        Assert.Equal(5, await instance.QueryAsync(db => db.Signals.CountAsync()));
        Assert.Equal(3, await instance.QueryAsync(db => db.Observables.CountAsync()));
    }

    [Theory]
    [InlineData("import --help", 0)]
    [InlineData("import missing.jsonl --as analist@politie.nl", 2)]
    [InlineData("import FILE --as analist@politie.nl --format xml", 2)]
    [InlineData("import FILE --as nobody@nowhere.nl", 2)]
    [InlineData("import FILE --as analist@politie.nl --batch 0", 2)]
    [InlineData("import FILE", 2)]
    public async Task HelpAndUsageErrors(string commandLine, int expected)
    {
        await using var instance = await CreateAsync(TestInstance.Sqlite);
        var file = Write(instance, "ok.jsonl", Json("C1", "Goed", "RTM"));
        var result = await CliTests.RunAsync(instance, [.. commandLine.Split(' ').Select(a => a == "FILE" ? file : a)]);

        Assert.Equal(expected, result.Code);
        if (expected == 0)
        {
            Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
            Assert.Contains("--as", result.Out, StringComparison.Ordinal);
        }
        else
        {
            Assert.NotEmpty(result.Err.Trim());
            Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        }

        Assert.Equal(0, await instance.QueryAsync(db => db.Signals.CountAsync()));
    }

    private static async Task<TestInstance> CreateAsync(string provider)
    {
        var instance = await TestInstance.CreateAsync(provider);
        var org = await CliTests.RunAsync(instance, "org", "add", "--name", "Zeehavenpolitie", "--kind", "public", "--sector", "police", "--mainport", "RTM", "--mainport", "ZWB", "--json");
        var orgId = JsonDocument.Parse(org.Out).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(0, (await CliTests.RunAsync(instance, "user", "add", "--org", orgId, "--email", Email, "--role", "analyst", "--json")).Code);
        return instance;
    }

    private static async Task<(int Signals, int Links, int Observables, int Audits)> CountsAsync(TestInstance instance) => (
        await instance.QueryAsync(db => db.Signals.CountAsync()),
        await instance.QueryAsync(db => db.SignalObservables.CountAsync()),
        await instance.QueryAsync(db => db.Observables.CountAsync()),
        await instance.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "signal.import")));

    private static string Write(TestInstance instance, string name, params string[] lines)
    {
        var path = Path.Combine(Path.GetDirectoryName(instance.Settings.DataFolder)!, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static string Json(string externalId, string? title, string mainport, params (string Type, string Value)[] observables) =>
        JsonSerializer.Serialize(new
        {
            externalId,
            title,
            description = "Beschrijving",
            mainport,
            occurredAt = "2026-02-01T10:00:00Z",
            category = "incident",
            observables = observables.Select(o => new { type = o.Type, value = o.Value }),
            distribution = new { level = "mainport" },
            tlp = "amber",
        });
}
