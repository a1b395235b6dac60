using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Hosting;

namespace Slagboom.Core.Search;

/// <summary>
/// On PostgreSQL, brings this instance's search mirror up to date when the server starts (ADR 0008), so that a new
/// instance builds it then (~40 s per million documents here) rather than in its first user's search. Should it fail
/// (the database not reachable yet), the first search catches up instead.
/// </summary>
public sealed class SearchMirrorWarmUp(SlagboomSettings settings, SearchMirror mirror, ILogger<SearchMirrorWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.UsesPostgres)
        {
            return;
        }

        if (await mirror.TryCatchUpAsync("at start", stoppingToken))
        {
            logger.LogInformation("The search mirror is up to date");
        }
    }
}
