using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Organisations;
using Slagboom.Core.Signals;

namespace Slagboom.Core.Demo;

public sealed record DemoAccount(string Email, string Organisation, IReadOnlyList<string> Roles, string Password);

/// <summary>
/// A fictional demo data set (partner organisations for every mainport, one user per role) so that a newcomer
/// can look around at once. It refuses to touch a database that holds real data. Loading it again sets new
/// passwords for the demo users, since passwords are shown only once.
/// </summary>
public sealed class DemoDataSet(AppDbContext db, OrganisationAdministration organisations, UserAdministration accounts, UserManager<User> users, SignalService signals, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<DemoAccount>>> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Organisations.AnyAsync(o => !o.IsDemo, cancellationToken) || await db.Users.AnyAsync(u => !u.IsDemo, cancellationToken))
        {
            return new Conflict("The database holds non-demo data; the demo data set is loaded only into an empty or demo database.");
        }

        var source = Read();
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in source.Organisations)
        {
            var existing = await db.Organisations.FirstOrDefaultAsync(x => x.Name == o.Name, cancellationToken);
            if (existing is not null)
            {
                ids[o.Key] = existing.Id;
                continue;
            }

            var added = await organisations.AddAsync(Actor.Operator, new AddOrganisationRequest(o.Name, o.Kind, o.Sector, o.Mainports), isDemo: true, cancellationToken);
            if (!added.Ok)
            {
                return added.Error!;
            }

            ids[o.Key] = added.Value!.Id;
        }

        var result = new List<DemoAccount>();
        foreach (var u in source.Users)
        {
            var password = Secrets.NewPassword();
            var existing = await users.FindByEmailAsync(u.Email);
            if (existing is null)
            {
                var added = await accounts.AddAsync(Actor.Operator, new AddUserRequest(ids[u.Organisation], u.Email, u.Roles), isDemo: true, password: password, cancellationToken: cancellationToken);
                if (!added.Ok)
                {
                    return added.Error!;
                }
            }
            else
            {
                await users.RemovePasswordAsync(existing);
                await users.AddPasswordAsync(existing, password);
            }

            var organisationName = source.Organisations.First(o => o.Key == u.Organisation).Name;
            result.Add(new DemoAccount(u.Email, organisationName, u.Roles, password));
        }

        await LoadSignalsAsync(source.Signals ?? [], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Fictional signals for every mainport, created through the real use case (so they are checked and audited).</summary>
    private async Task LoadSignalsAsync(List<DemoSignal> demoSignals, CancellationToken cancellationToken)
    {
        foreach (var s in demoSignals)
        {
            var author = await users.FindByEmailAsync(s.Author) ?? throw new InvalidOperationException($"demo.json: no demo user {s.Author}.");
            if (await db.Signals.AnyAsync(x => x.OwnerOrganisationId == author.OrganisationId && x.Title == s.Title, cancellationToken))
            {
                continue;
            }

            var actor = new Actor(author.Id, author.OrganisationId, (await users.GetRolesAsync(author)).ToHashSet(StringComparer.Ordinal));
            var occurred = clock.GetUtcNow().AddDays(-s.DaysAgo).AddHours(-3);
            var input = new SignalInput(s.Title, s.Description, s.PartnerSummary, s.Mainport, occurred, s.Category, s.ModusOperandi, s.ProcessStep,
                [.. s.Observables.Select(o => new ObservableInput(o[0], o[1]))], new DistributionInput(s.Level, null), s.Tlp, null, s.Location);
            var created = await signals.CreateAsync(actor, input, cancellationToken);
            if (!created.Ok)
            {
                throw new InvalidOperationException($"demo.json: signal '{s.Title}' is invalid: {created.Error!.Message}");
            }

            if (s.Publish)
            {
                await signals.PublishAsync(actor, created.Value!.Id, cancellationToken);
            }
        }
    }

    /// <summary>The demo accounts as a person reads them on the console: shown once, never logged.</summary>
    public static string Describe(IReadOnlyList<DemoAccount> accounts)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("Demo data loaded (fictional). Accounts, with passwords shown only now:");
        foreach (var a in accounts)
        {
            text.AppendLine($"  {a.Email,-40} {a.Password}  {string.Join(",", a.Roles),-16} {a.Organisation}");
        }

        text.Append("Roles analyst, org-admin, platform-admin and auditor enrol a second factor (TOTP) at first sign-in.");
        return text.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static DemoSource Read()
    {
        using var stream = typeof(DemoDataSet).Assembly.GetManifestResourceStream("Slagboom.Seed.demo.json")
            ?? throw new InvalidOperationException("demo.json is missing from the build.");
        return JsonSerializer.Deserialize<DemoSource>(stream, JsonOptions)
            ?? throw new InvalidOperationException("demo.json is empty.");
    }

    private sealed record DemoSource(List<DemoOrganisation> Organisations, List<DemoUser> Users, List<DemoSignal>? Signals);

    private sealed record DemoSignal(
        string Author, string Title, string Description, string? PartnerSummary, string Mainport, string? Location, int DaysAgo,
        string Category, List<string> ModusOperandi, int? ProcessStep, List<List<string>> Observables, string Level, string Tlp, bool Publish);

    private sealed record DemoOrganisation(string Key, string Name, string Kind, string Sector, List<string> Mainports);

    private sealed record DemoUser(string Email, string Organisation, List<string> Roles);
}
