using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Slagboom.Core.Notifications;

/// <summary>
/// Outgoing e-mail, from <c>Slagboom:Smtp:*</c> (environment: <c>Slagboom__Smtp__*</c>): <c>Host</c>, <c>Port</c>
/// (default 587), <c>From</c>, optional <c>User</c> and <c>Password</c>, <c>Security</c> (<c>auto</c> (default),
/// <c>starttls</c>, <c>tls</c>, <c>none</c>) and <c>BaseUrl</c> for links in the mail. Without a host no e-mail is
/// sent, and that is no error.
/// </summary>
public sealed record SmtpSettings(string? Host, int Port, string? From, string? User, string? Password, string Security, string? BaseUrl)
{
    public const string Section = "Slagboom:Smtp";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);

    public static SmtpSettings FromConfiguration(IConfiguration? configuration)
    {
        string? Read(string name) => configuration?[$"{Section}:{name}"] is { Length: > 0 } v ? v.Trim() : null;
        var portText = Read("Port");
        var port = 587;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidOperationException($"{Section}:Port must be a port number, not '{portText}'.");
        }

        var security = (Read("Security") ?? "auto").ToLowerInvariant();
        if (security is not ("auto" or "starttls" or "tls" or "none"))
        {
            throw new InvalidOperationException($"{Section}:Security must be auto, starttls, tls or none, not '{security}'.");
        }

        return new SmtpSettings(Read("Host"), port, Read("From"), Read("User"), Read("Password"), security, Read("BaseUrl"));
    }

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"SmtpSettings {{ Host = {Host}, Port = {Port}, From = {From}, User = {User}, Security = {Security} }}";
}
