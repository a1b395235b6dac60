using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Slagboom.Core.Retention;

public static class RetentionServices
{
    /// <summary>
    /// Retention settings (from <see cref="IConfiguration"/> when the host has one, else the defaults) and the
    /// retention job. The schedule that runs the job (<see cref="RetentionSchedule"/>) is added by the server only.
    /// </summary>
    public static IServiceCollection AddSlagboomRetention(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => RetentionSettings.FromConfiguration(provider.GetService<IConfiguration>()));
        services.AddScoped<RetentionJob>();
        return services;
    }
}
