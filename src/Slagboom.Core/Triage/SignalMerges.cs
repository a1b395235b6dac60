using System.Linq.Expressions;
using Slagboom.Core.Data;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Triage;

/// <summary>Which signals lists show: every signal except one merged into another while that merge stands.</summary>
public static class SignalMerges
{
    /// <summary>False for a signal that is merged into another (it is then listed only as part of the survivor).</summary>
    public static Expression<Func<Signal, bool>> Listed(AppDbContext db) =>
        s => !db.SignalMerges.Any(m => m.MergedSignalId == s.Id && m.UndoneAt == null);
}
