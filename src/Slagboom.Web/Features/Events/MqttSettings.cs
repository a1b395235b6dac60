using System.Globalization;
using Slagboom.Core.Events;
using Slagboom.Domain.Mainports;

namespace Slagboom.Web.Features.Events;

/// <summary>
/// The MQTT subscription, from <c>Slagboom:Mqtt:*</c> (environment <c>Slagboom__Mqtt__Host</c> and so on). Off
/// unless <c>Host</c> is set. Topics: Frigate's <c>frigate/events</c> (needs <c>FrigateMainport</c>, since Frigate
/// knows no mainports) and <c>slagboom/events/{kind}</c> carrying our own JSON, one event per message.
/// </summary>
public sealed record MqttSettings(
    string? Host,
    int Port = 1883,
    string? Username = null,
    string? Password = null,
    string ClientId = "slagboom",
    string FrigateTopic = "frigate/events",
    string? FrigateMainport = null,
    string? FrigateSite = null,
    string FrigateSource = "frigate",
    string TopicPrefix = "slagboom/events",
    IReadOnlySet<string>? Mainports = null,
    int ReconnectSeconds = 5)
{
    public const string Section = "Slagboom:Mqtt";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public FrigateOrigin? Frigate => FrigateMainport is null ? null : new FrigateOrigin(FrigateMainport, FrigateSite, FrigateSource);

    // The password is never part of the record's text (logs, exceptions).
    public override string ToString() => $"mqtt://{Host}:{Port} as {Username ?? "(anonymous)"}";

    /// <exception cref="InvalidOperationException">A value is malformed.</exception>
    public static MqttSettings FromConfiguration(IConfiguration configuration)
    {
        string? Get(string name) => configuration[$"{Section}:{name}"] is { Length: > 0 } v ? v.Trim() : null;
        int Number(string name, int fallback, int min, int max)
        {
            var text = Get(name);
            if (text is null)
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new InvalidOperationException($"{Section}:{name} must be a whole number from {min} to {max}, not '{text}'.");
        }

        string? Mainport(string? code) => code is null ? null
            : MainportCode.All.Contains(code.ToUpperInvariant()) ? code.ToUpperInvariant()
            : throw new InvalidOperationException($"{Section}: unknown mainport '{code}'.");

        var mainports = Get("Mainports")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => Mainport(m)!).ToHashSet(StringComparer.Ordinal);
        var d = new MqttSettings(Host: null);
        return new MqttSettings(
            Get("Host"),
            Number("Port", d.Port, 1, 65535),
            Get("Username"),
            Get("Password"),
            Get("ClientId") ?? d.ClientId,
            Get("FrigateTopic") ?? d.FrigateTopic,
            Mainport(Get("FrigateMainport")),
            Get("FrigateSite"),
            Get("FrigateSource") ?? d.FrigateSource,
            (Get("TopicPrefix") ?? d.TopicPrefix).TrimEnd('/'),
            mainports is { Count: > 0 } ? mainports : null,
            Number("ReconnectSeconds", d.ReconnectSeconds, 1, 3600));
    }
}
