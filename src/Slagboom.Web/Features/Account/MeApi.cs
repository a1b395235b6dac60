using System.Security.Claims;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Account;

public static class MeApi
{
    public static void MapMe(this IEndpointRouteBuilder api) =>
        api.MapGet("/me", Get).RequireAuthorization(Policies.SignedIn).WithSummary("Who the caller is.").WithTags("account");

    public static MeAnswer Get(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue(ClaimTypes.Name) ?? "",
        user.FindFirstValue(SlagboomClaims.Organisation) ?? "",
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal)]);

    public sealed record MeAnswer(string Email, string OrganisationId, IReadOnlyList<string> Roles);
}
