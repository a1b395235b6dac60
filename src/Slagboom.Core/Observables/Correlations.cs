using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Observables;

/// <summary>A value analysts chose not to correlate (a terminal's own gate phone number, a depot's placeholder container).</summary>
public sealed class CorrelationExclusion
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public required string MatchKey { get; set; }
    public required string Value { get; set; }
    public required string Reason { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The other signals that name one observable of a signal, as the viewer may see them.</summary>
public sealed record Correlation(string Type, string Value, bool Common, bool Excluded, IReadOnlyList<Sighting> Signals);

public sealed record ExclusionView(string Id, string Type, string Value, string Reason, DateTime CreatedAt);

/// <summary>
/// Correlation: per observable of a signal, the other signals naming the same value — only those the viewer may
/// see and in which the viewer receives that value (a private partner's pseudonymised values correlate only with
/// signals where it got the same pseudonym). Common values and values on the analysts' exclusion list are not
/// correlated; nothing about invisible signals is revealed, not even a count.
/// </summary>
public sealed class Correlations(AppDbContext db, Viewers viewers, Pseudonyms pseudonyms, AuditTrail audit, IConfiguration configuration, TimeProvider clock)
{
    public const int PerObservable = 20;

    public async Task<Result<IReadOnlyList<Correlation>>> ForSignalAsync(Actor actor, string signalId, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await db.VisibleSignal(viewer, signalId).AsNoTracking()
            .Include(s => s.Observables).ThenInclude(o => o.Observable)
            .FirstOrDefaultAsync(cancellationToken);
        if (signal is null)
        {
            return new NotFound("No such signal.");
        }

        var threshold = configuration.GetValue("Slagboom:Observables:CommonThreshold", Sightings.DefaultCommonThreshold);
        var clear = SharingPolicy.ReceivesInClear(viewer, signal);
        var observables = signal.Observables.OrderBy(o => o.Position).Select(o => o.Observable!).ToList();
        var shown = clear ? [] : await pseudonyms.ShowAsync(viewer.OrganisationId, observables.Where(o => o.IsPersonalData), cancellationToken);
        var excluded = (await db.CorrelationExclusions.AsNoTracking().Select(e => new { e.Type, e.MatchKey }).ToListAsync(cancellationToken))
            .Select(e => (e.Type, e.MatchKey)).ToHashSet();
        var result = new List<Correlation>();
        foreach (var observable in observables)
        {
            var value = observable.IsPersonalData && !clear ? shown[observable.Id] : observable.Value;
            var isExcluded = excluded.Contains((observable.Type, observable.MatchKey));
            var common = await Sightings.IsCommonAsync(db, observable.Id, threshold, cancellationToken);
            if (isExcluded || common)
            {
                result.Add(new Correlation(observable.Type, value, common, isExcluded, []));
                continue;
            }

            // Correlate a personal-data value only where the viewer receives it the same way as here.
            var receipt = !observable.IsPersonalData ? SightingWalks.Receipt.Any
                : clear ? SightingWalks.Receipt.InClear
                : SightingWalks.Receipt.NotInClear;
            var rows = await SightingWalks.NewestAsync(db, viewer, receipt, observable.Id, PerObservable, except: signal.Id, cancellationToken: cancellationToken);
            result.Add(new Correlation(observable.Type, value, false, false, [.. rows.Select(r => r.ToSighting())]));
        }

        return Result.Of<IReadOnlyList<Correlation>>(result);
    }

    public async Task<Result<ExclusionView>> ExcludeAsync(Actor actor, string? type, string? value, string? reason, CancellationToken cancellationToken = default)
    {
        if (!actor.Has(Role.Analyst))
        {
            return new Forbidden("Only analysts keep the exclusion list.");
        }

        var kind = IdentifierChecker.ParseType(type);
        if (kind is null)
        {
            return new Invalid("type", "Unknown observable type.");
        }

        var check = string.IsNullOrWhiteSpace(value) ? null : IdentifierChecker.Check(kind, value);
        if (check is not { Keepable: true })
        {
            return new Invalid("value", $"Not a valid {kind}: {check?.Message ?? "a value is required"}");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 300)
        {
            return new Invalid("reason", "Say why this value should not be correlated (1 to 300 characters).");
        }

        var key = check.ObservableValue!.ToLowerInvariant();
        if (await db.CorrelationExclusions.AnyAsync(e => e.Type == kind && e.MatchKey == key, cancellationToken))
        {
            return new Conflict("That value is already excluded.");
        }

        var exclusion = new CorrelationExclusion
        {
            Id = Ids.New(),
            Type = kind,
            MatchKey = key,
            Value = check.ObservableValue!,
            Reason = reason.Trim(),
            CreatedByUserId = actor.UserId ?? "",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Add(exclusion);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("correlation.exclude", $"exclusion:{exclusion.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, exclusion.Reason), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToView(exclusion);
    }

    public async Task<Result<IReadOnlyList<ExclusionView>>> ExclusionsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.Has(Role.Analyst))
        {
            return new Forbidden("Only analysts keep the exclusion list.");
        }

        var list = await db.CorrelationExclusions.AsNoTracking().OrderBy(e => e.Type).ThenBy(e => e.MatchKey).ToListAsync(cancellationToken);
        return Result.Of<IReadOnlyList<ExclusionView>>([.. list.Select(ToView)]);
    }

    public async Task<Result<string>> RemoveExclusionAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        if (!actor.Has(Role.Analyst))
        {
            return new Forbidden("Only analysts keep the exclusion list.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var removed = await db.CorrelationExclusions.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return new NotFound("No such exclusion.");
        }

        await audit.AppendAsync(new AuditEvent("correlation.include", $"exclusion:{id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    private static ExclusionView ToView(CorrelationExclusion e) => new(e.Id, e.Type, e.Value, e.Reason, e.CreatedAt);
}
