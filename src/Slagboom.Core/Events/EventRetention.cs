using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Retention;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Events;

/// <summary>What one event retention run deleted.</summary>
public sealed record EventRetentionRun(IReadOnlyDictionary<EventKind, int> Events, int DeadLetters)
{
    public int Total => Events.Values.Sum() + DeadLetters;
}

/// <summary>
/// Deletes barrier events older than their kind's retention period (<see cref="EventSettings"/>: ANPR 28 days) by
/// the time they happened, with their keys, and dead letters older than their period by the time they arrived.
/// Runs with the retention schedule; one audit entry per kind and run that deleted something (events are too many
/// for an entry each). Deletes in slices so that a long backlog does not hold one huge transaction.
/// </summary>
public sealed class EventRetention(AppDbContext db, AuditTrail audit, TimeProvider clock, EventSettings settings, ILogger<EventRetention> logger) : IRetentionStep
{
    public const string DeleteAction = "retention.delete-events";
    private const int Slice = 5000;

    async Task<int> IRetentionStep.RunOnceAsync(CancellationToken cancellationToken) => (await RunOnceAsync(cancellationToken)).Total;

    public async Task<EventRetentionRun> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deleted = new Dictionary<EventKind, int>();
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            var cutoff = now.AddDays(-settings.DaysFor(kind));
            var count = 0;
            while (true)
            {
                await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
                var ids = await db.Events.AsNoTracking().Where(e => e.Kind == kind && e.Time < cutoff)
                    .OrderBy(e => e.Id).Select(e => e.Id).Take(Slice).ToListAsync(cancellationToken);
                if (ids.Count == 0)
                {
                    break;
                }

                await db.EventKeys.Where(k => ids.Contains(k.EventId)).ExecuteDeleteAsync(cancellationToken);
                var gone = await db.Events.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
                count += gone;
                await audit.AppendAsync(new AuditEvent(DeleteAction, $"events:{EventJson.Word(kind)}", Purpose: $"deleted {gone} event(s) before {cutoff:O}"), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                if (ids.Count < Slice)
                {
                    break;
                }
            }

            deleted[kind] = count;
        }

        var deadCutoff = now.AddDays(-settings.DeadLetterDays);
        var dead = await db.EventDeadLetters.Where(d => d.ReceivedAt < deadCutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted.Values.Sum() + dead > 0)
        {
            logger.LogInformation("Event retention deleted {Events} event(s) and {DeadLetters} dead letter(s)", deleted.Values.Sum(), dead);
        }

        return new EventRetentionRun(deleted, dead);
    }
}
