using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Slagboom.Core.Retention;

namespace Slagboom.Core.Events;

public static class EventServices
{
    /// <summary>Event settings, the ingestion path and the event retention step.</summary>
    public static IServiceCollection AddSlagboomEvents(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => EventSettings.FromConfiguration(provider.GetService<IConfiguration>()));
        services.AddScoped<EventIngestion>();
        services.AddScoped<EventRetention>();
        services.AddScoped<IRetentionStep>(provider => provider.GetRequiredService<EventRetention>());
        services.TryAddSingleton(provider => Alerts.AlertSettings.FromConfiguration(provider.GetService<IConfiguration>()));
        services.AddScoped<Alerts.AlertService>();
        Alerts.AlertControlRoomServices.Add(services);
        services.AddSingleton<Alerts.RulesRuntime>();
        services.AddSingleton<IEventListener>(provider => provider.GetRequiredService<Alerts.RulesRuntime>());
        RuleBook.RuleBookServices.Add(services);
        return services;
    }
}
