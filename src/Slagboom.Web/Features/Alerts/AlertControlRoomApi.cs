using System.Security.Claims;
using Slagboom.Core.Alerts;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Alerts;

/// <summary>
/// The control room's feed (what the live list on <c>/alerts</c> polls) and promotion of an alert to the triage
/// inbox. Mapped inside the <c>/api/v1/alerts</c> group, so the same policy and the same 404 rule hold.
/// </summary>
public static class AlertControlRoomApi
{
    public sealed record PromoteRequest(IReadOnlyList<ObservableInput>? Observables);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/feed", Feed).WithSummary("A mainport's alerts in keyset pages, newest activity first: status open (default), new, acknowledged, assigned, closed or all; severity low..critical; cursor from `next`. No keys or event content, so no personal data. At most Slagboom:Alerts:FeedRequestsPerMinute requests a minute per user (default 120), then 429.")
            .RequireRateLimiting(FeedRateLimit.Name);
        group.MapPost("/{id}/promote", Promote).WithSummary("Promotes the alert to the triage inbox (channel alert) with the observables of its events and any given; 201 with what was taken over and what was refused; 409 when already promoted.");
    }

    public static async Task<IResult> Feed(string? mainport, string? status, string? severity, string? cursor, int? limit, ClaimsPrincipal user, AlertBoard board, CancellationToken cancellationToken)
    {
        var page = await board.PageAsync(user.ToActor(), mainport, status, severity, cursor, limit, cancellationToken);
        return page.Ok ? TypedResults.Ok(page.Value) : page.Error!.ToProblem();
    }

    public static async Task<IResult> Promote(string id, PromoteRequest? request, ClaimsPrincipal user, AlertPromotions promotions, CancellationToken cancellationToken)
    {
        var made = await promotions.PromoteAsync(user.ToActor(), id, request?.Observables, cancellationToken);
        return made.Ok ? TypedResults.Created($"/api/v1/triage/items/alert/{Uri.EscapeDataString(id)}", made.Value) : made.Error!.ToProblem();
    }
}
