using Microsoft.Extensions.DependencyInjection;

namespace Slagboom.Core.Triage;

public static class TriageServices
{
    /// <summary>The triage inbox, its sources and the reporting figures. Another source registers one more <see cref="ITriageSource"/>.</summary>
    public static IServiceCollection AddSlagboomTriage(this IServiceCollection services)
    {
        services.AddScoped<ITriageSource, ReportTriageSource>();
        services.AddScoped<ITriageSource, ImportedSignalTriageSource>();
        services.AddScoped<ITriageSource, Alerts.AlertTriageSource>();
        services.AddScoped<TriageService>();
        services.AddScoped<TriageFigures>();
        return services;
    }
}
