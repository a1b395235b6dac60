using System.Security.Claims;
using Slagboom.Core.Signals;
using Slagboom.Core.Triage;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Triage;

/// <summary>
/// The analysts' triage inbox as an API: items of every channel (anonymous, staff, import; later alerts), classify,
/// priority, signal, dismiss and reopen; merge and unmerge duplicate signals. An item or signal the caller may not
/// triage answers 404, as one that does not exist.
/// </summary>
public static class TriageApi
{
    public sealed record PriorityInput(string? Priority);

    public sealed record DismissInput(string? Reason);

    public sealed record MergeInput(string? Into, string? Signal);

    public sealed record UnmergeInput(string? Signal);

    public sealed record InboxPage(IReadOnlyList<InboxItem> Items);

    public static void MapTriage(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/triage").WithTags("triage").RequireAuthorization(Policies.Content);
        group.MapGet("/items", List).WithSummary("The inbox, newest first: state open (default), signal, dismissed or all; filter by mainport, channel (anonymous, staff, import, alert) and priority. Analysts of receiving organisations see reports; analysts see their organisation's imported signals.");
        group.MapGet("/items/{channel}/{id}", Get).WithSummary("One inbox item (no report content: read that through /api/v1/reports/{id}).");
        group.MapPut("/items/{channel}/{id}/classification", Classify).WithSummary("Category, modus-operandi codes, process step and extracted observables (checked like a signal's; a bad one is a 400 naming the field and the reason).");
        group.MapPut("/items/{channel}/{id}/priority", SetPriority).WithSummary("Priority: low, normal, high or urgent.");
        group.MapPost("/items/{channel}/{id}/signal", ToSignal).WithSummary("Turns the item into a draft signal (a signal body; classification and extracted observables fill what it leaves out). An imported signal is accepted as it is.");
        group.MapPost("/items/{channel}/{id}/dismiss", Dismiss).WithSummary("Dismisses the item with a reason; it stays listed under state=dismissed and can be reopened. A dismissed report is closed for its reporter.");
        group.MapPost("/items/{channel}/{id}/reopen", Reopen).WithSummary("Undoes a dismissal.");
        group.MapPost("/merges", Merge).WithSummary("Merges signal `signal` (B) into signal `into` (A); both owned by the caller's organisation. A gains B's observables; B is hidden from lists as merged into A. 201 with the merge.");
        group.MapPost("/unmerge", Unmerge).WithSummary("Undoes the standing merge of signal `signal`: it is listed again as before and the survivor loses what the merge added.");
        group.MapGet("/signals/{id}/merges", MergesOf).WithSummary("The signals merged into this one, and the one it is merged into.");
    }

    public static async Task<IResult> List(ClaimsPrincipal user, TriageService triage, string? mainport, string? channel, string? priority, string? state, int? limit, CancellationToken cancellationToken)
    {
        var listed = await triage.ListAsync(user.ToActor(), new InboxFilter(mainport, channel, priority, state ?? InboxState.Open), limit, cancellationToken);
        return listed.Ok ? TypedResults.Ok(new InboxPage(listed.Value!)) : listed.Error!.ToProblem();
    }

    public static async Task<IResult> Get(string channel, string id, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken) =>
        Answer(await triage.GetAsync(user.ToActor(), channel, id, cancellationToken));

    public static async Task<IResult> Classify(string channel, string id, ClassifyInput input, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken) =>
        Answer(await triage.ClassifyAsync(user.ToActor(), channel, id, input, cancellationToken));

    public static async Task<IResult> SetPriority(string channel, string id, PriorityInput input, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken) =>
        Answer(await triage.SetPriorityAsync(user.ToActor(), channel, id, input.Priority, cancellationToken));

    public static async Task<IResult> ToSignal(string channel, string id, SignalInput input, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken)
    {
        var made = await triage.ToSignalAsync(user.ToActor(), channel, id, input, cancellationToken);
        return made.Ok ? TypedResults.Created($"/api/v1/signals/{made.Value!.SignalId}", made.Value) : made.Error!.ToProblem();
    }

    public static async Task<IResult> Dismiss(string channel, string id, DismissInput input, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken) =>
        Answer(await triage.DismissAsync(user.ToActor(), channel, id, input.Reason, cancellationToken));

    public static async Task<IResult> Reopen(string channel, string id, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken) =>
        Answer(await triage.ReopenAsync(user.ToActor(), channel, id, cancellationToken));

    public static async Task<IResult> Merge(MergeInput input, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken)
    {
        var merged = await triage.MergeAsync(user.ToActor(), input.Into, input.Signal, cancellationToken);
        return merged.Ok ? TypedResults.Created((string?)null, merged.Value) : merged.Error!.ToProblem();
    }

    public static async Task<IResult> Unmerge(UnmergeInput input, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken)
    {
        var undone = await triage.UnmergeAsync(user.ToActor(), input.Signal, cancellationToken);
        return undone.Ok ? TypedResults.Ok(undone.Value) : undone.Error!.ToProblem();
    }

    public static async Task<IResult> MergesOf(string id, ClaimsPrincipal user, TriageService triage, CancellationToken cancellationToken)
    {
        var state = await triage.MergesOfAsync(user.ToActor(), id, cancellationToken);
        return state.Ok ? TypedResults.Ok(state.Value) : state.Error!.ToProblem();
    }

    private static IResult Answer(Slagboom.Core.Errors.Result<InboxItem> result) =>
        result.Ok ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}
