using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Slagboom.Web.Infrastructure;

/// <summary>What every rate limit answers when it refuses a request: 429, <c>Retry-After</c> in whole seconds and a problem document.</summary>
public static class RateLimitRejection
{
    /// <summary><c>Retry-After</c> for a wait: whole seconds, rounded up, at least one.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the refusal; <paramref name="fallback"/> is the wait when the limiter does not say.</summary>
    public static async ValueTask WriteAsync(OnRejectedContext context, TimeSpan fallback, string detail)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : fallback;
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = RetryAfterSeconds(wait);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = 429, Title = "Too Many Requests", Detail = detail },
        });
    }
}
