using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;
using Slagboom.Core.Events;
using Slagboom.Domain.Events;

namespace Slagboom.Web.Features.Events;

/// <summary>
/// Subscribes to the configured MQTT broker (<see cref="MqttSettings"/>) and feeds what arrives into
/// <see cref="EventIngestion"/>: Frigate's events mapped by <see cref="FrigateEvents"/>, and our own JSON on
/// <c>slagboom/events/{kind}</c>. Reconnects after a lost connection; a message that cannot be mapped or parsed
/// goes to the dead-letter store and the stream goes on. Messages are handed from the client's receive loop to a
/// bounded queue and stored in batches (at most <see cref="BatchSize"/> per transaction), so a slow database slows
/// the broker's delivery (QoS 1) instead of filling memory.
/// </summary>
public sealed class MqttSubscription(MqttSettings settings, IServiceScopeFactory scopes, ILogger<MqttSubscription> logger) : BackgroundService
{
    public const int BatchSize = 500;
    private const int QueueLength = 10_000;

    private readonly Channel<(string Topic, byte[] Payload)> _queue = Channel.CreateBounded<(string, byte[])>(
        new BoundedChannelOptions(QueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>True while connected and subscribed (for health and tests).</summary>
    public bool Subscribed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        var consumer = ConsumeAsync(stoppingToken);
        try
        {
            await ConnectLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            await consumer;
        }
    }

    private async Task ConnectLoopAsync(CancellationToken stoppingToken)
    {
        var factory = new MqttClientFactory();
        using var client = factory.CreateMqttClient();
        client.ApplicationMessageReceivedAsync += async e =>
        {
            var payload = e.ApplicationMessage.Payload.ToArray();
            await _queue.Writer.WriteAsync((e.ApplicationMessage.Topic, payload), stoppingToken);
        };
        client.DisconnectedAsync += e =>
        {
            if (Subscribed)
            {
                logger.LogWarning("MQTT connection to {Broker} lost ({Reason}); reconnecting", settings, e.Reason);
            }

            Subscribed = false;
            return Task.CompletedTask;
        };

        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithClientId(settings.ClientId)
            .WithCleanSession(false)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (settings.Username is not null)
        {
            options.WithCredentials(settings.Username, settings.Password);
        }

        var connect = options.Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!client.IsConnected)
            {
                try
                {
                    await client.ConnectAsync(connect, stoppingToken);
                    var subscribe = factory.CreateSubscribeOptionsBuilder()
                        .WithTopicFilter(f => f.WithTopic($"{settings.TopicPrefix}/+").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
                    if (settings.Frigate is not null)
                    {
                        subscribe.WithTopicFilter(f => f.WithTopic(settings.FrigateTopic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
                    }

                    await client.SubscribeAsync(subscribe.Build(), stoppingToken);
                    Subscribed = true;
                    logger.LogInformation("Subscribed to barrier events at {Broker}", settings);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Subscribed = false;
                    logger.LogWarning("Cannot connect to the MQTT broker {Broker}: {Message}; trying again in {Seconds} s", settings, e.Message, settings.ReconnectSeconds);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(settings.ReconnectSeconds), stoppingToken);
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(string Topic, byte[] Payload)>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }

                try
                {
                    await StoreAsync(batch, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Never stop the stream: the batch is lost to the log, the next one is tried.
                    logger.LogError(e, "Could not store {Count} MQTT message(s)", batch.Count);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task StoreAsync(List<(string Topic, byte[] Payload)> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ingestion = scope.ServiceProvider.GetRequiredService<EventIngestion>();
        foreach (var topic in batch.GroupBy(m => m.Topic, StringComparer.Ordinal))
        {
            var sender = new EventSender(EventChannels.Mqtt, $"topic:{topic.Key}", settings.Mainports, null);
            var raw = new List<RawEvent>();
            var index = 0;
            if (settings.Frigate is { } frigate && topic.Key == settings.FrigateTopic)
            {
                foreach (var message in topic)
                {
                    var (json, error) = FrigateEvents.Map(message.Payload, frigate);
                    if (json is null)
                    {
                        await ingestion.DeadLetterAsync(sender, message.Payload, $"frigate: {error}", cancellationToken);
                    }
                    else
                    {
                        raw.Add(new RawEvent(index++, json));
                    }
                }
            }
            else
            {
                var kindWord = topic.Key.StartsWith(settings.TopicPrefix + "/", StringComparison.Ordinal) ? topic.Key[(settings.TopicPrefix.Length + 1)..] : "";
                if (EventJson.KindOf(kindWord) is not { } kind)
                {
                    foreach (var message in topic)
                    {
                        await ingestion.DeadLetterAsync(sender, message.Payload, $"topic: expected {settings.TopicPrefix}/access|anpr|video|fence|gate", cancellationToken);
                    }

                    continue;
                }

                sender = sender with { Kind = kind };
                raw.AddRange(topic.Select(m => new RawEvent(index++, m.Payload)));
            }

            if (raw.Count > 0)
            {
                var outcome = await ingestion.IngestAsync(sender, raw, cancellationToken);
                if (outcome.Rejected > 0)
                {
                    logger.LogInformation("MQTT {Topic}: {Accepted} event(s) stored, {Rejected} refused (kept as dead letters)", topic.Key, outcome.Accepted, outcome.Rejected);
                }
            }
        }
    }
}
