using System.Security.Claims;
using Slagboom.Core.Cases;
using NotificationInbox = Slagboom.Core.Notifications.Notifications;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>
/// Cases, tasks, outcomes, templates and notifications. Every read goes through <see cref="CaseService"/>, which
/// answers "not found" for what the caller may not see (docs/cases.md).
/// </summary>
public static class CasesApi
{
    public static void MapCases(this IEndpointRouteBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("cases").RequireAuthorization(Policies.Content);
        cases.MapPost("/", Create).WithSummary("Opens a case owned by the caller's organisation, optionally with signals the caller may see.");
        cases.MapGet("/", List).WithSummary("The cases the caller's organisation owns, newest first (status=open|closed).");
        cases.MapGet("/{id}", Get).WithSummary("A case as the caller may see it: full for the owner; own tasks (and the title if shared) for an assigned organisation; 404 otherwise.");
        cases.MapPatch("/{id}", Update).WithSummary("Changes title, description, status (open|closed) or title sharing (owner organisation only).");
        cases.MapPost("/{id}/signals", AddSignal).WithSummary("Adds a signal the caller may see (owner organisation only).");
        cases.MapDelete("/{id}/signals/{signalId}", RemoveSignal).WithSummary("Removes a signal from the case (owner organisation only).");
        cases.MapGet("/{id}/proposed-tasks", Proposals).WithSummary("The tasks the template of the case's kind proposes, with candidate organisations (owner only).");
        cases.MapPost("/{id}/tasks", AssignTask).WithSummary("Assigns a task to an organisation with a due date (owner organisation only); notifies it.");
        cases.MapPatch("/{id}/tasks/{taskId}", UpdateCaseTask).WithSummary("Updates a task: status by the assigned organisation, text and due date by the owner, notes by either.");
        cases.MapPost("/{id}/outcomes", AddOutcome).WithSummary("Registers an outcome in numbers (owner, or an assigned organisation for its task).");

        var tasks = api.MapGroup("/tasks").WithTags("cases").RequireAuthorization(Policies.Content);
        tasks.MapGet("/", MyTasks).WithSummary("Tasks assigned to the caller's organisation (all=true includes done and declined ones).");
        tasks.MapGet("/{taskId}", GetTask).WithSummary("One task with the case's signals the sharing policy admits to the caller, and its outcomes.");
        tasks.MapPatch("/{taskId}", UpdateTask).WithSummary("Updates a task (as PATCH /cases/{id}/tasks/{taskId}).");

        var templates = api.MapGroup("/case-templates").WithTags("cases").RequireAuthorization(Policies.SignedIn);
        templates.MapGet("/", Templates).WithSummary("The case templates per kind of signal as they apply to the caller's organisation.");
        templates.MapPut("/{kind}", SaveTemplate).WithSummary("Replaces the organisation's template of a kind (analyst or org admin); an empty list returns to the default.");

        var notifications = api.MapGroup("/notifications").WithTags("notifications").RequireAuthorization(Policies.SignedIn);
        notifications.MapGet("/", ListNotifications).WithSummary("The caller's latest notifications and the unread count.");
        notifications.MapPost("/{id}/read", MarkRead).WithSummary("Marks one notification read.");
        notifications.MapPost("/read", MarkAllRead).WithSummary("Marks all notifications read.");
    }

    public static async Task<IResult> Create(CaseInput input, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var created = await cases.CreateAsync(user.ToActor(), input, cancellationToken);
        return created.Ok ? TypedResults.Created($"/api/v1/cases/{created.Value!.Id}", created.Value) : created.Error!.ToProblem();
    }

    public static async Task<IResult> List(ClaimsPrincipal user, CaseService cases, string? status, CancellationToken cancellationToken)
    {
        var list = await cases.ListAsync(user.ToActor(), status, cancellationToken);
        return list.Ok ? TypedResults.Ok(new { items = list.Value }) : list.Error!.ToProblem();
    }

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(user.ToActor(), id, user.FindFirstValue(SlagboomClaims.Purpose), cancellationToken);
        return found.Ok ? TypedResults.Ok(found.Value) : found.Error!.ToProblem();
    }

    public static async Task<IResult> Update(string id, CaseUpdateInput input, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var updated = await cases.UpdateAsync(user.ToActor(), id, input, cancellationToken);
        return updated.Ok ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }

    public static async Task<IResult> AddSignal(string id, CaseSignalInput input, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var updated = await cases.AddSignalAsync(user.ToActor(), id, input.SignalId, cancellationToken);
        return updated.Ok ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }

    public static async Task<IResult> RemoveSignal(string id, string signalId, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var updated = await cases.RemoveSignalAsync(user.ToActor(), id, signalId, cancellationToken);
        return updated.Ok ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }

    public static async Task<IResult> Proposals(string id, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var proposed = await cases.ProposalsAsync(user.ToActor(), id, cancellationToken);
        return proposed.Ok ? TypedResults.Ok(proposed.Value) : proposed.Error!.ToProblem();
    }

    public static async Task<IResult> AssignTask(string id, TaskInput input, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var task = await cases.AssignTaskAsync(user.ToActor(), id, input, cancellationToken);
        return task.Ok ? TypedResults.Created($"/api/v1/tasks/{task.Value!.Id}", task.Value) : task.Error!.ToProblem();
    }

    public static async Task<IResult> UpdateCaseTask(string id, string taskId, TaskUpdateInput input, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var task = await cases.UpdateTaskAsync(user.ToActor(), taskId, input, id, cancellationToken);
        return task.Ok ? TypedResults.Ok(task.Value) : task.Error!.ToProblem();
    }

    public static async Task<IResult> UpdateTask(string taskId, TaskUpdateInput input, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var task = await cases.UpdateTaskAsync(user.ToActor(), taskId, input, null, cancellationToken);
        return task.Ok ? TypedResults.Ok(task.Value) : task.Error!.ToProblem();
    }

    public static async Task<IResult> AddOutcome(string id, OutcomeInput input, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var outcome = await cases.AddOutcomeAsync(user.ToActor(), id, input, cancellationToken);
        return outcome.Ok ? TypedResults.Created($"/api/v1/cases/{id}", outcome.Value) : outcome.Error!.ToProblem();
    }

    public static async Task<IResult> MyTasks(ClaimsPrincipal user, CaseService cases, bool? all, CancellationToken cancellationToken) =>
        TypedResults.Ok(new { items = await cases.MyTasksAsync(user.ToActor(), all != true, cancellationToken) });

    public static async Task<IResult> GetTask(string taskId, ClaimsPrincipal user, CaseService cases, CancellationToken cancellationToken)
    {
        var found = await cases.GetTaskAsync(user.ToActor(), taskId, user.FindFirstValue(SlagboomClaims.Purpose), cancellationToken);
        return found.Ok
            ? TypedResults.Ok(new { task = found.Value.Task, signals = found.Value.Signals, outcomes = found.Value.Outcomes })
            : found.Error!.ToProblem();
    }

    public static async Task<IResult> Templates(ClaimsPrincipal user, CaseTemplates templates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await templates.ListAsync(user.ToActor(), cancellationToken));

    public sealed record TemplateBody(IReadOnlyList<TemplateTaskInput>? Tasks);

    public static async Task<IResult> SaveTemplate(string kind, TemplateBody body, ClaimsPrincipal user, CaseTemplates templates, CancellationToken cancellationToken)
    {
        var saved = await templates.SaveAsync(user.ToActor(), kind, body.Tasks, cancellationToken);
        return saved.Ok ? TypedResults.Ok(saved.Value) : saved.Error!.ToProblem();
    }

    public static async Task<IResult> ListNotifications(ClaimsPrincipal user, NotificationInbox notifications, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        return TypedResults.Ok(new { unread = await notifications.UnreadCountAsync(actor, cancellationToken), items = await notifications.ListAsync(actor, cancellationToken) });
    }

    public static async Task<IResult> MarkRead(string id, ClaimsPrincipal user, NotificationInbox notifications, CancellationToken cancellationToken) =>
        await notifications.MarkReadAsync(user.ToActor(), id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFoundProblem("No such notification.");

    public static async Task<IResult> MarkAllRead(ClaimsPrincipal user, NotificationInbox notifications, CancellationToken cancellationToken)
    {
        await notifications.MarkReadAsync(user.ToActor(), null, cancellationToken);
        return TypedResults.NoContent();
    }
}
