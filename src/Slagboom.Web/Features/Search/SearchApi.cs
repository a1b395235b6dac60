using System.Security.Claims;
using Slagboom.Core.Search;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Search;

public static class SearchApi
{
    public static void MapSearch(this IEndpointRouteBuilder api)
    {
        api.MapGet("/search", Search).WithTags("search").RequireAuthorization(Policies.SignedIn)
            .WithSummary("Ranked full-text search over the signals the caller may see, matching only what the caller receives. " +
                "Syntax: words (all must occur), \"a phrase\", prefix*, -exclusion, pd:… (own pseudonyms). Filters: mainport, category, mo, from, to (occurredAt), tlp.");
        api.MapGet("/cases/search", SearchCases).WithTags("search", "cases").RequireAuthorization(Policies.Content)
            .WithSummary("Ranked search over cases (docs/cases.md \"Search\"): the owner organisation's cases on title and description; " +
                "a case with a task for the caller's organisation on its title only, when the owner shares it, and only without filters. " +
                "The signal search syntax; pseudonyms never match a case. Filters: mainport, kind, status, from, to (createdAt).");
    }

    public static async Task<IResult> SearchCases(ClaimsPrincipal user, CaseSearch search, string? q, string? mainport, string? kind, string? status,
        string? from, string? to, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await search.SearchAsync(user.ToActor(), q, new CaseSearchFilters(mainport, kind, status, from, to), limit, cursor, cancellationToken);
        return page.Ok ? TypedResults.Ok(page.Value) : page.Error!.ToProblem();
    }

    public static async Task<IResult> Search(ClaimsPrincipal user, SignalSearch search, string? q, string? mainport, string? category, string? mo,
        string? from, string? to, string? tlp, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await search.SearchAsync(user.ToActor(), q, new SearchFilters(mainport, category, mo, from, to, tlp), limit, cursor, cancellationToken);
        return page.Ok ? TypedResults.Ok(page.Value) : page.Error!.ToProblem();
    }
}
