using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Events;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Core.Triage;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Alerts;

/// <summary>
/// From <c>Slagboom:Alerts:*</c>: from which severity an alert goes to the triage inbox by itself
/// (<c>TriageSeverity</c>: <c>low</c>, <c>medium</c>, <c>high</c> (default), <c>critical</c> or <c>none</c>), and which
/// ANPR candidates besides the best one a promotion takes over (<c>PromotePlateConfidence</c>, 0–1, default 0.5).
/// </summary>
public sealed record AlertTriageSettings(string? AutomaticFrom = "high", double PlateConfidence = 0.5)
{
    public static IReadOnlyList<string> Severities { get; } = ["low", "medium", "high", "critical"];

    public static AlertTriageSettings FromConfiguration(IConfiguration? configuration)
    {
        var severity = configuration?["Slagboom:Alerts:TriageSeverity"]?.Trim().ToLowerInvariant();
        if (severity is { Length: > 0 } && severity != "none" && !Severities.Contains(severity))
        {
            throw new InvalidOperationException($"Slagboom:Alerts:TriageSeverity must be one of {string.Join(", ", Severities)} or none, not '{severity}'.");
        }

        var confidence = 0.5;
        if (configuration?["Slagboom:Alerts:PromotePlateConfidence"] is { Length: > 0 } text
            && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out confidence) || confidence is < 0 or > 1))
        {
            throw new InvalidOperationException($"Slagboom:Alerts:PromotePlateConfidence must be a number from 0 to 1, not '{text}'.");
        }

        return new AlertTriageSettings(severity is null or { Length: 0 } ? "high" : severity == "none" ? null : severity, confidence);
    }

    /// <summary>0 for low up to 3 for critical; -1 for anything else.</summary>
    public static int Rank(string? severity) => severity is null ? -1 : Severities.ToList().IndexOf(severity);

    /// <summary>True when an alert of <paramref name="severity"/> goes to the inbox without anyone promoting it.</summary>
    public bool Automatic(string severity) => AutomaticFrom is not null && Rank(severity) >= Rank(AutomaticFrom);
}

/// <summary>What a promotion made: the observables taken over and what was refused, with the reason.</summary>
public sealed record AlertPromotionView(string AlertId, DateTime PromotedAt, string? PromotedByUserId, IReadOnlyList<ObservableView> Observables, IReadOnlyList<string> Refused);

/// <summary>
/// Promotes an alert to the analysts' triage inbox (channel <c>alert</c>): a triage item carrying the observables
/// found in the alert's events — passes, plates (the best ANPR candidate and every other one at or above
/// <see cref="AlertTriageSettings.PlateConfidence"/>), container numbers, carrier EANs, driver cards — each checked
/// by the identifier checker as a signal's observables are; one that fails is listed as refused with the reason.
/// An alert is promoted at most once; the promotion, with who and when, is in its history and the audit trail.
/// </summary>
public sealed class AlertPromotions(AppDbContext db, AuditTrail audit, Viewers viewers, TimeProvider clock, AlertTriageSettings settings)
{
    public const string PromoteAction = "alert.promote";

    /// <summary>At most this many of an alert's events are read for observables (the newest); floods repeat the same values.</summary>
    public const int MaxEventsRead = 500;

    /// <summary>Promotes a visible alert, adding <paramref name="extra"/> observables the operator typed; 409 when already promoted.</summary>
    public async Task<Result<AlertPromotionView>> PromoteAsync(Actor actor, string id, IReadOnlyList<ObservableInput>? extra = null, CancellationToken cancellationToken = default)
    {
        var alert = await db.Alerts.Include(a => a.Events).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || !await SeesAsync(actor, alert.Mainport, cancellationToken))
        {
            await audit.AppendAsync(new AuditEvent(PromoteAction, $"alert:{Cut(id)}", AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such alert.");
        }

        if (await db.Set<AlertPromotion>().AnyAsync(p => p.AlertId == id, cancellationToken))
        {
            return new Conflict("This alert has already been promoted to the triage inbox.");
        }

        if (extra is { Count: > TriageService.MaxObservables })
        {
            return new Invalid("observables", $"At most {TriageService.MaxObservables} observables.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        AlertPromotionView made;
        try
        {
            made = await PromoteCoreAsync(alert, actor.UserId, actor.OrganisationId, extra ?? [], cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two operators pressed at once: the alert's id is the promotion's key, so the second one loses.
            return new Conflict("This alert has already been promoted to the triage inbox.");
        }

        await transaction.CommitAsync(cancellationToken);
        return made;
    }

    /// <summary>Called for a newly stored alert inside the storing transaction: promotes it when its severity says so.</summary>
    internal async Task PromoteAutomaticallyAsync(StoredAlert alert, CancellationToken cancellationToken)
    {
        if (settings.Automatic(alert.Severity))
        {
            await PromoteCoreAsync(alert, null, null, [], cancellationToken);
        }
    }

    /// <summary>The promotion of an alert, when it has one.</summary>
    public async Task<AlertPromotionView?> FindAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var promotion = await db.Set<AlertPromotion>().AsNoTracking().FirstOrDefaultAsync(p => p.AlertId == alertId, cancellationToken);
        if (promotion is null)
        {
            return null;
        }

        var record = await db.TriageRecords.AsNoTracking().Include(r => r.Observables)
            .FirstOrDefaultAsync(r => r.Channel == TriageChannel.Alert && r.SourceId == alertId, cancellationToken);
        return new AlertPromotionView(alertId, promotion.PromotedAt, promotion.PromotedByUserId,
            [.. (record?.Observables ?? []).OrderBy(o => o.Position).Select(o => new ObservableView(o.Type, o.Value))], Lines(promotion.Refused));
    }

    /// <summary>
    /// The observables of events, checked: the accepted ones (normalised, without repeats) and the refused ones as
    /// <c>type value: reason</c>. Typed extras come first, then the events' values in the events' order.
    /// </summary>
    public static (List<(string Type, string Value)> Accepted, List<string> Refused) Extract(IEnumerable<BarrierEvent> events, IReadOnlyList<ObservableInput> extra, double plateConfidence)
    {
        var wanted = new List<(string? Type, string? Value)>();
        wanted.AddRange(extra.Where(o => o is not null && !(string.IsNullOrWhiteSpace(o.Type) && string.IsNullOrWhiteSpace(o.Value))).Select(o => (o.Type, o.Value)));
        foreach (var e in events)
        {
            switch (e)
            {
                case AccessEvent access:
                    wanted.Add(("pass", access.Pass));
                    break;
                case AnprEvent anpr:
                    wanted.AddRange(anpr.Candidates.Where((c, i) => i == 0 || c.Confidence >= plateConfidence).Select(c => Plate(c.Plate)));
                    break;
                case GateEvent gate:
                    wanted.AddRange(gate.Containers.Select(c => ((string?)"container", (string?)c)));
                    if (gate.Plate is not null)
                    {
                        wanted.Add(Plate(gate.Plate));
                    }

                    if (gate.CarrierEan is not null)
                    {
                        wanted.Add(("ean", gate.CarrierEan));
                    }

                    if (gate.DriverCard is not null)
                    {
                        wanted.Add(("xs-id", gate.DriverCard));
                    }

                    break;
            }
        }

        var accepted = new List<(string Type, string Value)>();
        var refused = new List<string>();
        foreach (var (type, value) in wanted)
        {
            var check = ObservableCatalogue.Normalize(type, value);
            if (check.Error is not null)
            {
                var line = $"{type} {value}: {check.Error}";
                if (!refused.Contains(line, StringComparer.Ordinal))
                {
                    refused.Add(line);
                }
            }
            else if (!accepted.Any(a => a.Type == check.Type && string.Equals(a.Value, check.Value, StringComparison.OrdinalIgnoreCase)))
            {
                if (accepted.Count >= TriageService.MaxObservables)
                {
                    refused.Add($"{check.Type} {check.Value}: more than {TriageService.MaxObservables} observables; not taken over.");
                    continue;
                }

                accepted.Add((check.Type!, check.Value!));
            }
        }

        return (accepted, refused);
    }

    /// <summary>The events behind an alert as stored, newest first, at most <paramref name="limit"/>; parsed back into typed events.</summary>
    public async Task<List<(StoredEvent Row, BarrierEvent? Event)>> EventsOfAsync(StoredAlert alert, int limit, CancellationToken cancellationToken)
    {
        var ids = alert.Events.Select(e => e.EventId).ToList();
        var rows = await db.Events.AsNoTracking().Where(e => e.Mainport == alert.Mainport && ids.Contains(e.EventId))
            .OrderByDescending(e => e.Time).ThenByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);
        var parser = new EventParser();
        return [.. rows.Select(r => (r, parser.Parse(EventJson.Full(r)).Event))];
    }

    private async Task<AlertPromotionView> PromoteCoreAsync(StoredAlert alert, string? userId, string? organisationId, IReadOnlyList<ObservableInput> extra, CancellationToken cancellationToken)
    {
        var events = await EventsOfAsync(alert, MaxEventsRead, cancellationToken);
        var (accepted, refused) = Extract(events.Select(e => e.Event).OfType<BarrierEvent>(), extra, settings.PlateConfidence);
        var now = clock.GetUtcNow().UtcDateTime;
        var promotion = new AlertPromotion { AlertId = alert.Id, PromotedAt = now, PromotedByUserId = userId, OrganisationId = organisationId, Refused = string.Join('\n', refused) };
        var record = new TriageRecord
        {
            Id = Ids.New(),
            Channel = TriageChannel.Alert,
            SourceId = alert.Id,
            Mainport = alert.Mainport,
            ReceivedAt = now,
            State = TriageState.New,
            Priority = alert.Severity switch { "critical" => TriagePriority.Urgent, "high" => TriagePriority.High, "low" => TriagePriority.Low, _ => TriagePriority.Normal },
            FirstActionAt = now,
            UpdatedAt = now,
            OrganisationId = organisationId ?? "",
        };
        record.Observables.AddRange(accepted.Select((o, i) => new TriageObservable { TriageRecordId = record.Id, Position = i, Type = o.Type, Value = o.Value }));
        db.Set<AlertPromotion>().Add(promotion);
        db.TriageRecords.Add(record);
        db.Set<AlertHistoryEntry>().Add(new AlertHistoryEntry
        {
            AlertId = alert.Id, At = now, Action = "promote", ByUserId = userId,
            Detail = refused.Count == 0 ? null : Cut(string.Join("; ", refused), 2000),
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(PromoteAction, $"alert:{alert.Id}", AuditOutcome.Ok, userId, organisationId,
            Purpose: userId is null ? $"automatic: severity {alert.Severity}" : null, Recipients: $"triage:alert:{alert.Id}"), cancellationToken);
        return new AlertPromotionView(alert.Id, now, userId, [.. accepted.Select(o => new ObservableView(o.Type, o.Value))], refused);
    }

    /// <summary>Events write plates as <c>CC:CHARACTERS</c>: Dutch ones are checked as <c>plate-nl</c>, others as <c>plate</c>; a plate without a country can only be a Dutch one.</summary>
    private static (string? Type, string? Value) Plate(string plate) =>
        plate.StartsWith("NL:", StringComparison.OrdinalIgnoreCase) ? ("plate-nl", plate[3..])
        : plate.Contains(':', StringComparison.Ordinal) ? ("plate", plate)
        : ("plate-nl", plate);

    private async Task<bool> SeesAsync(Actor actor, string mainport, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        return viewer.SeesContent && viewer.Mainports.Contains(mainport);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static string Cut(string text, int length = 64) => text.Length <= length ? text : text[..length];
}
