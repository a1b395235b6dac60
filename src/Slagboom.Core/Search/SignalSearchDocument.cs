using Microsoft.EntityFrameworkCore;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Search;

/// <summary>
/// A signal as the search index sees it: two sections of tokens (<see cref="SearchText"/>). <see cref="Public"/>
/// holds what every receiver gets — title, location, partner summary, values of observables that are not personal
/// data; <see cref="Restricted"/> holds what private partners without a legal basis do not get — the description
/// and personal-data values. SQLite indexes the two columns in the FTS5 table <c>SignalSearch</c>; PostgreSQL in the
/// <c>Vector</c> column (weights A and B). Both are created by hand-written SQL (<see cref="SearchSchema"/>).
/// Deleted with its signal (cascade), which also removes it from the full-text index.
/// </summary>
public sealed class SignalSearchDocument
{
    /// <summary>The full-text row id (SQLite FTS5 rowid).</summary>
    public long Key { get; set; }

    public required string SignalId { get; set; }

    public required string Public { get; set; }

    public required string Restricted { get; set; }

    internal static void Configure(ModelBuilder builder) =>
        builder.Entity<SignalSearchDocument>(e =>
        {
            e.ToTable("SignalSearchDocuments");
            e.HasKey(d => d.Key);
            e.HasIndex(d => d.SignalId).IsUnique();
            e.HasOne<Signal>().WithMany().HasForeignKey(d => d.SignalId).OnDelete(DeleteBehavior.Cascade);
        });
}
