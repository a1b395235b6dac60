using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace Slagboom.Web.Features.ApiReference;

/// <summary>
/// A browsable reference of the HTTP API, made from the same endpoint metadata as the OpenAPI document, served
/// from our own page (no third-party viewer, nothing from other sites).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(EndpointDataSource endpoints) : PageModel
{
    public sealed record Operation(string Tag, string Method, string Path, string Access, string Summary);

    public List<Operation> Operations { get; private set; } = [];

    public void OnGet()
    {
        Operations = [.. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/api", StringComparison.Ordinal) || p == "/health"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => new Operation(
                e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is [var tag, ..] ? tag : "api",
                method,
                e.RoutePattern.RawText!,
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null ? "anonymous"
                    : string.Join(", ", e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? a.Roles ?? "signed-in").Distinct()),
                e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? "")))
            .OrderBy(o => o.Tag, StringComparer.Ordinal).ThenBy(o => o.Path, StringComparer.Ordinal)];
    }
}
