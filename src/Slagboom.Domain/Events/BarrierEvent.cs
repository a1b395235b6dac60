namespace Slagboom.Domain.Events;

/// <summary>The five kinds of barrier event (CONTRACT.md §6, <c>docs/events.md</c>).</summary>
public enum EventKind
{
    /// <summary>A pass or biometric credential presented at a reader or door.</summary>
    Access,

    /// <summary>A licence-plate read by an ANPR camera, with its candidates.</summary>
    Anpr,

    /// <summary>An object tracked by video analytics (virtual fence, drones).</summary>
    Video,

    /// <summary>An alarm of a smart fence sensor.</summary>
    Fence,

    /// <summary>A terminal gate transaction: a truck in or out.</summary>
    Gate,
}

/// <summary>How a credential was presented at an access reader.</summary>
public enum AccessMethod
{
    /// <summary>A badge or card.</summary>
    Badge,

    /// <summary>A biometric check (iris, finger vein, face).</summary>
    Biometric,
}

/// <summary>Which way a vehicle passes a camera or gate.</summary>
public enum Direction
{
    /// <summary>Not known to the source.</summary>
    Unknown,

    /// <summary>Entering the site.</summary>
    In,

    /// <summary>Leaving the site.</summary>
    Out,
}

/// <summary>What video analytics recognised.</summary>
public enum VideoLabel
{
    /// <summary>A person.</summary>
    Person,

    /// <summary>A car, truck or other land vehicle.</summary>
    Vehicle,

    /// <summary>A boat.</summary>
    Boat,

    /// <summary>A drone.</summary>
    Drone,
}

/// <summary>Where in its life a tracked video object is (Frigate's new/update/end).</summary>
public enum VideoPhase
{
    /// <summary>First detection of the object.</summary>
    Start,

    /// <summary>A later detection of the same object.</summary>
    Update,

    /// <summary>The object left the view; the track is closed.</summary>
    End,
}

/// <summary>The kind of alarm a fence sensor raises.</summary>
public enum FenceAlarm
{
    /// <summary>The fence was cut.</summary>
    Cut,

    /// <summary>Someone climbed or lifted the fence.</summary>
    Climb,

    /// <summary>The sensor's housing or cable was tampered with.</summary>
    Tamper,

    /// <summary>The sensor reports a fault of its own.</summary>
    Fault,
}

/// <summary>
/// One event from a barrier: access control, ANPR, video analytics, a fence or a terminal gate. Immutable; the
/// fields common to every kind live here, the kind's own fields on the derived records. Identifier fields
/// (containers, plates) hold normalised values, so rules and watch lists compare like with like.
/// </summary>
/// <remarks>Created by <see cref="EventParser"/>, which checks every field; see <c>docs/events.md</c>.</remarks>
public abstract record BarrierEvent
{
    /// <summary>The kind of event; fixed by the derived type.</summary>
    public abstract EventKind Kind { get; }

    /// <summary>When it happened at the source, in UTC.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The mainport code (<see cref="Mainports.MainportCode"/>).</summary>
    public required string Mainport { get; init; }

    /// <summary>The system or device that reported it (a head-end, a camera server, a gate system).</summary>
    public required string Source { get; init; }

    /// <summary>The site within the mainport (a terminal, an airport area), when known; required for gate events.</summary>
    public string? Site { get; init; }

    /// <summary>The event's id as given by the source or assigned at ingestion; null when neither gave one.</summary>
    public string? Id { get; init; }
}

/// <summary>A credential presented at an access reader or door.</summary>
public sealed record AccessEvent : BarrierEvent
{
    /// <inheritdoc/>
    public override EventKind Kind => EventKind.Access;

    /// <summary>The pass or credential id (personal data).</summary>
    public required string Pass { get; init; }

    /// <summary>The reader or door.</summary>
    public required string Reader { get; init; }

    /// <summary>The zone behind the reader, when known.</summary>
    public string? Zone { get; init; }

    /// <summary>True when access was granted.</summary>
    public required bool Granted { get; init; }

    /// <summary>Why access was denied (for example <c>revoked</c>), as the head-end says; null when granted or not given.</summary>
    public string? Reason { get; init; }

    /// <summary>Badge or biometric.</summary>
    public required AccessMethod Method { get; init; }
}

/// <summary>One candidate reading of a plate with the camera's confidence.</summary>
/// <param name="Plate">The plate, normalised: <c>CC:CHARACTERS</c> when the country is known, otherwise the characters alone.</param>
/// <param name="Confidence">Between 0 and 1.</param>
public readonly record struct PlateCandidate(string Plate, double Confidence);

/// <summary>A plate read by an ANPR camera. Watch lists match every candidate, not only the best.</summary>
public sealed record AnprEvent : BarrierEvent
{
    /// <inheritdoc/>
    public override EventKind Kind => EventKind.Anpr;

    /// <summary>The camera.</summary>
    public required string Camera { get; init; }

    /// <summary>Which way the vehicle passed.</summary>
    public Direction Direction { get; init; }

    /// <summary>The plate's country (ISO 3166-1 alpha-2), when the camera recognised it.</summary>
    public string? Country { get; init; }

    /// <summary>The candidate readings, best first; never empty.</summary>
    public required IReadOnlyList<PlateCandidate> Candidates { get; init; }

    /// <summary>The best candidate's plate.</summary>
    public string Plate => Candidates[0].Plate;
}

/// <summary>An object tracked by video analytics.</summary>
public sealed record VideoEvent : BarrierEvent
{
    /// <inheritdoc/>
    public override EventKind Kind => EventKind.Video;

    /// <summary>The camera.</summary>
    public required string Camera { get; init; }

    /// <summary>What was recognised.</summary>
    public required VideoLabel Label { get; init; }

    /// <summary>The zones the object has entered so far (may be empty).</summary>
    public required IReadOnlyList<string> Zones { get; init; }

    /// <summary>The detector's score, between 0 and 1.</summary>
    public required double Score { get; init; }

    /// <summary>Start, update or end of the track.</summary>
    public required VideoPhase Phase { get; init; }

    /// <summary>The source's id of the tracked object (Frigate's event id), when given; start, updates and end share it.</summary>
    public string? Track { get; init; }
}

/// <summary>An alarm of a smart fence sensor.</summary>
public sealed record FenceEvent : BarrierEvent
{
    /// <inheritdoc/>
    public override EventKind Kind => EventKind.Fence;

    /// <summary>The sensor.</summary>
    public required string Sensor { get; init; }

    /// <summary>The fence zone (segment).</summary>
    public required string Zone { get; init; }

    /// <summary>The kind of alarm.</summary>
    public required FenceAlarm Alarm { get; init; }
}

/// <summary>A terminal gate transaction (gate-in or gate-out of a truck). The terminal is the event's <see cref="BarrierEvent.Site"/>.</summary>
public sealed record GateEvent : BarrierEvent
{
    /// <inheritdoc/>
    public override EventKind Kind => EventKind.Gate;

    /// <summary>The gate lane.</summary>
    public required string Gate { get; init; }

    /// <summary>In (gate-in) or out (gate-out); never unknown.</summary>
    public required Direction Direction { get; init; }

    /// <summary>The container numbers read (ISO 6346, normalised); may be empty for a truck without a box.</summary>
    public required IReadOnlyList<string> Containers { get; init; }

    /// <summary>The truck's plate (<c>CC:CHARACTERS</c>), when read.</summary>
    public string? Plate { get; init; }

    /// <summary>The carrier's EAN from the CargoCard (GS1 check digit verified), when presented.</summary>
    public string? CarrierEan { get; init; }

    /// <summary>The driver's card (XS-ID), when presented (personal data).</summary>
    public string? DriverCard { get; init; }

    /// <summary>The visit reference (TAR) that ties gate-in to gate-out, when the terminal gives one.</summary>
    public string? Visit { get; init; }
}
