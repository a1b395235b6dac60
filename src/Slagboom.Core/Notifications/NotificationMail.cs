using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Slagboom.Core.Notifications;

/// <summary>One e-mail to send: to whom, subject and plain text.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>
/// Sends notification e-mail through SMTP (MailKit) when <see cref="SmtpSettings"/> names a server; does nothing
/// otherwise. A mail is a pointer to the platform — "a task was assigned to your organisation" and a link — and
/// never carries task, case or signal content, because e-mail leaves the platform's need-to-know rules behind.
/// Failures are logged (without addresses or content) and never fail the action that caused the mail.
/// </summary>
public sealed class NotificationMail(SmtpSettings settings, ILogger<NotificationMail> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public bool Enabled => settings.Enabled;

    public string Link(string path) => (settings.BaseUrl?.TrimEnd('/') ?? "") + path;

    public async Task SendAsync(IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default)
    {
        if (!settings.Enabled || mails.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
            var security = settings.Security switch
            {
                "none" => SecureSocketOptions.None,
                "tls" => SecureSocketOptions.SslOnConnect,
                "starttls" => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.Auto,
            };
            await client.ConnectAsync(settings.Host!, settings.Port, security, timeout.Token);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", timeout.Token);
            }

            foreach (var mail in mails)
            {
                using var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(settings.From!));
                message.To.Add(MailboxAddress.Parse(mail.To));
                message.Subject = mail.Subject;
                message.Body = new TextPart("plain") { Text = mail.Body };
                await client.SendAsync(message, timeout.Token);
            }

            await client.DisconnectAsync(true, timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Sending {Count} notification e-mail(s) through {Host}:{Port} failed: {Error}", mails.Count, settings.Host, settings.Port, e.GetType().Name);
        }
    }
}
