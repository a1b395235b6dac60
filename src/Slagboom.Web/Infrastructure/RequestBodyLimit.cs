using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// Request body limits per endpoint: 1 MB unless the endpoint declares more (attachments). A declared body that is
/// too large is answered 413 as ProblemDetails before any work is done; a body of unknown length is cut off by the
/// server at the same limit. Runs after routing so that it knows the endpoint, and works the same under every
/// server (including the in-process test server).
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long defaultMaxBytes) => app.Use(async (context, next) =>
    {
        var maxBytes = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultMaxBytes;
        if (context.Request.ContentLength > maxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Payload Too Large", Detail = $"A request body may hold at most {maxBytes} bytes here." },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        await next();
    });
}
