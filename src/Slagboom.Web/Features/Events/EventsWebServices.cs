namespace Slagboom.Web.Features.Events;

public static class EventsWebServices
{
    /// <summary>The MQTT subscription (it does nothing unless <c>Slagboom:Mqtt:Host</c> is set).</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MqttSettings.FromConfiguration(configuration));
        services.AddSingleton<MqttSubscription>();
        services.AddHostedService(provider => provider.GetRequiredService<MqttSubscription>());
    }
}
