namespace Slagboom.Core.Cases;

/// <summary>The API's words for case and task statuses, outcome kinds and drugs.</summary>
public static class CaseTerms
{
    private static readonly Dictionary<string, CaseTaskStatus> TaskStatuses = new(StringComparer.Ordinal)
    {
        ["open"] = CaseTaskStatus.Open,
        ["in-progress"] = CaseTaskStatus.InProgress,
        ["done"] = CaseTaskStatus.Done,
        ["declined"] = CaseTaskStatus.Declined,
    };

    private static readonly Dictionary<string, CaseOutcomeKind> OutcomeKinds = new(StringComparer.Ordinal)
    {
        ["seizure"] = CaseOutcomeKind.Seizure,
        ["arrests"] = CaseOutcomeKind.Arrests,
        ["administrative-measures"] = CaseOutcomeKind.AdministrativeMeasures,
        ["riec-referral"] = CaseOutcomeKind.RiecReferral,
        ["note"] = CaseOutcomeKind.Note,
    };

    public static IReadOnlyList<string> Drugs { get; } = ["cocaine", "heroin", "cannabis", "synthetic", "other"];

    public static IReadOnlyCollection<string> TaskStatusNames => TaskStatuses.Keys;

    public static IReadOnlyCollection<string> OutcomeKindNames => OutcomeKinds.Keys;

    public static CaseTaskStatus? ParseTaskStatus(string? text) =>
        text is not null && TaskStatuses.TryGetValue(text.Trim().ToLowerInvariant(), out var s) ? s : null;

    public static CaseOutcomeKind? ParseOutcomeKind(string? text) =>
        text is not null && OutcomeKinds.TryGetValue(text.Trim().ToLowerInvariant(), out var k) ? k : null;

    public static CaseStatus? ParseCaseStatus(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "open" => CaseStatus.Open,
        "closed" => CaseStatus.Closed,
        _ => null,
    };

    public static string ToText(this CaseTaskStatus status) => TaskStatuses.First(s => s.Value == status).Key;

    public static string ToText(this CaseOutcomeKind kind) => OutcomeKinds.First(k => k.Value == kind).Key;

    public static string ToText(this CaseStatus status) => status == CaseStatus.Open ? "open" : "closed";

    /// <summary>Open and in-progress tasks still need doing.</summary>
    public static bool IsPending(this CaseTaskStatus status) => status is CaseTaskStatus.Open or CaseTaskStatus.InProgress;
}
