using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Slagboom.Core.Retention;

/// <summary>
/// Runs <see cref="RetentionJob"/> a minute after the server starts and then every
/// <see cref="RetentionSettings.IntervalMinutes"/> (default 60). Several server instances may run it at once: the
/// job locks what it deletes, so each expired signal goes (and is logged) once.
/// </summary>
public sealed class RetentionSchedule(IServiceScopeFactory scopes, RetentionSettings retention, TimeProvider clock, ILogger<RetentionSchedule> logger) : BackgroundService
{
    /// <summary>Not at once: a server that restarts often still runs retention, without slowing its start.</summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(retention.IntervalMinutes), clock);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunOnceAsync(stoppingToken);
                    foreach (var step in scope.ServiceProvider.GetServices<IRetentionStep>())
                    {
                        await step.RunOnceAsync(stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The retention run failed; will try again in {Minutes} minutes", retention.IntervalMinutes);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
