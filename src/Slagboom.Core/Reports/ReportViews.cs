using System.Text.Json.Serialization;
using Slagboom.Core.Signals;

namespace Slagboom.Core.Reports;

/// <summary>Body of <c>POST /api/v1/anonymous/reports</c> (CONTRACT.md §4).</summary>
public sealed record AnonymousReportInput(string? Mainport, string? Text, Dictionary<string, string?>? Answers);

/// <summary>A file a reporter sends along.</summary>
public sealed record ReportUpload(string? FileName, Stream Content);

/// <summary>What a staff member reports through the guided form.</summary>
public sealed record StaffReportInput(string? Mainport, string? What, string? Where, DateTimeOffset? When, IReadOnlyList<ObservableInput>? Observables);

/// <summary>The report as its reporter reads it with the receipt (CONTRACT.md §4).</summary>
public sealed record ReporterView(string Text, string Status, IReadOnlyList<MessageView> Messages)
{
    [JsonIgnore]
    public string Mainport { get; init; } = "";

    [JsonIgnore]
    public IReadOnlyList<ReportAnswer> Answers { get; init; } = [];
}

public sealed record MessageView(string From, string Text, DateTime At);

/// <summary>A line of the analysts' report list: no content, only what is needed to pick a report.</summary>
public sealed record ReportSummary(string Id, string Channel, string Mainport, string Status, DateTime CreatedAt, DateTime UpdatedAt, int Messages, string? LastFrom, string? SignalId);

/// <summary>A staff member's own report, for "Mijn meldingen".</summary>
public sealed record OwnReport(string Id, string Mainport, string Status, DateTime CreatedAt, DateTime UpdatedAt, string What);

public sealed record ReportAttachmentView(string Id, string FileName, string ContentType, long Size, DateTime CreatedAt);

/// <summary>Who reported through the staff channel; shown to the receiving analysts alone.</summary>
public sealed record StaffReporter(string Email, string OrganisationName);

/// <summary>A report as a receiving analyst reads it.</summary>
public sealed record ReportDetail(
    string Id,
    string Channel,
    string Mainport,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    ReportContent Content,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<ReportAttachmentView> Attachments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StaffReporter? Reporter,
    string? SignalId);

public sealed record ReportFile(ReportAttachmentView Attachment, byte[] Bytes);
