using Microsoft.AspNetCore.Http.HttpResults;
using Slagboom.Core.Errors;
using Conflict = Slagboom.Core.Errors.Conflict;
using NotFound = Slagboom.Core.Errors.NotFound;

namespace Slagboom.Web.Infrastructure;

/// <summary>The one place where a use case's expected failure becomes an HTTP answer.</summary>
public static class ApiProblems
{
    public static IResult ToProblem(this Error error) => error switch
    {
        Invalid invalid => TypedResults.ValidationProblem(invalid.Fields, title: "The request has invalid fields."),
        // Something the caller may not see looks exactly like something that does not exist.
        NotFound => TypedResults.Problem(statusCode: 404, title: "Not Found", detail: error.Message),
        Conflict => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: error.Message),
        InUse inUse => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: error.Message, extensions: new Dictionary<string, object?> { ["usedBy"] = inUse.UsedBy }),
        Forbidden => TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: error.Message),
        _ => TypedResults.Problem(statusCode: 400, title: "Bad Request", detail: error.Message),
    };

    public static ProblemHttpResult NotFoundProblem(string detail = "Not found.") =>
        TypedResults.Problem(statusCode: 404, title: "Not Found", detail: detail);

    public static bool IsApi(this HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/taxii2");
}
