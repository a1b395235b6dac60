using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>
/// What a rule raises: which rule, how severe, for which key (the values of the rule's <c>by</c> fields, joined
/// with <c>|</c>), when (event time), and the events behind it. Immutable.
/// </summary>
public sealed record Alert
{
    /// <summary>The rule's id.</summary>
    public required string RuleId { get; init; }

    /// <summary>The rule's title.</summary>
    public required string Title { get; init; }

    /// <summary>The rule's severity.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The rule's type.</summary>
    public required RuleType Type { get; init; }

    /// <summary>What the alert is about: a pass, a plate, a camera, a visit (the rule's group values joined with <c>|</c>).</summary>
    public required string Key { get; init; }

    /// <summary>When it was raised, in event time (for an absence rule: when the expected event became overdue).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The mainport of the events.</summary>
    public required string Mainport { get; init; }

    /// <summary>The site of the last event, when known.</summary>
    public string? Site { get; init; }

    /// <summary>The events behind the alert, oldest first.</summary>
    public required IReadOnlyList<BarrierEvent> Events { get; init; }

    /// <summary>The ids of <see cref="Events"/> (null for an event that has none).</summary>
    public IReadOnlyList<string?> EventIds => [.. Events.Select(e => e.Id)];

    /// <summary>The event whose arrival raised the alert (for an absence rule: the one that moved the clock past the deadline); null when a clock tick raised it.</summary>
    public BarrierEvent? Trigger { get; init; }
}
