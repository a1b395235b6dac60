using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// Slows password guessing: sign-in attempts (POSTs) per client address in a fixed window. The address is held
/// in memory for the window only, never stored. Account lockout (Identity) adds a per-account limit.
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSlagboomRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Slagboom:SignInAttemptsPerMinute", 10);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("read"));
            options.OnRejected = (context, _) => RateLimitRejection.WriteAsync(context, TimeSpan.FromMinutes(1), "Too many sign-in attempts; wait and try again.");
        });
        return services;
    }
}
