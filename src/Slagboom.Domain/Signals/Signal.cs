using Slagboom.Domain.Sharing;

namespace Slagboom.Domain.Signals;

/// <summary>
/// A signal (<em>signaal</em>): something a partner saw that others may need to know — an incident, an approach of
/// staff, an intrusion, a seizure, a modus-operandi alert. Owned by the organisation that created it; who else
/// sees it is decided by <see cref="SharingPolicy"/> alone.
/// </summary>
public sealed class Signal
{
    /// <summary>Opaque id.</summary>
    public required string Id { get; set; }

    /// <summary>The organisation that created the signal and alone changes its distribution and TLP.</summary>
    public required string OwnerOrganisationId { get; set; }

    /// <summary>The user who created it.</summary>
    public required string CreatedByUserId { get; set; }

    /// <summary>Short title, seen by every receiver.</summary>
    public required string Title { get; set; }

    /// <summary>Full description; private partners without a recorded legal basis receive <see cref="PartnerSummary"/> instead.</summary>
    public required string Description { get; set; }

    /// <summary>What private partners may read instead of the description; absent when none was written.</summary>
    public string? PartnerSummary { get; set; }

    /// <summary>Mainport code (RTM, ZWB, NZK, SCH, FLO).</summary>
    public required string Mainport { get; set; }

    /// <summary>Where, in words (a terminal, a gate, a stack position).</summary>
    public string? Location { get; set; }

    /// <summary>Optional WGS84 latitude.</summary>
    public double? Latitude { get; set; }

    /// <summary>Optional WGS84 longitude.</summary>
    public double? Longitude { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>Kind of signal.</summary>
    public SignalCategory Category { get; set; }

    /// <summary>Modus-operandi codes from the catalogue, separated by <c>;</c> (for example <c>SEA-C01;SEA-T01</c>).</summary>
    public string ModusOperandi { get; set; } = "";

    /// <summary>Step of the criminal logistics process (0–9) in the chain of the mainport's type.</summary>
    public int? ProcessStep { get; set; }

    /// <summary>Who besides the owner receives it once published.</summary>
    public DistributionLevel Distribution { get; set; }

    /// <summary>The sharing group, when <see cref="Distribution"/> is <see cref="DistributionLevel.Group"/>.</summary>
    public string? SharingGroupId { get; set; }

    /// <summary>TLP marking.</summary>
    public Tlp Tlp { get; set; }

    /// <summary>Draft (owner only) or published.</summary>
    public SignalStatus Status { get; set; }

    /// <summary>
    /// The legal basis the owner recorded for disclosing personal data and the full description to private partners;
    /// null means private partners receive pseudonyms and the partner summary.
    /// </summary>
    public string? PersonalDataLegalBasis { get; set; }

    /// <summary>A legal hold stops retention from deleting the signal (and what belongs to it) until lifted.</summary>
    public bool LegalHold { get; set; }

    /// <summary>When it was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it last changed (UTC); retention counts from here.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>When it was published (UTC), if it was.</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>
    /// The id the signal had in the source it was imported from (at most 100 characters), unique per owner
    /// organisation, so that importing the same file twice adds nothing; null for signals written here.
    /// </summary>
    public string? ExternalId { get; set; }

    /// <summary>The observables (typed identifiers) the signal names.</summary>
    public List<SignalObservable> Observables { get; set; } = [];

    /// <summary>Files attached to the signal, stored encrypted.</summary>
    public List<Attachment> Attachments { get; set; } = [];
}

/// <summary>
/// A file attached to a signal. The bytes live encrypted in the data folder under a server-generated name; the
/// name the uploader gave is kept only for display and download.
/// </summary>
public sealed class Attachment
{
    /// <summary>Opaque id, also the stored file's name.</summary>
    public required string Id { get; set; }

    /// <summary>The signal it belongs to; it is deleted with it.</summary>
    public required string SignalId { get; set; }

    /// <summary>The uploader's file name, cleaned of paths and control characters.</summary>
    public required string FileName { get; set; }

    /// <summary>Media type from the allow-list, decided from the content, not from the uploader's claim.</summary>
    public required string ContentType { get; set; }

    /// <summary>Size of the plain file in bytes.</summary>
    public long Size { get; set; }

    /// <summary>SHA-256 of the plain file, hex.</summary>
    public required string Sha256 { get; set; }

    /// <summary>When it was attached (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Who attached it.</summary>
    public required string CreatedByUserId { get; set; }
}

/// <summary>Draft or published.</summary>
public enum SignalStatus
{
    /// <summary>Visible to the owner organisation only.</summary>
    Draft = 1,

    /// <summary>Shared according to its distribution.</summary>
    Published = 2,
}

/// <summary>An observable as named in one signal; the observable itself is stored once per normalised (type, value).</summary>
public sealed class SignalObservable
{
    /// <summary>The signal.</summary>
    public required string SignalId { get; set; }

    /// <summary>The observable.</summary>
    public required string ObservableId { get; set; }

    /// <summary>Navigation to the observable.</summary>
    public Observable? Observable { get; set; }

    /// <summary>Position in the signal's list, to keep the author's order.</summary>
    public int Position { get; set; }

    /// <summary>
    /// The signal's time of occurrence, kept beside the link so that the sightings of a value are read newest first
    /// straight from one index (observable, occurred, signal), however common the value.
    /// </summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>
    /// The only organisation that, besides public organisations, receives this signal's description and personal data
    /// in clear: the owner, while no legal basis for disclosure to private partners is recorded; null once one is
    /// (<see cref="Sharing.SharingPolicy.LinkClearOnlyTo(Signal)"/>). Kept beside the link, as <see cref="OccurredAt"/> is, so
    /// that a private partner's sightings of a personal-data value are read from one index (observable, this,
    /// occurred, signal) instead of walking every link of the value. Only a pre-filter: the policy still decides on
    /// the signal itself.
    /// </summary>
    public string? ClearOnlyTo { get; set; }

    /// <summary>A link of <paramref name="signal"/> to an observable, with the signal's facts that the link carries.</summary>
    public static SignalObservable Of(Signal signal, string observableId, int position, Observable? observable = null) => new()
    {
        SignalId = signal.Id,
        ObservableId = observableId,
        Observable = observable,
        Position = position,
        OccurredAt = signal.OccurredAt,
        ClearOnlyTo = Sharing.SharingPolicy.LinkClearOnlyTo(signal),
    };
}

/// <summary>A typed, normalised identifier (container number, plate, phone number, …), stored once.</summary>
public sealed class Observable
{
    /// <summary>Opaque id.</summary>
    public required string Id { get; set; }

    /// <summary>Type as in CONTRACT.md §3 (for example <c>container</c>, <c>plate-nl</c>, <c>person</c>).</summary>
    public required string Type { get; set; }

    /// <summary>The normalised value.</summary>
    public required string Value { get; set; }

    /// <summary>Lower-cased value: the key on which observables match (vessel names match case-insensitively).</summary>
    public required string MatchKey { get; set; }

    /// <summary>True for personal-data types, which private partners receive as pseudonyms.</summary>
    public bool IsPersonalData { get; set; }
}
