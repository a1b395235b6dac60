using Microsoft.Extensions.DependencyInjection;

namespace Slagboom.Core.RuleBook;

public static class RuleBookServices
{
    /// <summary>Stored rules, watch lists and who may change them.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddScoped<RuleBookAccess>();
        services.AddScoped<RuleBookService>();
        services.AddScoped<WatchlistService>();
    }
}
