using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Events;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Alerts;

/// <summary>One line of the control room's list: no key and no event content, so the list names no pass or plate.</summary>
public sealed record AlertRow(string Id, string RuleId, string Title, string Severity, string Mainport, string? Site, DateTime FirstAt, DateTime LastAt,
    int Count, string State, string? StateBy, DateTime? StateAt, string? AssignedTo, string? CloseReason, bool Promoted, DateTime CreatedAt);

/// <summary>A page of the list, newest activity first; <see cref="Next"/> continues after the last line.</summary>
public sealed record AlertPage(IReadOnlyList<AlertRow> Items, string? Next, DateTime Now);

/// <summary>One event behind an alert as the detail shows it: the common fields and the kind's own, by name.</summary>
public sealed record AlertEventLine(string EventId, string Kind, DateTime Time, string? Site, string Source, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>One step of an alert's history.</summary>
public sealed record AlertHistoryLine(DateTime At, string Action, string? By, string? Detail);

/// <summary>An alert with what the detail page shows.</summary>
public sealed record AlertDetail(AlertView Alert, AlertRow Row, IReadOnlyList<AlertEventLine> Events, int EventCount, IReadOnlyList<AlertHistoryLine> History,
    AlertPromotionView? Promotion, string? PromotedBy);

/// <summary>
/// The control room's view of alerts (the page <c>/alerts</c> and its JSON feed): a mainport's alerts filtered by
/// status and severity, in keyset pages (newest activity first), and one alert with its events and history. The same
/// rule as <see cref="AlertService"/>: members and analysts of organisations in the mainport, 404 for anyone else.
/// </summary>
public sealed class AlertBoard(AppDbContext db, AlertService alerts, AlertPromotions promotions, Viewers viewers, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxEventsShown = 200;

    /// <summary>Status filters: one state, <c>open</c> (everything not closed, the default) or <c>all</c>.</summary>
    public static IReadOnlyList<string> StatusFilters { get; } = ["open", AlertStates.New, AlertStates.Acknowledged, AlertStates.Assigned, AlertStates.Closed, "all"];

    /// <summary>The mainports whose alerts the actor sees, in order.</summary>
    public async Task<IReadOnlyList<string>> MainportsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        return viewer.SeesContent ? [.. viewer.Mainports.Order(StringComparer.Ordinal)] : [];
    }

    public async Task<Result<AlertPage>> PageAsync(Actor actor, string? mainport, string? status, string? severity, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        var code = mainport?.Trim().ToUpperInvariant() ?? "";
        if (!await alerts.SeesAsync(actor, code, cancellationToken))
        {
            return new NotFound("No such mainport among yours.");
        }

        var errors = new FieldErrors();
        var state = string.IsNullOrWhiteSpace(status) ? "open" : status.Trim().ToLowerInvariant();
        if (!StatusFilters.Contains(state))
        {
            errors.Add("status", $"A status is one of {string.Join(", ", StatusFilters)}.");
        }

        var level = string.IsNullOrWhiteSpace(severity) ? null : severity.Trim().ToLowerInvariant();
        if (level is not null && !AlertTriageSettings.Severities.Contains(level))
        {
            errors.Add("severity", $"A severity is one of {string.Join(", ", AlertTriageSettings.Severities)}.");
        }

        var after = ParseCursor(cursor);
        if (!string.IsNullOrEmpty(cursor) && after is null)
        {
            errors.Add("cursor", "Not a cursor of this list; start again from the first page.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        var query = db.Alerts.AsNoTracking().Where(a => a.Mainport == code);
        query = state switch
        {
            "open" => query.Where(a => a.State != AlertStates.Closed),
            "all" => query,
            _ => query.Where(a => a.State == state),
        };
        if (level is not null)
        {
            query = query.Where(a => a.Severity == level);
        }

        if (after is { } key)
        {
            query = query.Where(a => a.LastAt < key.At || (a.LastAt == key.At && a.Id.CompareTo(key.Id) < 0));
        }

        var size = Math.Clamp(limit ?? DefaultPageSize, 1, MaxPageSize);
        var rows = await query.OrderByDescending(a => a.LastAt).ThenByDescending(a => a.Id).Take(size + 1).ToListAsync(cancellationToken);
        var more = rows.Count > size;
        rows = [.. rows.Take(size)];
        var ids = rows.Select(r => r.Id).ToList();
        var promoted = await db.Set<AlertPromotion>().Where(p => ids.Contains(p.AlertId)).Select(p => p.AlertId).ToListAsync(cancellationToken);
        var names = await NamesAsync(rows.SelectMany(r => new[] { r.AcknowledgedBy, r.AssignedBy, r.ClosedBy }), cancellationToken);
        var items = rows.Select(r => Row(r, promoted.Contains(r.Id), names)).ToList();
        var next = more ? Cursor(rows[^1]) : null;
        return new AlertPage(items, next, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>One alert with its events (the newest <see cref="MaxEventsShown"/>), its history and its promotion; the read is audited.</summary>
    public async Task<Result<AlertDetail>> DetailAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var view = await alerts.GetAsync(actor, id, cancellationToken);
        if (!view.Ok)
        {
            return view.Error!;
        }

        var alert = await db.Alerts.AsNoTracking().Include(a => a.Events).FirstAsync(a => a.Id == id, cancellationToken);
        var events = await promotions.EventsOfAsync(alert, MaxEventsShown, cancellationToken);
        var history = await db.Set<AlertHistoryEntry>().AsNoTracking().Where(h => h.AlertId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
        var promotion = await promotions.FindAsync(id, cancellationToken);
        var names = await NamesAsync([alert.AcknowledgedBy, alert.AssignedBy, alert.ClosedBy, promotion?.PromotedByUserId, .. history.Select(h => h.ByUserId)], cancellationToken);
        return new AlertDetail(view.Value!, Row(alert, promotion is not null, names), [.. events.Select(e => Line(e.Row, e.Event))], alert.Events.Count,
            [.. history.Select(h => new AlertHistoryLine(h.At, h.Action, Name(h.ByUserId, names), h.Detail))],
            promotion, promotion is null ? null : Name(promotion.PromotedByUserId, names));
    }

    /// <summary>Whom an alert may be assigned to: the actor's colleagues (by e-mail) and the organisations of the mainport (by name).</summary>
    public async Task<IReadOnlyList<string>> AssigneesAsync(Actor actor, string mainport, CancellationToken cancellationToken = default)
    {
        var colleagues = actor.OrganisationId is null ? []
            : await db.Users.AsNoTracking().Where(u => u.OrganisationId == actor.OrganisationId && !u.IsDisabled && u.Email != null)
                .OrderBy(u => u.Email).Select(u => u.Email!).Take(200).ToListAsync(cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().Where(o => o.Mainports.Any(m => m.MainportCode == mainport))
            .OrderBy(o => o.Name).Select(o => o.Name).Take(200).ToListAsync(cancellationToken);
        return [.. colleagues.Concat(organisations).Where(n => n.Length <= 200).Distinct(StringComparer.Ordinal)];
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0 ? []
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
    }

    private static string? Name(string? userId, Dictionary<string, string> names) => userId is null ? null : names.GetValueOrDefault(userId, userId);

    private static AlertRow Row(StoredAlert a, bool promoted, Dictionary<string, string> names)
    {
        var (by, at) = a.State switch
        {
            AlertStates.Acknowledged => (a.AcknowledgedBy, a.AcknowledgedAt),
            AlertStates.Assigned => (a.AssignedBy, a.AssignedAt),
            AlertStates.Closed => (a.ClosedBy, a.ClosedAt),
            _ => (null, (DateTime?)null),
        };
        return new AlertRow(a.Id, a.RuleId, a.Title, a.Severity, a.Mainport, a.Site, a.FirstAt, a.LastAt, a.Count, a.State, Name(by, names), at,
            a.AssignedTo, a.CloseReason, promoted, a.CreatedAt);
    }

    private static AlertEventLine Line(StoredEvent row, BarrierEvent? e)
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields.Add(new(name, value));
            }
        }

        static string N(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        switch (e)
        {
            case AccessEvent a:
                Add("pass", a.Pass);
                Add("reader", a.Reader);
                Add("zone", a.Zone);
                Add("granted", a.Granted ? "true" : "false");
                Add("reason", a.Reason);
                Add("method", a.Method.ToString().ToLowerInvariant());
                break;
            case AnprEvent a:
                Add("camera", a.Camera);
                Add("direction", a.Direction.ToString().ToLowerInvariant());
                Add("country", a.Country);
                Add("plate", a.Candidates[0].Plate);
                Add("candidates", string.Join(", ", a.Candidates.Select(c => $"{c.Plate} ({N(c.Confidence)})")));
                break;
            case VideoEvent v:
                Add("camera", v.Camera);
                Add("label", v.Label.ToString().ToLowerInvariant());
                Add("zones", string.Join(", ", v.Zones));
                Add("score", N(v.Score));
                Add("phase", v.Phase.ToString().ToLowerInvariant());
                Add("track", v.Track);
                break;
            case FenceEvent f:
                Add("sensor", f.Sensor);
                Add("zone", f.Zone);
                Add("alarm", f.Alarm.ToString().ToLowerInvariant());
                break;
            case GateEvent g:
                Add("gate", g.Gate);
                Add("direction", g.Direction.ToString().ToLowerInvariant());
                Add("containers", string.Join(", ", g.Containers));
                Add("plate", g.Plate);
                Add("carrierEan", g.CarrierEan);
                Add("driverCard", g.DriverCard);
                Add("visit", g.Visit);
                break;
        }

        return new AlertEventLine(row.EventId, row.Kind.ToString().ToLowerInvariant(), row.Time, row.Site, row.Source, fields);
    }

    private static string Cursor(StoredAlert last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.LastAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTime At, string Id)? ParseCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 200)
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks && parts[1].Length is > 0 and <= 32
                ? (new DateTime(ticks, DateTimeKind.Utc), parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
