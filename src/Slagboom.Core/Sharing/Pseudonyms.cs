using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Sharing;

/// <summary>A pseudonym an organisation has been shown for an observable; kept so that it can search by it.</summary>
public sealed class PseudonymRecord
{
    public required string OrganisationId { get; set; }
    public required string ObservableId { get; set; }
    public required string Value { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// Computes pseudonyms with the server's pseudonym key and remembers the ones shown, so that a private partner can
/// look up and search by the pseudonyms it has seen — and by nothing it has not.
/// </summary>
public sealed class Pseudonyms(AppDbContext db, KeyRing keys, TimeProvider clock)
{
    public string For(string organisationId, string type, string value) =>
        Slagboom.Domain.Sharing.Pseudonym.For(keys[KeyRing.Pseudonyms], organisationId, type, value);

    /// <summary>Pseudonyms for <paramref name="organisationId"/> of the given observables, recorded when first shown.</summary>
    public async Task<Dictionary<string, string>> ShowAsync(string organisationId, IEnumerable<Slagboom.Domain.Signals.Observable> observables, CancellationToken cancellationToken = default)
    {
        var wanted = observables.DistinctBy(o => o.Id).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var ids = wanted.Select(o => o.Id).ToList();
        var known = await db.Pseudonyms.AsNoTracking()
            .Where(p => p.OrganisationId == organisationId && ids.Contains(p.ObservableId))
            .Select(p => p.ObservableId).ToListAsync(cancellationToken);
        var result = wanted.ToDictionary(o => o.Id, o => For(organisationId, o.Type, o.Value));
        var missing = wanted.Where(o => !known.Contains(o.Id)).ToList();
        if (missing.Count > 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            db.Pseudonyms.AddRange(missing.Select(o => new PseudonymRecord { OrganisationId = organisationId, ObservableId = o.Id, Value = result[o.Id], CreatedAt = now }));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another request recorded the same pseudonym at the same moment; the value is the same.
                db.ChangeTracker.Clear();
            }
        }

        return result;
    }
}
