using System.Security.Claims;
using Slagboom.Core.Sharing;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Sharing;

public static class SharingGroupsApi
{
    public static void MapSharingGroups(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/sharing-groups").WithTags("sharing").RequireAuthorization(Policies.Content);
        group.MapPost("/", Create).WithSummary("Creates a sharing group of the caller's organisation with any organisations (member or analyst).");
        group.MapGet("/", List).WithSummary("The sharing groups the caller's organisation belongs to.");
    }

    public static async Task<IResult> Create(CreateSharingGroupRequest request, ClaimsPrincipal user, SharingGroups groups, CancellationToken cancellationToken)
    {
        var created = await groups.CreateAsync(user.ToActor(), request, cancellationToken);
        return created.Ok ? TypedResults.Created($"/api/v1/sharing-groups/{created.Value!.Id}", created.Value) : created.Error!.ToProblem();
    }

    public static async Task<IResult> List(ClaimsPrincipal user, SharingGroups groups, CancellationToken cancellationToken) =>
        TypedResults.Ok(await groups.ListAsync(user.ToActor(), cancellationToken));
}
