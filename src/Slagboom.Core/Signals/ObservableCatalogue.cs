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
    /// Finds or adds the observables, in the given order, inside the caller's transaction. A new one is inserted
    /// with "on conflict do nothing", so two requests naming the same new value at once both succeed and share one
    /// observable (on PostgreSQL the second waits for the first to commit; SQLite serialises writers anyway).
    /// </summary>
    public async Task<List<Observable>> StoreAsync(IReadOnlyList<(string Type, string Value, bool PersonalData)> values, CancellationToken cancellationToken = default)
    {
        var result = new List<Observable>();
        foreach (var (type, value, personalData) in values)
        {
            var key = value.ToLowerInvariant();
            var existing = db.Observables.Local.FirstOrDefault(o => o.Type == type && o.MatchKey == key)
                ?? await db.Observables.FirstOrDefaultAsync(o => o.Type == type && o.MatchKey == key, cancellationToken);
            if (existing is null)
            {
                var id = Ids.New();
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"""INSERT INTO "Observables" ("Id", "Type", "Value", "MatchKey", "IsPersonalData") VALUES ({id}, {type}, {value}, {key}, {personalData}) ON CONFLICT ("Type", "MatchKey") DO NOTHING""",
                    cancellationToken);
                existing = await db.Observables.FirstAsync(o => o.Type == type && o.MatchKey == key, cancellationToken);
            }

            result.Add(existing);
        }

        return result;
    }
}
