using System.Security.Claims;
using Slagboom.Core.Observables;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Observables;

public static class ObservablesApi
{
    public static void MapObservables(this IEndpointRouteBuilder api) =>
        api.MapGet("/observables/{type}/{value}/sightings", FindSightings).RequireAuthorization(Policies.SignedIn).WithTags("observables")
            .WithSummary("Signals naming a value that the caller may see and receives that value in (a private partner may look up its own pd: pseudonyms). Paged; says when a value is common.");

    public static async Task<IResult> FindSightings(string type, string value, int? limit, string? cursor, ClaimsPrincipal user, Sightings sightings, CancellationToken cancellationToken)
    {
        var found = await sightings.FindAsync(user.ToActor(), type, value, limit, cursor, cancellationToken);
        return found.Ok ? TypedResults.Ok(found.Value) : found.Error!.ToProblem();
    }
}
