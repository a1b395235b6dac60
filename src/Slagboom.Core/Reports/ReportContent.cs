namespace Slagboom.Core.Reports;

/// <summary>What a reporter wrote; serialised to JSON and encrypted with the report's key before it is stored.</summary>
public sealed record ReportContent(
    string Text,
    IReadOnlyList<ReportAnswer> Answers,
    string? Where = null,
    DateTimeOffset? When = null,
    IReadOnlyList<ReportObservable>? Observables = null);

/// <summary>An answer with the question as it was asked (questions may change later).</summary>
public sealed record ReportAnswer(string Key, string Question, string Answer);

public sealed record ReportObservable(string Type, string Value);
