using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Domain.Accounts;

namespace Slagboom.Core.Notifications;

public sealed record NotificationView(string Id, string Kind, string TaskId, string? CaseId, DateTime At, bool Read);

/// <summary>
/// In-app notifications (and, when SMTP is configured, an e-mail pointing to them) for the members and analysts of
/// an organisation. Only those two roles see cases and tasks, so only they are notified.
/// </summary>
public sealed class Notifications(AppDbContext db, NotificationMail mail, TimeProvider clock)
{
    public const int MaxListed = 100;

    /// <summary>
    /// Adds a notification for every active member and analyst of <paramref name="organisationId"/> to the current
    /// unit of work, and returns the e-mails to send once it has committed.
    /// </summary>
    public async Task<IReadOnlyList<OutgoingMail>> AddForOrganisationAsync(string organisationId, string kind, string taskId, string? caseId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var contentRoles = Role.Content.ToList();
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId && !u.IsDisabled)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && contentRoles.Contains(r.Name!))))
            .Select(u => new { u.Id, u.Email })
            .ToListAsync(cancellationToken);
        foreach (var user in recipients)
        {
            db.Add(new Notification { Id = Ids.New(), UserId = user.Id, Kind = kind, TaskId = taskId, CaseId = caseId, At = now });
        }

        if (!mail.Enabled)
        {
            return [];
        }

        var (subject, path) = kind switch
        {
            NotificationKinds.TaskAssigned => ("Slagboom: nieuwe taak voor uw organisatie / new task for your organisation", $"/tasks/{taskId}"),
            NotificationKinds.TaskUpdated => ("Slagboom: een taak in uw casus is bijgewerkt / a task in your case was updated", $"/cases/{caseId}"),
            NotificationKinds.TaskDueSoon => ("Slagboom: een taak verloopt binnenkort / a task is due soon", $"/tasks/{taskId}"),
            _ => ("Slagboom: een taak is over de einddatum / a task is overdue", $"/tasks/{taskId}"),
        };
        var body = $"Er staat een melding voor u klaar in Slagboom. / There is a notification for you in Slagboom.\n\n{mail.Link(path)}\n\n" +
            "Deze e-mail bevat bewust geen inhoud; lees die in Slagboom. / This e-mail deliberately carries no content; read it in Slagboom.\n";
        return [.. recipients.Where(r => !string.IsNullOrEmpty(r.Email)).Select(r => new OutgoingMail(r.Email!, subject, body))];
    }

    public Task<int> UnreadCountAsync(Actor actor, CancellationToken cancellationToken = default) =>
        actor.UserId is null
            ? Task.FromResult(0)
            : db.Set<Notification>().CountAsync(n => n.UserId == actor.UserId && n.ReadAt == null, cancellationToken);

    /// <summary>The user's latest notifications, newest first.</summary>
    public async Task<IReadOnlyList<NotificationView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.UserId is null)
        {
            return [];
        }

        var rows = await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == actor.UserId)
            .OrderByDescending(n => n.At).ThenByDescending(n => n.Id).Take(MaxListed).ToListAsync(cancellationToken);
        return [.. rows.Select(n => new NotificationView(n.Id, n.Kind, n.TaskId, n.CaseId, n.At, n.ReadAt is not null))];
    }

    /// <summary>Marks one of the user's notifications read (false when the user has none with that id), or all when <paramref name="id"/> is null.</summary>
    public async Task<bool> MarkReadAsync(Actor actor, string? id, CancellationToken cancellationToken = default)
    {
        if (actor.UserId is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Set<Notification>().Where(n => n.UserId == actor.UserId && n.ReadAt == null);
        if (id is not null)
        {
            if (!await db.Set<Notification>().AnyAsync(n => n.UserId == actor.UserId && n.Id == id, cancellationToken))
            {
                return false;
            }

            query = query.Where(n => n.Id == id);
        }

        await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return true;
    }
}
