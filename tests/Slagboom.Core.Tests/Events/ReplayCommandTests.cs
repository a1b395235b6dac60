using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Organisations;
using Slagboom.Core.Tests.Cli;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Events;

/// <summary><c>slagboom events replay</c>: the API's ingestion from a file, refusals by line, dead letters kept.</summary>
public sealed class ReplayCommandTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Replay_StoresGoodLines_ReportsBadOnesByLine(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var t = instance.Clock.GetUtcNow();
        var zwb = EventRetentionTests.Access(t, "z-1").Replace("\"RTM\"", "\"ZWB\"", StringComparison.Ordinal);
        Directory.CreateDirectory(instance.Settings.DataFolder);
        var file = Path.Combine(instance.Settings.DataFolder, "events.ndjson");
        await File.WriteAllLinesAsync(file, [EventRetentionTests.Access(t, "r-1"), "", "{\"kind\":\"fence\"}", EventRetentionTests.Anpr(t, "r-2"), zwb]);

        var asOperator = await CliTests.RunAsync(instance, "events", "replay", file, "--batch", "2");

        Assert.Equal(1, asOperator.Code);
        Assert.Equal("accepted 3, rejected 1", asOperator.Out.Trim());
        Assert.Contains("line 3: ", asOperator.Err, StringComparison.Ordinal);
        Assert.Contains("events/s", asOperator.Err, StringComparison.Ordinal);
        var dead = await instance.QueryAsync(db => db.EventDeadLetters.SingleAsync());
        Assert.Equal((3, "replay", "file:events.ndjson", "{\"kind\":\"fence\"}"), (dead.Position, dead.Channel, dead.Origin, dead.Payload));

        // A member of an RTM organisation may not replay ZWB events.
        var org = await instance.RunAsync<OrganisationAdministration, Result<Organisation>>(o =>
            o.AddAsync(Actor.Operator, new AddOrganisationRequest("Terminal RTM", "private", "terminal", ["RTM"])));
        await instance.RunAsync<UserAdministration, Result<NewUser>>(u => u.AddAsync(Actor.Operator, new AddUserRequest(org.Value!.Id, "beveiliging@terminal.nl", ["member"])));
        var asMember = await CliTests.RunAsync(instance, "events", "replay", file, "--as", "beveiliging@terminal.nl");

        Assert.Equal(1, asMember.Code);
        Assert.Equal("accepted 2, rejected 2", asMember.Out.Trim());
        Assert.Contains("line 5: mainport:", asMember.Err, StringComparison.Ordinal);
        Assert.Equal(5, await instance.QueryAsync(db => db.Events.CountAsync()));
        Assert.Equal(1, await instance.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "events.ingest")));
    }

    [Theory]
    [InlineData("events replay /nonexistent.ndjson", 2)]
    [InlineData("events replay FILE --as nobody@nowhere.nl", 2)]
    [InlineData("events replay FILE --batch 0", 2)]
    [InlineData("events replay FILE", 0)]
    public async Task ExitCodes(string commandLine, int expected)
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite);
        Directory.CreateDirectory(instance.Settings.DataFolder);
        var file = Path.Combine(instance.Settings.DataFolder, "ok.ndjson");
        await File.WriteAllTextAsync(file, EventRetentionTests.Access(instance.Clock.GetUtcNow(), "ok-1") + "\n");
        var result = await CliTests.RunAsync(instance, [.. commandLine.Split(' ').Select(a => a == "FILE" ? file : a)]);
        Assert.Equal(expected, result.Code);
    }
}
