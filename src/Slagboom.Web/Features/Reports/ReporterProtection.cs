using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Slagboom.Core.Reports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>
/// Tells clients apart for rate limiting without keeping their addresses: the address goes through HMAC-SHA256 with
/// a random key that lives in this process's memory only (never written, new at every start), and only a short
/// prefix of that is held, in memory, for the length of a rate-limit window. Nothing of it is logged or stored.
/// </summary>
public sealed class ClientKeys
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string For(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "none";
        return Convert.ToBase64String(HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes(address)), 0, 12);
    }
}

/// <summary>
/// Slows receipt guessing: each client may miss (use a receipt that opens no report) at most
/// <see cref="AnonymousReportSettings.ReceiptMissesPerMinute"/> times a minute; after that every receipt request of
/// that client — right or wrong — is answered 429 with <c>Retry-After</c> until the window ends, so a guesser cannot
/// tell a hit from a miss by the answer.
/// </summary>
public sealed class ReceiptGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _misses;
    private readonly ClientKeys _clients;

    public ReceiptGuard(AnonymousReportSettings settings, ClientKeys clients)
    {
        _clients = clients;
        _misses = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.ReceiptMissesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>The time to wait when this client has used up its misses; null when it may try.</summary>
    public TimeSpan? Blocked(HttpContext context)
    {
        // Zero permits asks whether the window is used up, without using anything.
        using var lease = _misses.AttemptAcquire(_clients.For(context), 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Miss(HttpContext context)
    {
        using var _ = _misses.AttemptAcquire(_clients.For(context), 1);
    }

    public void Dispose() => _misses.Dispose();
}

/// <summary>Slows floods of anonymous reports: per client (see <see cref="ClientKeys"/>) at most <see cref="AnonymousReportSettings.SubmissionsPerHour"/> an hour.</summary>
public sealed class SubmissionRateLimit(AnonymousReportSettings settings, ClientKeys clients) : IRateLimiterPolicy<string>
{
    public const string Name = "anonymous-report";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
        RateLimitRejection.WriteAsync(context, TimeSpan.FromHours(1), "Too many reports from here; wait and try again.");

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        HttpMethods.IsPost(httpContext.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(clients.For(httpContext),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.SubmissionsPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("read");
}

public static class ReporterProtection
{
    public static IServiceCollection AddReporterProtection(this IServiceCollection services)
    {
        services.AddSingleton<ClientKeys>();
        services.AddSingleton<ReceiptGuard>();
        services.AddRateLimiter(o => o.AddPolicy<string, SubmissionRateLimit>(SubmissionRateLimit.Name));
        return services;
    }
}
