using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Cases;
using Slagboom.Core.Errors;
using Slagboom.Core.Notifications;
using Slagboom.Core.Organisations;
using Slagboom.Domain.Accounts;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Cases;

/// <summary>Due-soon and overdue notifications under a fake clock: each goes out once, to the right organisations.</summary>
public sealed class TaskDeadlineTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task DueSoonThenOverdue_NotifyOnce_AndFinishedTasksStayQuiet(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        async Task<(string Org, User User)> AddAsync(string name, string role)
        {
            var org = await instance.RunAsync<OrganisationAdministration, Result<Organisation>>(o => o.AddAsync(Actor.Operator, new AddOrganisationRequest(name, "public", "police", ["RTM"])));
            var user = await instance.RunAsync<UserAdministration, Result<NewUser>>(u => u.AddAsync(Actor.Operator, new AddUserRequest(org.Value!.Id, $"{role}@{name.ToLowerInvariant()}.test", [role])));
            return (org.Value!.Id, user.Value!.User);
        }

        var (ownerOrg, ownerUser) = await AddAsync("Politie", Role.Analyst);
        var (assignedOrg, assignedUser) = await AddAsync("Gemeente", Role.Member);
        var owner = new Actor(ownerUser.Id, ownerOrg, new HashSet<string> { Role.Analyst });
        var assignee = new Actor(assignedUser.Id, assignedOrg, new HashSet<string> { Role.Member });

        var created = await instance.RunAsync<CaseService, Result<CaseView>>(c => c.CreateAsync(owner, new CaseInput("Bibob-casus", null, "RTM", "integrity")));
        var tomorrow = DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        var task = await instance.RunAsync<CaseService, Result<TaskView>>(c => c.AssignTaskAsync(owner, created.Value!.Id, new TaskInput(assignedOrg, "Start een Bibob-toets.", tomorrow)));
        var finished = await instance.RunAsync<CaseService, Result<TaskView>>(c => c.AssignTaskAsync(owner, created.Value!.Id, new TaskInput(assignedOrg, "Al gedaan.", tomorrow)));
        Assert.True((await instance.RunAsync<CaseService, Result<TaskView>>(c => c.UpdateTaskAsync(assignee, finished.Value!.Id, new TaskUpdateInput("done")))).Ok);

        async Task<List<string>> KindsFor(User user, string taskId) =>
            await instance.QueryAsync(db => db.Set<Notification>().Where(n => n.UserId == user.Id && n.TaskId == taskId).OrderBy(n => n.At).Select(n => n.Kind).ToListAsync());

        // Due tomorrow: "due soon" for the assignee, once.
        Assert.Equal(1, await instance.RunAsync<TaskDeadlines, int>(d => d.RunOnceAsync()));
        Assert.Equal(0, await instance.RunAsync<TaskDeadlines, int>(d => d.RunOnceAsync()));
        Assert.Equal([NotificationKinds.TaskAssigned, NotificationKinds.TaskDueSoon], await KindsFor(assignedUser, task.Value!.Id));

        // Two days later the due day has passed: "overdue" for the assignee and the owner, once.
        instance.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, await instance.RunAsync<TaskDeadlines, int>(d => d.RunOnceAsync()));
        Assert.Equal(0, await instance.RunAsync<TaskDeadlines, int>(d => d.RunOnceAsync()));
        Assert.Equal([NotificationKinds.TaskAssigned, NotificationKinds.TaskDueSoon, NotificationKinds.TaskOverdue], await KindsFor(assignedUser, task.Value!.Id));
        Assert.Contains(NotificationKinds.TaskOverdue, await KindsFor(ownerUser, task.Value!.Id));
        Assert.DoesNotContain(NotificationKinds.TaskOverdue, await KindsFor(assignedUser, finished.Value!.Id));
        Assert.DoesNotContain(NotificationKinds.TaskDueSoon, await KindsFor(assignedUser, finished.Value!.Id));

        var mine = await instance.RunAsync<CaseService, IReadOnlyList<TaskView>>(c => c.MyTasksAsync(assignee, pendingOnly: true));
        Assert.True(Assert.Single(mine).Overdue);
        var figures = await instance.RunAsync<TaskFigures, TaskFigureSet?>(f => f.ForMainportAsync(assignee, "RTM"));
        Assert.Equal((1, 1, 1), (figures!.OwnOpen, figures.OwnOverdue, figures.MainportOpen));
        Assert.Empty(figures.OwnCasesByOrganisation);
        var ownerFigures = await instance.RunAsync<TaskFigures, TaskFigureSet?>(f => f.ForMainportAsync(owner, "RTM"));
        Assert.Equal(0, ownerFigures!.OwnOpen);
        var row = Assert.Single(ownerFigures.OwnCasesByOrganisation);
        Assert.Equal((assignedOrg, 1, 1), (row.OrganisationId, row.Open, row.Overdue));
    }
}
