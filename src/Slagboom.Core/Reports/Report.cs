namespace Slagboom.Core.Reports;

/// <summary>
/// A report from the anonymous channel or from a signed-in member (staff channel). Everything the reporter wrote
/// (text, answers, where and when, observables) lives in <see cref="Sealed"/>, encrypted with the report's own key,
/// which is stored only wrapped by the server's reports key (<see cref="WrappedKey"/>). The receipt of an anonymous
/// report is never stored: only its HMAC under the server's receipts key, for lookup.
/// </summary>
public sealed class Report
{
    public required string Id { get; set; }

    /// <summary><see cref="ReportChannel.Anonymous"/> or <see cref="ReportChannel.Staff"/>.</summary>
    public required string Channel { get; set; }

    public required string Mainport { get; set; }

    /// <summary><see cref="ReportStatus.Received"/>, <see cref="ReportStatus.BeingHandled"/> or <see cref="ReportStatus.Closed"/>.</summary>
    public required string Status { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>HMAC-SHA256 of the receipt under the receipts key (hex); null once reporter access has ended, and for staff reports.</summary>
    public string? ReceiptHash { get; set; }

    /// <summary>The last time the reporter used the receipt (submit, read, reply, replace); access ends a configured time after it.</summary>
    public DateTime? ReporterActiveAt { get; set; }

    /// <summary>Staff channel only: the reporting user and organisation, shown to the receiving analysts alone.</summary>
    public string? ReporterUserId { get; set; }
    public string? ReporterOrganisationId { get; set; }

    /// <summary>The report's own AES-256 key, encrypted with the server's reports key (AES-GCM, bound to the report id).</summary>
    public required byte[] WrappedKey { get; set; }

    /// <summary>The reporter's words as encrypted JSON (<see cref="ReportContent"/>).</summary>
    public required byte[] Sealed { get; set; }

    /// <summary>The draft signal an analyst made from this report, if any.</summary>
    public string? SignalId { get; set; }

    public List<ReportMessage> Messages { get; set; } = [];
    public List<ReportAttachment> Attachments { get; set; } = [];
}

/// <summary>One message of the two-way mailbox; its text is encrypted with the report's key.</summary>
public sealed class ReportMessage
{
    public required string Id { get; set; }
    public required string ReportId { get; set; }

    /// <summary><c>reporter</c> or <c>analyst</c>.</summary>
    public required string From { get; set; }

    /// <summary>The analyst who wrote it; null for the reporter.</summary>
    public string? AuthorUserId { get; set; }
    public required byte[] Sealed { get; set; }
    public DateTime At { get; set; }
}

/// <summary>A file sent with a report: encrypted on disk with the report's key; its name is encrypted too.</summary>
public sealed class ReportAttachment
{
    public required string Id { get; set; }
    public required string ReportId { get; set; }
    public required byte[] SealedName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An organisation whose analysts receive the reports of a mainport (set by the platform admin).</summary>
public sealed class ReceivingOrganisation
{
    public required string MainportCode { get; set; }
    public required string OrganisationId { get; set; }
}

/// <summary>A question of a mainport's reporting questionnaire, in Dutch and English.</summary>
public sealed class ReportQuestion
{
    public required string Id { get; set; }
    public required string MainportCode { get; set; }
    public int Position { get; set; }
    public required string TextNl { get; set; }
    public required string TextEn { get; set; }
}

public static class ReportChannel
{
    public const string Anonymous = "anonymous";
    public const string Staff = "staff";
}

public static class ReportStatus
{
    public const string Received = "received";
    public const string BeingHandled = "being-handled";
    public const string Closed = "closed";

    public static IReadOnlyList<string> All { get; } = [Received, BeingHandled, Closed];
}

public static class MessageFrom
{
    public const string Reporter = "reporter";
    public const string Analyst = "analyst";
}
