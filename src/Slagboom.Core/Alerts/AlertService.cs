using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Slagboom.Core.Hosting;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Rules;

namespace Slagboom.Core.Alerts;

/// <summary>From <c>Slagboom:Alerts:*</c>: how long an open alert absorbs new raises of its rule and key, and where the rule files are.</summary>
public sealed record AlertSettings(int DedupMinutes = 60, string? RulesFolder = null)
{
    public static AlertSettings FromConfiguration(IConfiguration? configuration)
    {
        var minutes = ConfigurationNumbers.AtLeastOne(configuration, "Slagboom:Alerts:DedupMinutes", 60);
        return new AlertSettings(minutes, configuration?["Slagboom:Alerts:RulesFolder"] is { Length: > 0 } folder ? folder : null);
    }
}

/// <summary>An alert as the control room sees it.</summary>
public sealed record AlertView(string Id, string RuleId, string Title, string Severity, string Type, string Mainport, string? Site, string Key,
    DateTime FirstAt, DateTime LastAt, int Count, string State, string? AcknowledgedBy, DateTime? AcknowledgedAt, string? AssignedTo,
    string? AssignedBy, DateTime? AssignedAt, string? ClosedBy, DateTime? ClosedAt, IReadOnlyList<string> EventIds, string? CloseReason = null);

/// <summary>
/// Stores raised alerts (deduplicated) and serves them to the control room. Who sees a mainport's alerts: members
/// and analysts of organisations that take part in that mainport (its security officers, terminals, port
/// authority, police and customs there); nobody else, and an alert outside one's mainports looks like one that
/// does not exist (404). Every state change is written to the audit trail with who and when.
/// </summary>
public sealed class AlertService(AppDbContext db, AuditTrail audit, Viewers viewers, TimeProvider clock, AlertSettings settings, AlertPromotions promotions)
{
    public const string RaiseAction = "alert.raise";
    public const string ChangeAction = "alert.change";
    public const string ReadAction = "alert.read";

    /// <summary>Stores alerts from the engine: a new alert, or one more raise of an open alert of the same rule and key.</summary>
    public Task<int> StoreAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken = default) => StoreAsync(alerts, null, cancellationToken);

    /// <summary>As <see cref="StoreAsync(IReadOnlyList{Alert}, CancellationToken)"/>, with the version of a stored rule that raised each alert (null for folder rules).</summary>
    public async Task<int> StoreAsync(IReadOnlyList<Alert> alerts, Func<Alert, int?>? versionOf, CancellationToken cancellationToken = default)
    {
        var created = 0;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        foreach (var alert in alerts)
        {
            var time = alert.Time.UtcDateTime;
            var since = time.AddMinutes(-settings.DedupMinutes);
            var open = await db.Alerts.Include(a => a.Events)
                .Where(a => a.RuleId == alert.RuleId && a.Key == alert.Key && a.Mainport == alert.Mainport && a.State != AlertStates.Closed && a.LastAt >= since)
                .OrderByDescending(a => a.LastAt).FirstOrDefaultAsync(cancellationToken);
            var eventIds = alert.EventIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (open is not null)
            {
                open.Count++;
                open.LastAt = time > open.LastAt ? time : open.LastAt;
                foreach (var id in eventIds.Where(id => !open.Events.Exists(e => e.EventId == id)))
                {
                    open.Events.Add(new AlertEvent { AlertId = open.Id, EventId = id });
                }
            }
            else
            {
                var stored = new StoredAlert
                {
                    Id = Ids.New(), RuleId = alert.RuleId, Title = alert.Title, Severity = alert.Severity.ToString().ToLowerInvariant(),
                    RuleType = alert.Type.ToString().ToLowerInvariant(), Mainport = alert.Mainport, Site = alert.Site, Key = alert.Key,
                    FirstAt = time, LastAt = time, CreatedAt = clock.GetUtcNow().UtcDateTime, RuleVersion = versionOf?.Invoke(alert),
                };
                stored.Events.AddRange(eventIds.Select(id => new AlertEvent { AlertId = stored.Id, EventId = id }));
                db.Alerts.Add(stored);
                await db.SaveChangesAsync(cancellationToken);
                await audit.AppendAsync(new AuditEvent(RaiseAction, $"alert:{stored.Id}", Purpose: $"rule {alert.RuleId}"), cancellationToken);
                await promotions.PromoteAutomaticallyAsync(stored, cancellationToken);
                created++;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return created;
    }

    /// <summary>A mainport's alerts, newest first (open ones unless <paramref name="includeClosed"/>); 404 for a mainport the caller has no part in.</summary>
    public async Task<Result<IReadOnlyList<AlertView>>> ListAsync(Actor actor, string mainport, bool includeClosed, int limit = 200, CancellationToken cancellationToken = default)
    {
        if (!await SeesAsync(actor, mainport, cancellationToken))
        {
            return new NotFound("No such mainport among yours.");
        }

        var query = db.Alerts.AsNoTracking().Include(a => a.Events).Where(a => a.Mainport == mainport);
        if (!includeClosed)
        {
            query = query.Where(a => a.State != AlertStates.Closed);
        }

        var rows = await query.OrderByDescending(a => a.LastAt).ThenByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
        return Result.Of<IReadOnlyList<AlertView>>([.. rows.Select(View)]);
    }

    /// <summary>One alert with its events' ids; the read is audited (alerts name passes and plates).</summary>
    public async Task<Result<AlertView>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var alert = await db.Alerts.AsNoTracking().Include(a => a.Events).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || !await SeesAsync(actor, alert.Mainport, cancellationToken))
        {
            return new NotFound("No such alert.");
        }

        await audit.AppendAsync(new AuditEvent(ReadAction, $"alert:{id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId), cancellationToken);
        return View(alert);
    }

    /// <summary>
    /// Acknowledge, assign (to an e-mail address or name) or close an alert (with a reason of <see cref="AlertCloseReasons"/>);
    /// who and when are kept, in the alert's history too, and audited.
    /// </summary>
    public async Task<Result<AlertView>> ChangeAsync(Actor actor, string id, string action, string? assignee, string? reason = null, CancellationToken cancellationToken = default)
    {
        var alert = await db.Alerts.Include(a => a.Events).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null || !await SeesAsync(actor, alert.Mainport, cancellationToken))
        {
            return new NotFound("No such alert.");
        }

        if (alert.State == AlertStates.Closed)
        {
            return new Conflict("The alert is closed.");
        }

        var who = actor.UserId ?? "operator";
        var now = clock.GetUtcNow().UtcDateTime;
        switch (action)
        {
            case "acknowledge":
                alert.State = AlertStates.Acknowledged;
                alert.AcknowledgedBy = who;
                alert.AcknowledgedAt = now;
                break;
            case "assign":
                if (string.IsNullOrWhiteSpace(assignee) || assignee.Length > 200)
                {
                    return new Invalid("assignee", "Say to whom (1–200 characters).");
                }

                alert.State = AlertStates.Assigned;
                alert.AssignedTo = assignee.Trim();
                alert.AssignedBy = who;
                alert.AssignedAt = now;
                alert.AcknowledgedBy ??= who;
                alert.AcknowledgedAt ??= now;
                break;
            case "close":
                if (reason is null || !AlertCloseReasons.All.Contains(reason.Trim().ToLowerInvariant()))
                {
                    return new Invalid("reason", $"Say why it is closed: one of {string.Join(", ", AlertCloseReasons.All)}.");
                }

                alert.State = AlertStates.Closed;
                alert.CloseReason = reason.Trim().ToLowerInvariant();
                alert.ClosedBy = who;
                alert.ClosedAt = now;
                break;
            default:
                return new Invalid("action", "Expected acknowledge, assign or close.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.Set<AlertHistoryEntry>().Add(new AlertHistoryEntry
        {
            AlertId = alert.Id, At = now, Action = action, ByUserId = actor.UserId,
            Detail = action == "assign" ? alert.AssignedTo : action == "close" ? alert.CloseReason : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(ChangeAction, $"alert:{id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId,
            Purpose: action == "close" ? $"close: {alert.CloseReason}" : action), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(alert);
    }

    internal async Task<bool> SeesAsync(Actor actor, string mainport, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        return viewer.SeesContent && viewer.Mainports.Contains(mainport);
    }

    internal static AlertView View(StoredAlert a) => new(a.Id, a.RuleId, a.Title, a.Severity, a.RuleType, a.Mainport, a.Site, a.Key, a.FirstAt, a.LastAt,
        a.Count, a.State, a.AcknowledgedBy, a.AcknowledgedAt, a.AssignedTo, a.AssignedBy, a.AssignedAt, a.ClosedBy, a.ClosedAt,
        [.. a.Events.Select(e => e.EventId).Order(StringComparer.Ordinal)], a.CloseReason);
}
