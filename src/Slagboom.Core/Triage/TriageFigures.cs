using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Reports;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Mainports;

namespace Slagboom.Core.Triage;

/// <summary>Reports received in one ISO week (Monday to Sunday, Amsterdam time), per channel.</summary>
public sealed record WeekCount(int Year, int Week, DateOnly Monday, int Anonymous, int Staff)
{
    public string Label => $"{Year}-W{Week:00}";
}

/// <summary>
/// The reporting figures of a mainport. <see cref="Detailed"/> (analysts of a receiving organisation): counts per
/// channel and week and the medians. Everyone else: only the twelve-week totals and the medians, each left out
/// (null) when fewer than <see cref="TriageFigures.MinimumGroup"/> reports stand behind it, so that nobody can tell
/// from a weekly count of one that a colleague reported.
/// </summary>
public sealed record ReportFigures(
    string Mainport,
    bool Detailed,
    IReadOnlyList<WeekCount> Weeks,
    int? AnonymousTotal,
    int? StaffTotal,
    double? MedianHoursToTriage,
    int TriagedCount,
    double? MedianHoursToFirstAction,
    int ActedCount);

/// <summary>
/// Figures for the mainport home page, over the current ISO week and the eleven before it (Amsterdam time):
/// reports received per channel and week; median time from receipt to the first triage action; median time from
/// receipt to the first action (the first analyst message to the reporter, or the signal made of it).
/// </summary>
public sealed class TriageFigures(AppDbContext db, TimeProvider clock)
{
    public const int Weeks = 12;
    public const int MinimumGroup = 5;
    public const string ReportSignalAction = "report.signal";

    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public async Task<ReportFigures?> ForMainportAsync(Actor actor, string? mainport, CancellationToken cancellationToken = default)
    {
        var code = MainportCode.Parse(mainport);
        if (code is null)
        {
            return null;
        }

        var detailed = actor.Has(Role.Analyst) && actor.OrganisationId is { } organisation
            && await db.ReceivingOrganisations.AnyAsync(r => r.MainportCode == code && r.OrganisationId == organisation, cancellationToken);

        var nowLocal = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Amsterdam);
        var thisMonday = DateOnly.FromDateTime(nowLocal.Date).AddDays(-(((int)nowLocal.DayOfWeek + 6) % 7));
        var firstMonday = thisMonday.AddDays(-7 * (Weeks - 1));
        var from = TimeZoneInfo.ConvertTimeToUtc(firstMonday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Amsterdam);

        var received = await db.Reports.AsNoTracking().Where(r => r.Mainport == code && r.CreatedAt >= from)
            .Select(r => new { r.Id, r.Channel, r.CreatedAt }).ToListAsync(cancellationToken);
        var ids = received.Select(r => r.Id).ToList();

        var weeks = Enumerable.Range(0, Weeks).Select(i =>
        {
            var monday = firstMonday.AddDays(7 * i);
            var inWeek = received.Where(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(r.CreatedAt, Amsterdam)) is var d && d >= monday && d < monday.AddDays(7)).ToList();
            var thursday = monday.AddDays(3).ToDateTime(TimeOnly.MinValue);
            return new WeekCount(ISOWeek.GetYear(thursday), ISOWeek.GetWeekOfYear(thursday), monday,
                inWeek.Count(r => r.Channel == ReportChannel.Anonymous), inWeek.Count(r => r.Channel == ReportChannel.Staff));
        }).ToList();

        var triaged = await db.TriageRecords.AsNoTracking()
            .Where(t => (t.Channel == TriageChannel.Anonymous || t.Channel == TriageChannel.Staff) && ids.Contains(t.SourceId))
            .Select(t => new { t.SourceId, t.FirstActionAt, t.SignalAt }).ToListAsync(cancellationToken);
        var messages = await db.ReportMessages.AsNoTracking().Where(m => ids.Contains(m.ReportId) && m.From == MessageFrom.Analyst)
            .GroupBy(m => m.ReportId).Select(g => new { ReportId = g.Key, First = g.Min(m => m.At) }).ToListAsync(cancellationToken);
        // A signal made on the report page (not through triage) is known from its audit entry.
        var subjects = ids.Select(id => "report:" + id).ToList();
        var signalled = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == ReportSignalAction && e.Outcome == "ok" && e.Subject != null && subjects.Contains(e.Subject))
            .GroupBy(e => e.Subject).Select(g => new { Subject = g.Key, First = g.Min(e => e.At) }).ToListAsync(cancellationToken);

        var receivedAt = received.ToDictionary(r => r.Id, r => r.CreatedAt);
        var toTriage = triaged.Select(t => (t.FirstActionAt - receivedAt[t.SourceId]).TotalHours).ToList();
        var firstAction = new Dictionary<string, DateTime>();
        void Offer(string id, DateTime? at)
        {
            if (at is { } value && (!firstAction.TryGetValue(id, out var known) || value < known))
            {
                firstAction[id] = value;
            }
        }

        foreach (var t in triaged)
        {
            Offer(t.SourceId, t.SignalAt);
        }

        foreach (var m in messages)
        {
            Offer(m.ReportId, m.First);
        }

        foreach (var s in signalled)
        {
            Offer(s.Subject!["report:".Length..], s.First);
        }

        var toAction = firstAction.Select(f => (f.Value - receivedAt[f.Key]).TotalHours).ToList();
        var anonymous = received.Count(r => r.Channel == ReportChannel.Anonymous);
        var staff = received.Count(r => r.Channel == ReportChannel.Staff);
        if (detailed)
        {
            return new ReportFigures(code, true, weeks, anonymous, staff, Median(toTriage), toTriage.Count, Median(toAction), toAction.Count);
        }

        return new ReportFigures(code, false, [], Suppress(anonymous), Suppress(staff),
            toTriage.Count >= MinimumGroup ? Median(toTriage) : null, toTriage.Count,
            toAction.Count >= MinimumGroup ? Median(toAction) : null, toAction.Count);
    }

    /// <summary>The median: the middle value, or the mean of the two middle values; null for no values.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int? Suppress(int count) => count >= MinimumGroup ? count : null;
}
