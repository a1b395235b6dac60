using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Errors;
using Slagboom.Core.Signals;
using Slagboom.Domain.Organisations;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;

namespace Slagboom.Core.Tests.Audit;

/// <summary>Search and export for auditors, who opened a signal for its owner, and the data-subject lookup.</summary>
public sealed class AuditQueriesTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Search_FiltersInTheDatabase(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 20);
        await AppendAsync(instance, 3, "sign-in");

        async Task<List<long>> Ids(AuditFilter filter)
        {
            var page = await instance.RunAsync<AuditQueries, Result<AuditPage>>(q => q.SearchAsync(Auditor, filter, 500));
            Assert.True(page.Ok, page.Error?.Message);
            return [.. page.Value!.Items.Select(i => i.Id)];
        }

        Assert.Equal(23, (await Ids(new AuditFilter())).Count);
        Assert.Equal(20, (await Ids(new AuditFilter(ActionPrefix: "signal."))).Count);
        Assert.Equal([21L, 22L, 23L], (await Ids(new AuditFilter(ActionPrefix: "sign-"))).Order());
        Assert.Equal([16L, 11L, 6L, 1L], await Ids(new AuditFilter(ActionPrefix: "signal.", Outcome: AuditOutcome.Refused)));
        Assert.Equal([20L, 17L, 14L, 11L, 8L, 5L, 2L], await Ids(new AuditFilter(UserId: "user-1", ActionPrefix: "signal.")));
        Assert.Equal([11L, 1L], await Ids(new AuditFilter(OrganisationId: "org-0", Outcome: AuditOutcome.Refused, ActionPrefix: "signal")));
        Assert.Equal(11, (await Ids(new AuditFilter(ActionPrefix: "signal.", SubjectContains: "signal:s1"))).Count);
        // Entry n was written at 09:0n; from inclusive, to exclusive.
        Assert.Equal([9L, 8L, 7L, 6L, 5L], await Ids(new AuditFilter(From: Start.AddMinutes(5), To: Start.AddMinutes(10))));
        Assert.Empty(await Ids(new AuditFilter(ActionPrefix: "signal.", SubjectContains: "s99")));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Search_PagesNewestFirst(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await AppendAsync(instance, 20);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await instance.RunAsync<AuditQueries, Result<AuditPage>>(q => q.SearchAsync(Auditor, new AuditFilter(ActionPrefix: "signal."), 7, cursor));
            seen.AddRange(page.Value!.Items.Select(i => i.Id));
            cursor = page.Value.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 20).Reverse().Select(i => (long)i), seen);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Search_IsForAuditors_AndChecksItsInput(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var organisation = await AddOrganisationAsync(instance, "Zeehavenpolitie");
        var member = await AddMemberAsync(instance, organisation, "rechercheur@politie.nl");

        var refused = await instance.RunAsync<AuditQueries, Result<AuditPage>>(q => q.SearchAsync(member, new AuditFilter()));
        var badCursor = await instance.RunAsync<AuditQueries, Result<AuditPage>>(q => q.SearchAsync(Auditor, new AuditFilter(), cursor: "abc"));
        var backwards = await instance.RunAsync<AuditQueries, Result<AuditPage>>(q => q.SearchAsync(Auditor, new AuditFilter(From: Start, To: Start.AddDays(-1))));
        var export = await instance.RunAsync<AuditQueries, Result<long>>(q => q.ExportCsvAsync(member, new AuditFilter(), new StringWriter()));
        var lookup = await instance.RunAsync<AuditQueries, Result<DataSubjectReport>>(q => q.AboutValueAsync(member, "Jan"));

        Assert.IsType<Forbidden>(refused.Error);
        Assert.IsType<Invalid>(badCursor.Error);
        Assert.IsType<Invalid>(backwards.Error);
        Assert.IsType<Forbidden>(export.Error);
        Assert.IsType<Forbidden>(lookup.Error);
        Assert.Equal(0, await instance.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditQueries.ExportAction)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Export_WritesRfc4180Csv_AndIsItselfAudited(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var organisation = await AddOrganisationAsync(instance, "Douane, \"Rotterdam\"");
        var user = await AddMemberAsync(instance, organisation, "douanier@douane.nl");
        await AppendAsync(instance, 20);
        await instance.RunAsync<AuditTrail>(a => a.AppendAsync(new AuditEvent("signal.read", "signal:x", AuditOutcome.Ok, user.UserId, organisation.Id, "=HYPERLINK(\"http://evil\")\nregel 2")));

        var output = new StringWriter();
        var exported = await instance.RunAsync<AuditQueries, Result<long>>(q => q.ExportCsvAsync(Auditor, new AuditFilter(ActionPrefix: "signal."), output));

        Assert.Equal(21, exported.Value);
        var text = output.ToString();
        Assert.StartsWith("id,at,userId,userEmail,organisationId,organisationName,action,subject,purpose,outcome,recipients,previousHash,hash\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\"onderzoek, \"\"met\"\" komma\"", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        await csv.ReadAsync();
        csv.ReadHeader();
        while (await csv.ReadAsync())
        {
            rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h)!));
        }

        Assert.Equal(21, rows.Count);
        Assert.Equal(Enumerable.Range(1, 21).Reverse().Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r["id"]));
        var newest = rows[0];
        Assert.Equal("douanier@douane.nl", newest["userEmail"]);
        Assert.Equal("Douane, \"Rotterdam\"", newest["organisationName"]);
        Assert.Equal("2026-03-01T09:20:00.000Z", rows[1]["at"]);
        // A formula typed as a purpose reaches the spreadsheet as text.
        Assert.False(newest["purpose"].StartsWith('='));
        Assert.Contains("HYPERLINK", newest["purpose"], StringComparison.Ordinal);
        Assert.Contains("regel 2", newest["purpose"], StringComparison.Ordinal);

        var last = await instance.QueryAsync(db => db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal((AuditQueries.ExportAction, "audit:action=signal.*", "user:auditor-user", "auditor-user"), (last.Action, last.Subject, last.Recipients, last.UserId));

        // An export of everything holds what was there when it was asked for: not its own entry.
        var all = new StringWriter();
        Assert.Equal(22, (await instance.RunAsync<AuditQueries, Result<long>>(q => q.ExportCsvAsync(Auditor, new AuditFilter(), all))).Value);
        Assert.Equal(23, await instance.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task OpenedBy_ListsWhoOpenedTheSignal_ForTheOwnerOnly(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var police = await AddOrganisationAsync(instance, "Zeehavenpolitie");
        var terminal = await AddOrganisationAsync(instance, "Delta Terminal", OrganisationKind.Private);
        var officer = await AddMemberAsync(instance, police, "rechercheur@politie.nl");
        var clerk = await AddMemberAsync(instance, terminal, "planner@terminal.nl");
        var signal = await AddSignalAsync(instance, officer, "Uithalers bij kade 7");
        var published = instance.Clock.GetUtcNow().UtcDateTime;

        instance.Clock.Advance(TimeSpan.FromMinutes(5));
        await instance.RunAsync<SignalService>(s => s.GetAsync(clerk, signal, "controle poortlog"));
        instance.Clock.Advance(TimeSpan.FromMinutes(5));
        await instance.RunAsync<SignalService>(s => s.GetAsync(officer, signal, "onderzoek"));
        await instance.RunAsync<SignalService>(s => s.GetAsync(clerk, "does-not-exist", null));

        var opened = await instance.RunAsync<AuditQueries, Result<IReadOnlyList<SignalOpening>>>(q => q.OpenedByAsync(signal, police.Id));
        var forTerminal = await instance.RunAsync<AuditQueries, Result<IReadOnlyList<SignalOpening>>>(q => q.OpenedByAsync(signal, terminal.Id));
        var unknown = await instance.RunAsync<AuditQueries, Result<IReadOnlyList<SignalOpening>>>(q => q.OpenedByAsync("does-not-exist", police.Id));

        Assert.True(opened.Ok);
        Assert.Equal(
            [
                new SignalOpening(published.AddMinutes(10), officer.UserId, "rechercheur@politie.nl", police.Id, "Zeehavenpolitie", "onderzoek"),
                new SignalOpening(published.AddMinutes(5), clerk.UserId, "planner@terminal.nl", terminal.Id, "Delta Terminal", "controle poortlog"),
            ],
            opened.Value!);
        Assert.IsType<NotFound>(forTerminal.Error);
        Assert.IsType<NotFound>(unknown.Error);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AboutValue_FindsObservablesSignalsPseudonymsAndAccesses(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var police = await AddOrganisationAsync(instance, "Zeehavenpolitie");
        var terminal = await AddOrganisationAsync(instance, "Delta Terminal", OrganisationKind.Private);
        var officer = await AddMemberAsync(instance, police, "rechercheur@politie.nl");
        var clerk = await AddMemberAsync(instance, terminal, "planner@terminal.nl");
        var first = await AddSignalAsync(instance, officer, "Benadering chauffeur",
            ("phone", "06 12345678"), ("person", "Jan  de Vries"), ("container", "CSQU3054383"), ("plate-nl", "AB-12-34"));
        var second = await AddSignalAsync(instance, officer, "Zelfde telefoon", ("phone", "+31 6 1234 5678"));
        var other = await AddSignalAsync(instance, officer, "Iets anders", ("phone", "0687654321"));
        await instance.RunAsync<SignalService>(s => s.GetAsync(clerk, first, "poortcontrole"));
        await instance.RunAsync<SignalService>(s => s.GetAsync(clerk, other, "poortcontrole"));

        var phone = await LookupAsync(instance, "06-12345678");
        Assert.Equal(["+31612345678"], phone.Observables.Select(o => o.Value));
        Assert.Equal([second, first], phone.Signals.Select(s => s.Id));
        Assert.All(phone.Signals, s => Assert.Equal("Zeehavenpolitie", s.OwnerOrganisationName));
        var pseudonym = Assert.Single(phone.Pseudonyms);
        Assert.Equal(("Delta Terminal", phone.Observables[0].Id), (pseudonym.OrganisationName, pseudonym.ObservableId));
        Assert.StartsWith("pd:", pseudonym.Pseudonym, StringComparison.Ordinal);
        Assert.Equal(
            ["signal.create", "signal.publish", "signal.read"],
            phone.Entries.Where(e => e.Subject == $"signal:{first}").Select(e => e.Action).Order(StringComparer.Ordinal));
        Assert.Contains(phone.Entries, e => e.Subject == $"signal:{second}" && e.Action == "signal.create");
        Assert.DoesNotContain(phone.Entries, e => e.Subject == $"signal:{other}");
        Assert.Contains(phone.Entries, e => e.Action == "signal.read" && e.UserEmail == "planner@terminal.nl" && e.Purpose == "poortcontrole");

        // Normalised by the identifier type that accepts it, or contained in a stored value.
        Assert.Equal(["AB-12-34"], (await LookupAsync(instance, "ab1234")).Observables.Select(o => o.Value));
        Assert.Equal(["Jan de Vries"], (await LookupAsync(instance, "de vries")).Observables.Select(o => o.Value));
        Assert.Empty((await LookupAsync(instance, "ja")).Observables);
        var nothing = await LookupAsync(instance, "Piet Paulusma");
        Assert.Empty(nothing.Signals);
        Assert.Empty(nothing.Entries);

        // The lookup is accountable, without writing the value itself into the trail.
        var logged = await instance.QueryAsync(db => db.AuditEntries.Where(e => e.Action == AuditQueries.SubjectLookupAction).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(5, logged.Count);
        Assert.Equal($"observables:{phone.Observables[0].Id}", logged[0].Subject);
        Assert.Equal("avg-verzoek 2026-14", logged[0].Purpose);
        Assert.DoesNotContain(logged, e => (e.Subject ?? "").Contains("12345678", StringComparison.Ordinal));

        var empty = await instance.RunAsync<AuditQueries, Result<DataSubjectReport>>(q => q.AboutValueAsync(Auditor, "  "));
        Assert.IsType<Invalid>(empty.Error);
    }

    private static async Task<DataSubjectReport> LookupAsync(TestInstance instance, string value)
    {
        var report = await instance.RunAsync<AuditQueries, Result<DataSubjectReport>>(q => q.AboutValueAsync(Auditor, value, "avg-verzoek 2026-14"));
        Assert.True(report.Ok, report.Error?.Message);
        return report.Value!;
    }
}
