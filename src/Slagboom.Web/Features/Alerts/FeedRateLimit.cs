using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Slagboom.Web.Features.Alerts;

/// <summary>
/// Slows scraping of the alert feed: per signed-in user (cookie session or API token alike: the user's id, so many
/// tokens of one account share one budget) at most <c>Slagboom:Alerts:FeedRequestsPerMinute</c> requests (default
/// <see cref="DefaultPerMinute"/>) in any minute, counted in a sliding window of six 10-second segments, so that
/// no burst at a window's edge doubles the rate. A control room screen polls every 5 seconds (12 a minute), so
/// several screens of one user stay far below it. Over it: 429 with <c>Retry-After</c> and a problem document, like
/// the other limits. Requests without a user are not counted here; authorisation refuses them.
/// </summary>
public sealed class FeedRateLimit(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string Name = "alert-feed";

    public const int DefaultPerMinute = 120;

    private const int Segments = 6;

    private readonly int _permits = Math.Max(1, configuration.GetValue("Slagboom:Alerts:FeedRequestsPerMinute", DefaultPerMinute));

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1) / Segments;
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = 429, Title = "Too Many Requests", Detail = $"More than {_permits} feed requests a minute; wait and try again." },
        });
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        httpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user
            ? RateLimitPartition.GetSlidingWindowLimiter(user,
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = _permits, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = Segments, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("anonymous");

    public static IServiceCollection AddFeedRateLimit(IServiceCollection services) =>
        services.AddRateLimiter(o => o.AddPolicy<string, FeedRateLimit>(Name));
}
