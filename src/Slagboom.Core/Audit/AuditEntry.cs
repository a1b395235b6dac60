namespace Slagboom.Core.Audit;

/// <summary>
/// One append-only entry of the audit trail. Entries form a SHA-256 chain: each hash covers the entry's fields and
/// the previous entry's hash, so a changed, deleted or reordered row breaks the chain from that row on.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Consecutive number; assigned under the append lock, so it is part of the chain too.</summary>
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public string? OrganisationId { get; set; }
    public required string Action { get; set; }
    public string? Subject { get; set; }
    public string? Purpose { get; set; }
    public required string Outcome { get; set; }
    /// <summary>For disclosures and exports: who received the data.</summary>
    public string? Recipients { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>
/// The latest hash of the chain signed with the audit-signing key kept outside the database: a rewritten tail
/// (every hash recomputed after an edit) no longer matches a seal.
/// </summary>
public sealed class AuditSeal
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string Hash { get; set; }
    public required string Signature { get; set; }
    public DateTime At { get; set; }
}

/// <summary>
/// Written by <c>slagboom audit prune</c> before entries up to <see cref="EntryId"/> are deleted: the hash of the
/// last pruned entry, signed, from which <c>audit verify</c> then starts the chain.
/// </summary>
public sealed class AuditCheckpoint
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string Hash { get; set; }
    public required string Signature { get; set; }
    public DateTime At { get; set; }
}
