using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Data;
using Slagboom.Core.Notifications;

namespace Slagboom.Core.Cases;

/// <summary>
/// Notifies once per task when it is due soon (its due day begins within 24 hours) and once when it is overdue (its
/// due day has passed): the assigned organisation for both, the case owner as well when overdue. Only pending tasks
/// of open cases count.
/// </summary>
public sealed class TaskDeadlines(AppDbContext db, Notifications.Notifications notifications, NotificationMail mail, TimeProvider clock)
{
    /// <summary>Returns how many notifications went out (per task and organisation).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var soon = now.AddDays(1);
        var overdueBefore = now.AddDays(-1);
        var sent = 0;
        var mails = new List<OutgoingMail>();
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var pending = db.Set<CaseTask>().Include(t => t.Case)
            .Where(t => (t.Status == CaseTaskStatus.Open || t.Status == CaseTaskStatus.InProgress) && t.Case!.Status == CaseStatus.Open);
        foreach (var task in await pending.Where(t => t.OverdueNotifiedAt == null && t.DueDate <= overdueBefore).Take(1000).ToListAsync(cancellationToken))
        {
            task.OverdueNotifiedAt = now;
            task.DueSoonNotifiedAt ??= now;
            mails.AddRange(await notifications.AddForOrganisationAsync(task.AssignedOrganisationId, NotificationKinds.TaskOverdue, task.Id, null, cancellationToken));
            sent++;
            if (task.Case!.OwnerOrganisationId != task.AssignedOrganisationId)
            {
                mails.AddRange(await notifications.AddForOrganisationAsync(task.Case.OwnerOrganisationId, NotificationKinds.TaskOverdue, task.Id, task.CaseId, cancellationToken));
                sent++;
            }
        }

        foreach (var task in await pending.Where(t => t.DueSoonNotifiedAt == null && t.DueDate <= soon && t.DueDate > overdueBefore).Take(1000).ToListAsync(cancellationToken))
        {
            task.DueSoonNotifiedAt = now;
            mails.AddRange(await notifications.AddForOrganisationAsync(task.AssignedOrganisationId, NotificationKinds.TaskDueSoon, task.Id, null, cancellationToken));
            sent++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await mail.SendAsync(mails, cancellationToken);
        return sent;
    }
}

/// <summary>Runs <see cref="TaskDeadlines"/> every 15 minutes in the server.</summary>
public sealed class TaskDeadlineSchedule(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TaskDeadlineSchedule> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(Interval, clock);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<TaskDeadlines>().RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The task deadline run failed; will try again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
