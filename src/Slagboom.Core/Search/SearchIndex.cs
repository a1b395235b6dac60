using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Search;

/// <summary>
/// Keeps the search index current: every path that writes a signal's text or observables (create, edit, import)
/// calls <see cref="IndexAsync"/> inside its transaction; deletion (by the owner or by retention) removes the
/// document by cascade. <see cref="BackfillAsync"/> indexes signals that have no document yet (after an upgrade).
/// </summary>
public sealed class SearchIndex(AppDbContext db)
{
    private const int Chunk = 200;

    /// <summary>The two sections of a signal's document; its observables must be loaded.</summary>
    public static (string Public, string Restricted) Sections(Signal signal)
    {
        var observables = signal.Observables.OrderBy(o => o.Position).Select(o => o.Observable!).ToList();
        return Sections(signal.Title, signal.Location, signal.PartnerSummary, signal.Description, signal.Mainport, signal.Category, signal.Tlp,
            signal.ModusOperandi.Split(';', StringSplitOptions.RemoveEmptyEntries), observables.Select(o => (o.Value, o.IsPersonalData)));
    }

    /// <summary>
    /// The two sections from a signal's fields: public — title, location, partner summary, values that are not
    /// personal data, then the filter values (<see cref="SearchText.Facets"/>); restricted — description and
    /// personal-data values.
    /// </summary>
    public static (string Public, string Restricted) Sections(string title, string? location, string? partnerSummary, string description,
        string mainport, SignalCategory category, Tlp tlp, IEnumerable<string> modusOperandi, IEnumerable<(string Value, bool PersonalData)> observables)
    {
        var values = observables.ToList();
        var publicSection = SearchText.Section([title, location, partnerSummary, .. values.Where(o => !o.PersonalData).Select(o => o.Value)]);
        var facets = string.Join(' ', SearchText.Facets(mainport, category, tlp, modusOperandi));
        var restricted = SearchText.Section([description, .. values.Where(o => o.PersonalData).Select(o => o.Value)]);
        return (publicSection.Length == 0 ? facets : publicSection + " " + facets, restricted);
    }

    /// <summary>Writes (or rewrites) the documents of these signals, with their observables loaded.</summary>
    public async Task IndexAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken = default)
    {
        var postgres = db.Database.IsNpgsql();
        foreach (var chunk in signals.Chunk(Chunk))
        {
            var sql = new StringBuilder(postgres
                ? """INSERT INTO "SignalSearchDocuments" ("SignalId", "Public", "Restricted", "Vector") VALUES """
                : """INSERT INTO "SignalSearchDocuments" ("SignalId", "Public", "Restricted") VALUES """);
            var parameters = new List<DbParameter>();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            for (var i = 0; i < chunk.Length; i++)
            {
                var (publicSection, restricted) = Sections(chunk[i]);
                sql.Append(i == 0 ? "(" : ", (")
                    .Append(Parameter(command, parameters, chunk[i].Id)).Append(", ")
                    .Append(Parameter(command, parameters, publicSection)).Append(", ")
                    .Append(Parameter(command, parameters, restricted));
                if (postgres)
                {
                    sql.Append(", CAST(").Append(Parameter(command, parameters, SearchText.TsVector(publicSection, restricted))).Append(" AS tsvector)");
                }

                sql.Append(')');
            }

            sql.Append(""" ON CONFLICT ("SignalId") DO UPDATE SET "Public" = excluded."Public", "Restricted" = excluded."Restricted" """);
            if (postgres)
            {
                sql.Append(""", "Vector" = excluded."Vector" """);
            }

            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }
    }

    /// <summary>Indexes every signal that has no document yet, in chunks; returns how many.</summary>
    public async Task<int> BackfillAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var missing = await db.Signals
                .Where(s => !db.Set<SignalSearchDocument>().Any(d => d.SignalId == s.Id))
                .OrderBy(s => s.Id).Take(Chunk)
                .Include(s => s.Observables).ThenInclude(o => o.Observable)
                .AsSplitQuery().AsNoTracking()
                .ToListAsync(cancellationToken);
            if (missing.Count == 0)
            {
                return total;
            }

            await IndexAsync(missing, cancellationToken);
            total += missing.Count;
        }
    }

    private static string Parameter(DbCommand command, List<DbParameter> parameters, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@s" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameter.Value = value;
        parameters.Add(parameter);
        return parameter.ParameterName;
    }
}
