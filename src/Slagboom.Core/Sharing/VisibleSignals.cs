using Slagboom.Core.Data;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Sharing;

/// <summary>
/// The one way a use case fetches a single signal for a caller: by id, through <see cref="SharingPolicy"/>, so that a
/// signal the caller may not see and one that does not exist look the same.
/// </summary>
public static class VisibleSignals
{
    /// <summary>Ids are server-made and short; anything longer is no signal.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The signal with <paramref name="id"/> when <paramref name="viewer"/> may see it; an empty query otherwise.</summary>
    public static IQueryable<Signal> VisibleSignal(this AppDbContext db, Viewer viewer, string? id) =>
        string.IsNullOrEmpty(id) || id.Length > MaxIdLength
            ? db.Signals.Where(_ => false)
            : db.Signals.Where(SharingPolicy.Visible(viewer)).Where(s => s.Id == id);

    /// <summary>The audit subject for a signal id as the caller gave it, cut to a sane length.</summary>
    public static string Subject(string? id) => "signal:" + (id is null ? "" : id.Length <= MaxIdLength ? id : id[..MaxIdLength]);
}
