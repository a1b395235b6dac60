namespace Slagboom.Web.Infrastructure;

/// <summary>
/// Answers 413 as ProblemDetails to a request whose declared body is larger than the limit, before any work is
/// done. Kestrel also enforces the limit on bodies of unknown length; this makes the answer the same under every
/// server (including the in-process test server) and gives it a readable body.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > maxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Payload Too Large", Detail = $"A request body may hold at most {maxBytes} bytes." },
            });
            return;
        }

        await next();
    });
}
