using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Signals;

/// <summary>The outcome of checking one observable of a request: its normalised form, or the field and what is wrong.</summary>
public sealed record ObservableCheck(string? Type, string? Value, bool PersonalData, string? Warning, string? Field, string? Error);

/// <summary>Observables stored once per normalised (type, value), checked by the identifier rules of CONTRACT.md §3.</summary>
public sealed class ObservableCatalogue(AppDbContext db)
{
    public static ObservableCheck Normalize(string? type, string? value)
    {
        var kind = type?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(kind) || !IdentifierChecker.ObservableTypes.Contains(kind))
        {
            return new ObservableCheck(null, null, false, null, "type", $"Unknown observable type '{type}'; use one of {string.Join(", ", IdentifierChecker.ObservableTypes)}.");
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > 500)
        {
            return new ObservableCheck(kind, null, false, null, "value", "A value of 1 to 500 characters is required.");
        }

        var check = IdentifierChecker.Check(kind, value);
        return check.Keepable
            ? new ObservableCheck(kind, check.ObservableValue, IdentifierChecker.IsPersonalData(kind), check.Warning, null, null)
            : new ObservableCheck(kind, null, false, null, "value", $"Not a valid {kind}: {check.Message}");
    }

    /// <summary>
    /// Finds or adds the observables, in the given order, inside the caller's transaction. Existing ones are looked
    /// up for the whole list at once (one query per type); new ones are inserted in bulk with "on conflict do
    /// nothing", so two requests naming the same new value at once both succeed and share one observable (on
    /// PostgreSQL the second waits for the first to commit; SQLite serialises writers anyway).
    /// </summary>
    public async Task<List<Observable>> StoreAsync(IReadOnlyList<(string Type, string Value, bool PersonalData)> values, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<(string Type, string Key), Observable>();
        foreach (var local in db.Observables.Local)
        {
            found.TryAdd((local.Type, local.MatchKey), local);
        }

        var wanted = values.Select(v => (v.Type, Key: v.Value.ToLowerInvariant())).Distinct().Where(k => !found.ContainsKey(k)).ToList();
        await LoadAsync(wanted, found, cancellationToken);
        var missing = values.Select(v => (v.Type, v.Value, Key: v.Value.ToLowerInvariant(), v.PersonalData))
            .Where(v => !found.ContainsKey((v.Type, v.Key))).DistinctBy(v => (v.Type, v.Key)).ToList();
        foreach (var chunk in missing.Chunk(InsertChunk))
        {
            var sql = new StringBuilder("""INSERT INTO "Observables" ("Id", "Type", "Value", "MatchKey", "IsPersonalData") VALUES """);
            var parameters = new List<object>(chunk.Length * 5);
            for (var i = 0; i < chunk.Length; i++)
            {
                var n = i * 5;
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{n}}}, {{{n + 1}}}, {{{n + 2}}}, {{{n + 3}}}, {{{n + 4}}})");
                parameters.AddRange([Ids.New(), chunk[i].Type, chunk[i].Value, chunk[i].Key, chunk[i].PersonalData]);
            }

            sql.Append(""" ON CONFLICT ("Type", "MatchKey") DO NOTHING""");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }

        await LoadAsync([.. missing.Select(m => (m.Type, m.Key))], found, cancellationToken);
        return [.. values.Select(v => found[(v.Type, v.Value.ToLowerInvariant())])];
    }

    // Rows per INSERT: 5 parameters each, well under SQLite's and PostgreSQL's parameter limits.
    private const int InsertChunk = 500;

    private async Task LoadAsync(List<(string Type, string Key)> keys, Dictionary<(string Type, string Key), Observable> found, CancellationToken cancellationToken)
    {
        foreach (var group in keys.GroupBy(k => k.Type))
        {
            var type = group.Key;
            foreach (var chunk in group.Select(k => k.Key).Chunk(InsertChunk))
            {
                foreach (var observable in await db.Observables.Where(o => o.Type == type && chunk.Contains(o.MatchKey)).ToListAsync(cancellationToken))
                {
                    found.TryAdd((observable.Type, observable.MatchKey), observable);
                }
            }
        }
    }
}
