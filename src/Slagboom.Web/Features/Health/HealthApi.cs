using Microsoft.AspNetCore.Http.HttpResults;
using Slagboom.Core.Data;

namespace Slagboom.Web.Features.Health;

public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", Get).AllowAnonymous().WithSummary("Liveness and database reachability.").WithTags("health");

    public static async Task<Results<Ok<HealthAnswer>, ProblemHttpResult>> Get(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(new HealthAnswer("ok"))
            : TypedResults.Problem(statusCode: 503, title: "Database unreachable");

    public sealed record HealthAnswer(string Status);
}
