using System.Security.Claims;
using System.Text;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Exports;

public static class ExportsApi
{
    public const string MarkingHeader = "X-TLP-Marking";

    public static void MapExports(this IEndpointRouteBuilder api) =>
        api.MapGet("/exports/signals", Export).RequireAuthorization(Policies.SignedIn).WithTags("signals")
            .WithSummary("Exports the signals the caller may see (q and mainport as for the list; at most 1000) as JSON or CSV (format=csv), marked with the strictest TLP among them; every exported signal is logged with its recipient.");

    public static async Task<IResult> Export(string? q, string? mainport, string? format, ClaimsPrincipal user, SignalExports exports, HttpResponse response, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "csv"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Use format=json or format=csv."] });
        }

        var export = await exports.ExportAsync(user.ToActor(), q, mainport, cancellationToken);
        if (!export.Ok)
        {
            return export.Error!.ToProblem();
        }

        response.Headers[MarkingHeader] = export.Value!.Marking;
        var name = $"slagboom-signals-{export.Value.Marking.Replace(':', '-').Replace('+', '-')}";
        return format == "csv"
            ? TypedResults.File(Encoding.UTF8.GetBytes(SignalExports.ToCsv(export.Value)), "text/csv; charset=utf-8", name + ".csv")
            : TypedResults.Json(export.Value, statusCode: 200);
    }
}
