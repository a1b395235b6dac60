using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Slagboom.Core.Organisations;
using Slagboom.Domain.Organisations;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Organisations;

public static class OrganisationsApi
{
    public static void MapOrganisations(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/organisations").WithTags("organisations");
        group.MapGet("/", List).RequireAuthorization(Policies.SignedIn)
            .WithSummary("Organisations: all for a platform admin, otherwise the caller's own.");
        group.MapGet("/{id}", Get).RequireAuthorization(Policies.SignedIn).WithSummary("One organisation (404 when not visible).");
        group.MapPost("/", Add).RequireAuthorization(Policies.PlatformAdmin).WithSummary("Adds an organisation (platform admin).");
    }

    public static async Task<Ok<List<OrganisationAnswer>>> List(ClaimsPrincipal user, OrganisationAdministration organisations, CancellationToken cancellationToken) =>
        TypedResults.Ok((await organisations.ListAsync(user.ToActor(), cancellationToken)).Select(OrganisationAnswer.From).ToList());

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, OrganisationAdministration organisations, CancellationToken cancellationToken)
    {
        var found = await organisations.GetAsync(user.ToActor(), id, cancellationToken);
        return found.Ok ? TypedResults.Ok(OrganisationAnswer.From(found.Value!)) : found.Error!.ToProblem();
    }

    public static async Task<IResult> Add(AddOrganisationRequest request, ClaimsPrincipal user, OrganisationAdministration organisations, CancellationToken cancellationToken)
    {
        var added = await organisations.AddAsync(user.ToActor(), request, cancellationToken: cancellationToken);
        return added.Ok
            ? TypedResults.Created($"/api/v1/organisations/{added.Value!.Id}", OrganisationAnswer.From(added.Value))
            : added.Error!.ToProblem();
    }

    public sealed record OrganisationAnswer(string Id, string Name, string Kind, string Sector, IReadOnlyList<string> Mainports)
    {
        public static OrganisationAnswer From(Organisation o) =>
            new(o.Id, o.Name, o.Kind.ToText(), o.Sector, [.. o.Mainports.Select(m => m.MainportCode).Order(StringComparer.Ordinal)]);
    }
}
