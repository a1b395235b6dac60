using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Slagboom.Web.Infrastructure;

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

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
        RateLimitRejection.WriteAsync(context, TimeSpan.FromMinutes(1) / Segments, $"More than {_permits} feed requests a minute; wait and try again.");

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        httpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user
            ? RateLimitPartition.GetSlidingWindowLimiter(user,
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = _permits, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = Segments, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("anonymous");

    public static IServiceCollection AddFeedRateLimit(IServiceCollection services) =>
        services.AddRateLimiter(o => o.AddPolicy<string, FeedRateLimit>(Name));
}
