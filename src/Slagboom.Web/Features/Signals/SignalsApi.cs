using System.Security.Claims;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

public static class SignalsApi
{
    public static void MapSignals(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/signals").WithTags("signals").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/", Create).WithSummary("Creates a signal as a draft of the caller's organisation.");
        group.MapGet("/", List).WithSummary("Signals the caller may see, newest first; q keeps signals where every word occurs in what the caller receives.");
        group.MapGet("/{id}", Get).WithSummary("One signal as the caller may see it (404 when not visible). The read is logged with the token's purpose.");
        group.MapPut("/{id}", Update).WithSummary("Replaces a signal (owner organisation only).");
        group.MapDelete("/{id}", Delete).WithSummary("Deletes a signal with its attachments (owner organisation only; refused under a legal hold).");
        group.MapPost("/{id}/publish", Publish).WithSummary("Publishes a draft to its distribution (owner organisation only).");
        group.MapPost("/{id}/legal-hold", SetLegalHold).WithSummary("Places or lifts a legal hold (owner organisation, auditor or platform admin); a held signal is not deleted.");
        group.MapGet("/{id}/audience", Audience).WithSummary("The organisations that receive the signal once published, and whether they receive pseudonyms.");
    }

    public static async Task<IResult> Create(SignalInput input, ClaimsPrincipal user, SignalService signals, CancellationToken cancellationToken)
    {
        var created = await signals.CreateAsync(user.ToActor(), input, cancellationToken);
        return created.Ok ? TypedResults.Created($"/api/v1/signals/{created.Value!.Id}", created.Value) : created.Error!.ToProblem();
    }

    public static async Task<IResult> List(ClaimsPrincipal user, SignalService signals, string? q, string? mainport, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await signals.ListAsync(user.ToActor(), q, mainport, limit, cursor, cancellationToken);
        return page.Ok ? TypedResults.Ok(page.Value) : page.Error!.ToProblem();
    }

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, SignalService signals, CancellationToken cancellationToken)
    {
        var found = await signals.GetAsync(user.ToActor(), id, user.FindFirstValue(SlagboomClaims.Purpose), cancellationToken);
        return found.Ok ? TypedResults.Ok(found.Value) : found.Error!.ToProblem();
    }

    public static async Task<IResult> Update(string id, SignalInput input, ClaimsPrincipal user, SignalService signals, CancellationToken cancellationToken)
    {
        var updated = await signals.UpdateAsync(user.ToActor(), id, input, cancellationToken);
        return updated.Ok ? TypedResults.Ok(updated.Value) : updated.Error!.ToProblem();
    }

    public static async Task<IResult> Publish(string id, ClaimsPrincipal user, SignalService signals, CancellationToken cancellationToken)
    {
        var published = await signals.PublishAsync(user.ToActor(), id, cancellationToken);
        return published.Ok ? TypedResults.Ok(published.Value) : published.Error!.ToProblem();
    }

    public static async Task<IResult> Delete(string id, ClaimsPrincipal user, SignalDeletion deletion, CancellationToken cancellationToken)
    {
        var deleted = await deletion.DeleteAsync(user.ToActor(), id, cancellationToken);
        return deleted.Ok ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }

    public sealed record LegalHoldRequest(bool Hold, string? Reason);

    public static async Task<IResult> SetLegalHold(string id, LegalHoldRequest request, ClaimsPrincipal user, LegalHolds holds, CancellationToken cancellationToken)
    {
        var set = await holds.SetAsync(user.ToActor(), id, request.Hold, request.Reason, cancellationToken);
        return set.Ok ? TypedResults.Ok(new { id, legalHold = set.Value }) : set.Error!.ToProblem();
    }

    public static async Task<IResult> Audience(string id, ClaimsPrincipal user, SignalService signals, CancellationToken cancellationToken)
    {
        var audience = await signals.AudienceAsync(user.ToActor(), id, cancellationToken);
        return audience.Ok ? TypedResults.Ok(audience.Value) : audience.Error!.ToProblem();
    }
}
