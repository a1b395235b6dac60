namespace Slagboom.Domain.Events;

/// <summary>
/// The outcome of parsing one event: the typed event, or what is wrong with the field named (for example
/// <c>pass: required for an access event</c>). Expected failures are values, never exceptions.
/// </summary>
public readonly record struct EventParseResult
{
    private EventParseResult(BarrierEvent? value, string? error)
    {
        Event = value;
        Error = error;
    }

    /// <summary>The event when it is valid; otherwise null.</summary>
    public BarrierEvent? Event { get; }

    /// <summary>What is wrong, starting with the field's name where one is to blame; null when valid.</summary>
    public string? Error { get; }

    /// <summary>True when <see cref="Event"/> holds a valid event.</summary>
    public bool IsValid => Event is not null;

    /// <summary>A valid event.</summary>
    public static EventParseResult Valid(BarrierEvent value) => new(value, null);

    /// <summary>A rejected event and why.</summary>
    public static EventParseResult Invalid(string error) => new(null, error);
}
