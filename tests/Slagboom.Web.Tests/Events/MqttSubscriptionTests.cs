using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Slagboom.Core.Events;
using Slagboom.Domain.Events;
using Slagboom.Testing;
using Slagboom.Web.Features.Events;

namespace Slagboom.Web.Tests.Events;

/// <summary>
/// The MQTT subscription end to end against MQTTnet's in-process broker: Frigate events and our own JSON stored,
/// bad messages dead-lettered without stopping the stream, and a reconnect after the broker restarts.
/// </summary>
public sealed class MqttSubscriptionTests
{
    internal const string FrigateNew = """{"type":"new","before":{"id":"1764295800.123-abc","camera":"ECT-CAM-17","label":"person","score":0.8},"after":{"id":"1764295800.123-abc","camera":"ECT-CAM-17","label":"person","score":0.84,"top_score":0.87,"false_positive":false,"start_time":1764295800.123,"end_time":null,"frame_time":1764295801.5,"entered_zones":["stack"]}}""";

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Messages_AreStoredOrDeadLettered_AndTheStreamSurvivesABrokerRestart(string provider)
    {
        var port = FreePort();
        var broker = await StartBrokerAsync(port);
        var rules = Directory.CreateTempSubdirectory("slagboom-rules-").FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "video.yaml"), "id: T-VID-1\ntitle: Person in the stack\nseverity: high\ntype: match\nwhere: { kind: video, label: person, zones: stack }\nby: camera\n");
        var config = MqttConfig(port);
        config["Slagboom:Alerts:RulesFolder"] = rules;
        await using var web = await SlagboomWebFactory.StartAsync(provider, settings: config);
        await WaitAsync(() => Task.FromResult(web.Services.GetRequiredService<MqttSubscription>().Subscribed), "subscribed");

        await PublishAsync(port,
            ("frigate/events", FrigateNew),
            ("frigate/events", "{not json"),
            ("slagboom/events/anpr", EventsApiTests.Anpr),
            ("slagboom/events/anpr", EventsApiTests.Access),
            ("slagboom/events/gate", EventsApiTests.Gate));

        await WaitAsync(async () => await web.Instance.QueryAsync(db => db.Events.CountAsync()) == 3 && await web.Instance.QueryAsync(db => db.EventDeadLetters.CountAsync()) == 2, "3 stored, 2 dead letters");
        var video = await web.Instance.QueryAsync(db => db.Events.Include(e => e.Keys).SingleAsync(e => e.Kind == EventKind.Video));
        Assert.Equal(("RTM", "ECT-DELTA", "frigate-ect"), (video.Mainport, video.Site, video.Source));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764295801500).UtcDateTime, video.Time);
        var full = EventJson.Full(video);
        Assert.Contains("\"label\":\"person\"", full, StringComparison.Ordinal);
        Assert.Contains("\"zones\":[\"stack\"]", full, StringComparison.Ordinal);
        Assert.Contains("\"score\":0.87", full, StringComparison.Ordinal);
        Assert.Contains(video.Keys, k => k is { Type: "track", Value: "1764295800.123-abc" });
        // Published, stored, and the running rules raised the alert with the event behind it.
        await WaitAsync(async () => await web.Instance.QueryAsync(db => db.Alerts.CountAsync()) == 1, "an alert");
        var alert = await web.Instance.QueryAsync(db => db.Alerts.Include(a => a.Events).SingleAsync());
        Assert.Equal(("T-VID-1", "ECT-CAM-17", "RTM"), (alert.RuleId, alert.Key, alert.Mainport));
        Assert.Equal(video.EventId, Assert.Single(alert.Events).EventId);
        var dead = await web.Instance.QueryAsync(db => db.EventDeadLetters.OrderBy(d => d.Id).ToListAsync());
        Assert.All(dead, d => Assert.Equal(EventChannels.Mqtt, d.Channel));
        Assert.Contains(dead, d => d.Reason.StartsWith("frigate: not valid JSON", StringComparison.Ordinal) && d.Payload == "{not json");
        Assert.Contains(dead, d => d.Reason.StartsWith("kind:", StringComparison.Ordinal) && d.Origin == "topic:slagboom/events/anpr");

        // The broker goes away and comes back: the subscription reconnects and the stream goes on.
        await broker.StopAsync();
        broker.Dispose();
        await WaitAsync(() => Task.FromResult(!web.Services.GetRequiredService<MqttSubscription>().Subscribed), "noticed the loss");
        broker = await StartBrokerAsync(port);
        await WaitAsync(() => Task.FromResult(web.Services.GetRequiredService<MqttSubscription>().Subscribed), "resubscribed");
        await PublishAsync(port, ("slagboom/events/access", EventsApiTests.Access));
        await WaitAsync(async () => await web.Instance.QueryAsync(db => db.Events.CountAsync(e => e.Kind == EventKind.Access)) == 1, "stored after reconnect");
        await broker.StopAsync();
        broker.Dispose();
    }

    internal static Dictionary<string, string> MqttConfig(int port) => new()
    {
        ["Slagboom:Mqtt:Host"] = "127.0.0.1",
        ["Slagboom:Mqtt:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Slagboom:Mqtt:ClientId"] = "slagboom-test-" + Guid.NewGuid().ToString("N")[..8],
        ["Slagboom:Mqtt:FrigateMainport"] = "RTM",
        ["Slagboom:Mqtt:FrigateSite"] = "ECT-DELTA",
        ["Slagboom:Mqtt:FrigateSource"] = "frigate-ect",
        ["Slagboom:Mqtt:ReconnectSeconds"] = "1",
    };

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task<MqttServer> StartBrokerAsync(int port)
    {
        var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        return server;
    }

    internal static async Task PublishAsync(int port, params (string Topic, string Payload)[] messages)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("sensor-" + Guid.NewGuid().ToString("N")[..8]).Build());
        foreach (var (topic, payload) in messages)
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await client.DisconnectAsync();
    }

    internal static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }
}
