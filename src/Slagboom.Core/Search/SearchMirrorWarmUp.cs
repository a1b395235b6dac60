using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Slagboom.Core.Search;

/// <summary>
/// Brings this instance's search mirror up to date when the server starts (ADR 0008), so that a new instance (or a
/// database migrated to the mirror) builds it then (~40 s per million documents here) rather than in its first
/// user's search. Should it fail (the database not reachable yet), the first search catches up instead.
/// </summary>
public sealed class SearchMirrorWarmUp(SearchMirror mirror, ILogger<SearchMirrorWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await mirror.TryCatchUpAsync("at start", stoppingToken))
        {
            logger.LogInformation("The search mirror is up to date");
        }
    }
}
