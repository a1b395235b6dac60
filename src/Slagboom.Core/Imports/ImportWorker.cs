using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Slagboom.Core.Imports;

/// <summary>
/// Runs the web UI's imports one after another, in the background, as they arrive in <see cref="PendingImports"/>.
/// An import that throws is marked failed (the reason is logged, not shown); the worker goes on with the next.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, PendingImports queue, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ImportJobs>().ExpireStaleAsync(stoppingToken);
            }

            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ImportJobs>().RunAsync(work, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Import {Id} failed", work.JobId);
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ImportJobs>().FinishAsync(work.JobId, ImportStatus.Failed,
                        "The import stopped on an unexpected error; batches already stored stay. Upload the file again to complete it.", CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
