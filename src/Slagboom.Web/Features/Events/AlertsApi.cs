using System.Security.Claims;
using Slagboom.Core.Alerts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Events;

/// <summary>
/// The control room's alerts as JSON: a mainport's open alerts (the live list polls this), one alert with its
/// events, and acknowledge / assign / close. Members and analysts of organisations in the mainport only (404 for
/// others).
/// </summary>
public static class AlertsApi
{
    public sealed record ChangeRequest(string Action, string? Assignee, string? Reason = null);

    public static void MapAlerts(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/alerts").WithTags("alerts").RequireAuthorization(Policies.Content);
        group.MapGet("/", List).WithSummary("A mainport's alerts, newest first (open ones unless closed=true); 404 for a mainport outside the caller's organisation.");
        group.MapGet("/{id}", Get).WithSummary("One alert with the ids of its events (the read is audited).");
        group.MapPost("/{id}/state", Change).WithSummary("acknowledge, assign (with assignee) or close (with reason) an alert; who and when are kept and audited.");
        Slagboom.Web.Features.Alerts.AlertControlRoomApi.Map(group);
    }

    public static async Task<IResult> List(string mainport, bool? closed, ClaimsPrincipal user, AlertService alerts, CancellationToken cancellationToken)
    {
        var list = await alerts.ListAsync(user.ToActor(), mainport.ToUpperInvariant(), closed == true, cancellationToken: cancellationToken);
        return list.Ok ? TypedResults.Ok(list.Value) : list.Error!.ToProblem();
    }

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, AlertService alerts, CancellationToken cancellationToken)
    {
        var alert = await alerts.GetAsync(user.ToActor(), id, cancellationToken);
        return alert.Ok ? TypedResults.Ok(alert.Value) : alert.Error!.ToProblem();
    }

    public static async Task<IResult> Change(string id, ChangeRequest request, ClaimsPrincipal user, AlertService alerts, CancellationToken cancellationToken)
    {
        var changed = await alerts.ChangeAsync(user.ToActor(), id, request.Action, request.Assignee, request.Reason, cancellationToken);
        return changed.Ok ? TypedResults.Ok(changed.Value) : changed.Error!.ToProblem();
    }
}
