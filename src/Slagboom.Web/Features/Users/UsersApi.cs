using System.Security.Claims;
using Slagboom.Core.Accounts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Users;

public static class UsersApi
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("users").RequireAuthorization(Policies.AccountAdmin);
        group.MapGet("/", List).WithSummary("Users the caller administers (org admin: own organisation; platform admin: all).");
        group.MapPost("/", Add).WithSummary("Adds a user; the answer holds a random first password, shown once.");
        group.MapPost("/{id}/disable", Disable).WithSummary("Disables a user: sessions and tokens end at once.");
        group.MapPost("/{id}/password-reset", Reset).WithSummary("Makes a one-time password-reset link (valid 24 hours).");
    }

    public static async Task<IResult> List(ClaimsPrincipal user, UserAdministration accounts, string? organisationId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.ListAsync(user.ToActor(), organisationId, cancellationToken));

    public static async Task<IResult> Add(AddUserRequest request, ClaimsPrincipal user, UserAdministration accounts, CancellationToken cancellationToken)
    {
        var added = await accounts.AddAsync(user.ToActor(), request, cancellationToken: cancellationToken);
        if (!added.Ok)
        {
            return added.Error!.ToProblem();
        }

        var u = added.Value!;
        return TypedResults.Created($"/api/v1/users/{u.User.Id}", new NewUserAnswer(u.User.Id, u.User.Email!, u.User.OrganisationId, u.Roles, u.Password));
    }

    public static async Task<IResult> Disable(string id, ClaimsPrincipal user, UserAdministration accounts, CancellationToken cancellationToken)
    {
        var disabled = await accounts.DisableAsync(user.ToActor(), id, cancellationToken);
        return disabled.Ok ? TypedResults.Ok(new { id = disabled.Value!.Id, disabled = true }) : disabled.Error!.ToProblem();
    }

    public static async Task<IResult> Reset(string id, ClaimsPrincipal user, OneTimeLinks links, HttpRequest request, CancellationToken cancellationToken)
    {
        var made = await links.CreateResetLinkAsync(user.ToActor(), id, cancellationToken);
        return made.Ok
            ? TypedResults.Ok(new { link = $"{request.Scheme}://{request.Host}/account/reset-password?token={made.Value}" })
            : made.Error!.ToProblem();
    }

    public sealed record NewUserAnswer(string Id, string Email, string OrganisationId, IReadOnlyList<string> Roles, string Password);
}
