using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Slagboom.Core.Notifications;

namespace Slagboom.Core.Cases;

public static class CaseServices
{
    /// <summary>Cases, templates, figures, deadlines and notifications; SMTP settings from configuration when the host has one.</summary>
    public static IServiceCollection AddSlagboomCases(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => SmtpSettings.FromConfiguration(provider.GetService<IConfiguration>()));
        services.AddSingleton<NotificationMail>();
        services.AddScoped<Notifications.Notifications>();
        services.AddScoped<CaseTemplates>();
        services.AddScoped<CaseService>();
        services.AddScoped<TaskDeadlines>();
        services.AddScoped<TaskFigures>();
        return services;
    }
}
