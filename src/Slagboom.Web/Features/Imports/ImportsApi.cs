using System.Security.Claims;
using Slagboom.Core.Imports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Imports;

/// <summary>The status of the caller's own imports (started on the import page), for the progress view to poll.</summary>
public static class ImportsApi
{
    public static void MapImports(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/imports").WithTags("imports").RequireAuthorization(Policies.Content);
        group.MapGet("/", List).WithSummary("The caller's latest imports, newest first (without their bad rows).");
        group.MapGet("/{id}", Get).WithSummary("One of the caller's imports: status, rows done of the total, counts and the bad rows (line, field, message); 404 for anyone else's.");
    }

    public static async Task<IResult> List(ClaimsPrincipal user, ImportJobs imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await imports.ListAsync(user.ToActor(), cancellationToken));

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, ImportJobs imports, CancellationToken cancellationToken)
    {
        var found = await imports.GetAsync(user.ToActor(), id, cancellationToken);
        return found.Ok ? TypedResults.Ok(found.Value) : found.Error!.ToProblem();
    }
}
