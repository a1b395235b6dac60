using Slagboom.Core.Audit;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// Signs the latest audit hash every few minutes (<c>Slagboom:AuditSealMinutes</c>, default 5), so that a rewritten
/// tail of the trail is detected by <c>slagboom audit verify</c>. Several instances may do this at once: sealing
/// takes the same lock as appending and skips when nothing is new.
/// </summary>
public sealed class AuditSealing(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<AuditSealing> logger, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Slagboom:AuditSealMinutes", 5)));
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditTrail>().SealAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Sealing the audit trail failed; will try again");
            }
        }
    }
}
