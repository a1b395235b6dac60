using System.Security.Claims;
using Slagboom.Core.Observables;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Observables;

public static class ObservablesApi
{
    public static void MapObservables(this IEndpointRouteBuilder api)
    {
        api.MapGet("/observables/{type}/{value}/sightings", FindSightings).RequireAuthorization(Policies.SignedIn).WithTags("observables")
            .WithSummary("Signals naming a value that the caller may see and receives that value in (a private partner may look up its own pd: pseudonyms). Paged; says when a value is common.");
        api.MapGet("/signals/{id}/correlations", ForSignal).RequireAuthorization(Policies.SignedIn).WithTags("observables")
            .WithSummary("Per observable of a signal, the other signals naming the same value that the caller may see; common and excluded values are not correlated.");
        var exclusions = api.MapGroup("/correlation-exclusions").RequireAuthorization(Policies.Content).WithTags("observables");
        exclusions.MapGet("/", Exclusions).WithSummary("Values analysts excluded from correlation.");
        exclusions.MapPost("/", Exclude).WithSummary("Excludes a value from correlation (analyst), with a reason.");
        exclusions.MapDelete("/{id}", Include).WithSummary("Correlates an excluded value again (analyst).");
    }

    public static async Task<IResult> ForSignal(string id, ClaimsPrincipal user, Correlations correlations, CancellationToken cancellationToken)
    {
        var found = await correlations.ForSignalAsync(user.ToActor(), id, cancellationToken);
        return found.Ok ? TypedResults.Ok(found.Value) : found.Error!.ToProblem();
    }

    public sealed record ExclusionRequest(string? Type, string? Value, string? Reason);

    public static async Task<IResult> Exclusions(ClaimsPrincipal user, Correlations correlations, CancellationToken cancellationToken)
    {
        var list = await correlations.ExclusionsAsync(user.ToActor(), cancellationToken);
        return list.Ok ? TypedResults.Ok(list.Value) : list.Error!.ToProblem();
    }

    public static async Task<IResult> Exclude(ExclusionRequest request, ClaimsPrincipal user, Correlations correlations, CancellationToken cancellationToken)
    {
        var added = await correlations.ExcludeAsync(user.ToActor(), request.Type, request.Value, request.Reason, cancellationToken);
        return added.Ok ? TypedResults.Created($"/api/v1/correlation-exclusions/{added.Value!.Id}", added.Value) : added.Error!.ToProblem();
    }

    public static async Task<IResult> Include(string id, ClaimsPrincipal user, Correlations correlations, CancellationToken cancellationToken)
    {
        var removed = await correlations.RemoveExclusionAsync(user.ToActor(), id, cancellationToken);
        return removed.Ok ? TypedResults.NoContent() : removed.Error!.ToProblem();
    }

    public static async Task<IResult> FindSightings(string type, string value, int? limit, string? cursor, ClaimsPrincipal user, Sightings sightings, CancellationToken cancellationToken)
    {
        var found = await sightings.FindAsync(user.ToActor(), type, value, limit, cursor, cancellationToken);
        return found.Ok ? TypedResults.Ok(found.Value) : found.Error!.ToProblem();
    }
}
