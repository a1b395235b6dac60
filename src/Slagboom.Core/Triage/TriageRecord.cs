namespace Slagboom.Core.Triage;

/// <summary>
/// The triage state of one inbox item (a report, an imported signal, later an alert), made on the first triage
/// action. Items without a record are new. The item itself stays where its source keeps it; this row holds only
/// what the analyst decided: classification, extracted observables, priority, the signal made, a dismissal.
/// </summary>
public sealed class TriageRecord
{
    public required string Id { get; set; }

    /// <summary>The channel the item came in by (<see cref="TriageChannel"/>).</summary>
    public required string Channel { get; set; }

    /// <summary>The item's id in its source (report id, signal id).</summary>
    public required string SourceId { get; set; }

    public required string Mainport { get; set; }

    /// <summary>When the source received the item (copied, so figures need no join).</summary>
    public DateTime ReceivedAt { get; set; }

    /// <summary><see cref="TriageState"/>.</summary>
    public required string State { get; set; }

    /// <summary><see cref="TriagePriority"/>.</summary>
    public required string Priority { get; set; }

    /// <summary>Category word (<c>incident</c>, <c>approach-of-staff</c>, …) or null while unclassified.</summary>
    public string? Category { get; set; }

    /// <summary>Modus-operandi codes from the catalogue, separated by <c>;</c>.</summary>
    public string ModusOperandi { get; set; } = "";

    public int? ProcessStep { get; set; }

    /// <summary>The signal the item became (or is, for signal sources).</summary>
    public string? SignalId { get; set; }

    public DateTime? SignalAt { get; set; }

    public string? DismissReason { get; set; }
    public DateTime? DismissedAt { get; set; }
    public string? DismissedByUserId { get; set; }

    /// <summary>The first triage action on the item: "time to triage" counts up to here.</summary>
    public DateTime FirstActionAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The organisation whose analyst triaged it first.</summary>
    public required string OrganisationId { get; set; }

    public List<TriageObservable> Observables { get; set; } = [];
}

/// <summary>An observable the analyst extracted from an item, checked and normalised like a signal's.</summary>
public sealed class TriageObservable
{
    public required string TriageRecordId { get; set; }
    public int Position { get; set; }
    public required string Type { get; set; }
    public required string Value { get; set; }
}

/// <summary>
/// Signal B merged into signal A. B itself is not changed: it is hidden from lists while the merge stands, and A
/// names the observables of B it did not name before (listed here, so that undoing removes exactly those).
/// Undone merges are kept, with when and by whom.
/// </summary>
public sealed class SignalMerge
{
    public required string Id { get; set; }
    public required string SurvivorSignalId { get; set; }
    public required string MergedSignalId { get; set; }

    /// <summary>Ids of the observables the merge added to the survivor, separated by <c>;</c>.</summary>
    public string AddedObservableIds { get; set; } = "";

    public DateTime MergedAt { get; set; }
    public required string MergedByUserId { get; set; }
    public DateTime? UndoneAt { get; set; }
    public string? UndoneByUserId { get; set; }
}

/// <summary>The channels of the inbox. Sources added later (rule alerts) add their own word.</summary>
public static class TriageChannel
{
    public const string Anonymous = "anonymous";
    public const string Staff = "staff";
    public const string Import = "import";

    /// <summary>Rule alerts promoted from the control room (<c>Slagboom.Core.Alerts.AlertTriageSource</c>).</summary>
    public const string Alert = "alert";

    public static IReadOnlyList<string> All { get; } = [Anonymous, Staff, Import, Alert];
}

public static class TriageState
{
    /// <summary>No decision yet (also: no record at all).</summary>
    public const string New = "new";

    /// <summary>Classified or prioritised, not yet decided.</summary>
    public const string InProgress = "in-progress";

    /// <summary>Became a signal (or, for signal sources, accepted as one).</summary>
    public const string Signal = "signal";

    public const string Dismissed = "dismissed";

    public static IReadOnlyList<string> All { get; } = [New, InProgress, Signal, Dismissed];
}

public static class TriagePriority
{
    public const string Low = "low";
    public const string Normal = "normal";
    public const string High = "high";
    public const string Urgent = "urgent";

    public static IReadOnlyList<string> All { get; } = [Low, Normal, High, Urgent];

    /// <summary>Urgent first when sorting.</summary>
    public static int Rank(string priority) => priority switch { Urgent => 0, High => 1, Normal => 2, _ => 3 };
}
