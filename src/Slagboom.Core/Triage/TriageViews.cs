using Slagboom.Core.Signals;

namespace Slagboom.Core.Triage;

/// <summary>One line of the inbox: where it came from and what the analysts decided, never the reporter's words.</summary>
public sealed record InboxItem(
    string Channel,
    string Id,
    string Mainport,
    DateTime ReceivedAt,
    long AgeSeconds,
    string State,
    string Priority,
    string? Category,
    IReadOnlyList<string> ModusOperandi,
    int? ProcessStep,
    IReadOnlyList<ObservableView> Observables,
    string? SignalId,
    string? MergedInto,
    string? DismissReason,
    DateTime? DismissedAt);

/// <summary>Classification of an item: category, modus-operandi codes, process step and the observables extracted.</summary>
public sealed record ClassifyInput(string? Category, IReadOnlyList<string>? ModusOperandi, int? ProcessStep, IReadOnlyList<ObservableInput>? Observables);

/// <summary>A merge of one signal into another, as the owner sees it.</summary>
public sealed record MergeView(string Id, string SurvivorSignalId, string MergedSignalId, int ObservablesAdded, DateTime MergedAt, DateTime? UndoneAt);

/// <summary>What a signal's owner sees of merges around it: the signals merged into it, and the one it is merged into.</summary>
public sealed record SignalMergeState(IReadOnlyList<MergeView> MergedFrom, MergeView? MergedInto);
