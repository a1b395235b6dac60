using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Organisations;
using Slagboom.Core.Signals;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Organisations;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Audit;

/// <summary>Organisations, users, signals and raw database access for the audit and retention tests.</summary>
internal static class AuditTestData
{
    public static async Task<Organisation> AddOrganisationAsync(TestInstance instance, string name, OrganisationKind kind = OrganisationKind.Public)
    {
        var organisation = new Organisation
        {
            Id = Ids.New(),
            Name = name,
            Kind = kind,
            Sector = kind == OrganisationKind.Public ? "police" : "terminal",
            CreatedAt = instance.Clock.GetUtcNow().UtcDateTime,
        };
        organisation.Mainports.Add(new OrganisationMainport { OrganisationId = organisation.Id, MainportCode = "RTM" });
        await instance.RunAsync<AppDbContext>(async db =>
        {
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
        });
        return organisation;
    }

    /// <summary>A user of <paramref name="organisation"/> with the member role, as the actor that use cases take.</summary>
    public static async Task<Actor> AddMemberAsync(TestInstance instance, Organisation organisation, string email, string role = Role.Member)
    {
        var user = new User
        {
            Id = Ids.New(),
            OrganisationId = organisation.Id,
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = instance.Clock.GetUtcNow().UtcDateTime,
        };
        await instance.RunAsync<AppDbContext>(async db =>
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        });
        return new Actor(user.Id, organisation.Id, new HashSet<string> { role });
    }

    public static Actor Auditor { get; } = new("auditor-user", null, new HashSet<string> { Role.Auditor });

    /// <summary>Creates and publishes a national signal naming <paramref name="observables"/>; its id.</summary>
    public static async Task<string> AddSignalAsync(TestInstance instance, Actor owner, string title, params (string Type, string Value)[] observables)
    {
        instance.Clock.Advance(TimeSpan.FromMinutes(1));
        var input = new SignalInput(title, "Beschrijving van " + title, "Samenvatting", "RTM", instance.Clock.GetUtcNow().AddHours(-1), "incident",
            null, null, [.. observables.Select(o => new ObservableInput(o.Type, o.Value))], new DistributionInput("national", null), "amber", null);
        var created = await instance.RunAsync<SignalService, Slagboom.Core.Errors.Result<SignalView>>(s => s.CreateAsync(owner, input));
        Assert.True(created.Ok, created.Error?.Message);
        var published = await instance.RunAsync<SignalService, Slagboom.Core.Errors.Result<SignalView>>(s => s.PublishAsync(owner, created.Value!.Id));
        Assert.True(published.Ok, published.Error?.Message);
        return created.Value!.Id;
    }

    /// <summary>Appends <paramref name="count"/> entries, one a minute, with varied fields.</summary>
    public static async Task AppendAsync(TestInstance instance, int count, string action = "signal.read")
    {
        for (var i = 0; i < count; i++)
        {
            instance.Clock.Advance(TimeSpan.FromMinutes(1));
            var n = i;
            await instance.RunAsync<AuditTrail>(a => a.AppendAsync(new AuditEvent(action, $"signal:s{n}", n % 5 == 0 ? AuditOutcome.Refused : AuditOutcome.Ok,
                $"user-{n % 3}", $"org-{n % 2}", n % 4 == 0 ? "onderzoek, \"met\" komma" : null)));
        }
    }

    /// <summary>
    /// Runs SQL as an attacker with database access would: the append-only triggers switched off first (PostgreSQL
    /// as the superuser the tests connect as; SQLite by dropping the trigger).
    /// </summary>
    public static async Task TamperAsync(TestInstance instance, params string[] statements)
    {
        await instance.RunAsync<AppDbContext>(async db =>
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "AuditEntries" DISABLE TRIGGER USER""");
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS audit_entries_no_update");
            }

            foreach (var sql in statements)
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        });
    }

    public static Task<List<AuditEntry>> EntriesAsync(TestInstance instance) =>
        instance.QueryAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public static async Task<(int Code, string Out, string Err)> CliAsync(TestInstance instance, params string[] args) =>
        await Cli.CliTests.RunAsync(instance, args);

    public static async Task<(int Code, string Out, string Err)> CliAsync(TestInstance instance, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Slagboom.Cli.CliApp.RunAsync(args, output, error, environment);
        return (code, output.ToString(), error.ToString());
    }
}
