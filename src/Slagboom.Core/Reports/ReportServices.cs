using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Slagboom.Core.Retention;

namespace Slagboom.Core.Reports;

public static class ReportServices
{
    /// <summary>The reporting channels' settings (from <see cref="IConfiguration"/> when the host has one) and use cases.</summary>
    public static IServiceCollection AddSlagboomReports(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => AnonymousReportSettings.FromConfiguration(provider.GetService<IConfiguration>()));
        services.AddSingleton<ReportSealing>();
        services.AddSingleton<Receipts>();
        services.AddScoped<ReportingSetup>();
        services.AddScoped<ReportService>();
        services.AddScoped<ReportRetention>();
        services.AddScoped<IRetentionStep>(provider => provider.GetRequiredService<ReportRetention>());
        return services;
    }
}
