using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Core.Triage;
using Slagboom.Domain.Accounts;

namespace Slagboom.Core.Alerts;

/// <summary>
/// Promoted alerts in the triage inbox (channel <c>alert</c>). Who sees them: analysts of organisations that take
/// part in the alert's mainport — the same organisations whose members see the alert in the control room. Turning
/// one into a signal makes a signal of the analyst's organisation from the alert (title, first time, a line naming
/// the alert) with the observables of the item.
/// </summary>
public sealed class AlertTriageSource(AppDbContext db, Viewers viewers, SignalService signals) : ITriageSource
{
    public IReadOnlyList<string> Channels { get; } = [TriageChannel.Alert];

    public async Task<IReadOnlyList<SourceItem>> ListAsync(Actor actor, InboxFilter filter, int limit, CancellationToken cancellationToken)
    {
        var items = InboxQueries.Filter(db, await PromotedAsync(actor, cancellationToken), filter);
        return await items.OrderByDescending(i => i.ReceivedAt).ThenByDescending(i => i.SourceId).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<SourceItem?> FindAsync(Actor actor, string channel, string sourceId, CancellationToken cancellationToken) =>
        channel != TriageChannel.Alert ? null
            : await (await PromotedAsync(actor, cancellationToken)).FirstOrDefaultAsync(i => i.SourceId == sourceId, cancellationToken);

    public async Task<Result<string>> ToSignalAsync(Actor actor, SourceItem item, SignalInput input, CancellationToken cancellationToken)
    {
        var alert = await db.Alerts.AsNoTracking().FirstAsync(a => a.Id == item.SourceId, cancellationToken);
        var reference = $"Alert {alert.Id} ({alert.RuleId}: {alert.Title}; {alert.Count}x, {alert.Site ?? alert.Mainport}).";
        var made = await signals.CreateAsync(actor, input with
        {
            Title = string.IsNullOrWhiteSpace(input.Title) ? Cut(alert.Title, 200) : input.Title,
            Description = string.IsNullOrWhiteSpace(input.Description) ? reference : $"{input.Description}\n\n{reference}",
            OccurredAt = input.OccurredAt ?? new DateTimeOffset(alert.FirstAt, TimeSpan.Zero),
            Location = string.IsNullOrWhiteSpace(input.Location) ? alert.Site : input.Location,
        }, cancellationToken);
        return made.Ok ? made.Value!.Id : made.Error!;
    }

    private async Task<IQueryable<SourceItem>> PromotedAsync(Actor actor, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        string[] mainports = actor.Has(Role.Analyst) && viewer.SeesContent ? [.. viewer.Mainports] : [];
        return from p in db.Set<AlertPromotion>()
               join a in db.Alerts on p.AlertId equals a.Id
               where mainports.Contains(a.Mainport)
               select new SourceItem { Channel = TriageChannel.Alert, SourceId = a.Id, Mainport = a.Mainport, ReceivedAt = p.PromotedAt, SignalId = null };
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}

public static class AlertControlRoomServices
{
    /// <summary>The control room's services beside <see cref="AlertService"/>: promotion and its settings, the live board.</summary>
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(provider => AlertTriageSettings.FromConfiguration(provider.GetService<IConfiguration>()));
        services.AddScoped<AlertPromotions>();
        services.AddScoped<AlertBoard>();
    }
}
