using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Sharing;

namespace Slagboom.Core.Cases;

public sealed record OrganisationTaskCount(string OrganisationId, string Name, int Open, int Overdue);

/// <summary>
/// Open tasks on a mainport's home page, counting only what the viewer may know: the tasks given to its own
/// organisation; the tasks of the cases it owns, per assigned organisation; and one total for the mainport, without
/// any breakdown by case or organisation.
/// </summary>
public sealed record TaskFigureSet(int OwnOpen, int OwnOverdue, IReadOnlyList<OrganisationTaskCount> OwnCasesByOrganisation, int MainportOpen);

public sealed class TaskFigures(AppDbContext db, Viewers viewers, TimeProvider clock)
{
    /// <summary>Null for a caller without a content role (they see no cases, so no figures about them).</summary>
    public async Task<TaskFigureSet?> ForMainportAsync(Actor actor, string mainport, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent)
        {
            return null;
        }

        var overdueBefore = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var pending = db.Set<CaseTask>().AsNoTracking()
            .Where(t => (t.Status == CaseTaskStatus.Open || t.Status == CaseTaskStatus.InProgress) && t.Case!.Mainport == mainport && t.Case.Status == CaseStatus.Open);
        var org = viewer.OrganisationId;
        var ownOpen = await pending.CountAsync(t => t.AssignedOrganisationId == org, cancellationToken);
        var ownOverdue = await pending.CountAsync(t => t.AssignedOrganisationId == org && t.DueDate <= overdueBefore, cancellationToken);
        var byOrganisation = await pending.Where(t => t.Case!.OwnerOrganisationId == org)
            .GroupBy(t => t.AssignedOrganisationId)
            .Select(g => new { Id = g.Key, Open = g.Count(), Overdue = g.Count(t => t.DueDate <= overdueBefore) })
            .ToListAsync(cancellationToken);
        var ids = byOrganisation.Select(b => b.Id).ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var total = await pending.CountAsync(cancellationToken);
        return new TaskFigureSet(ownOpen, ownOverdue,
            [.. byOrganisation.Select(b => new OrganisationTaskCount(b.Id, names.GetValueOrDefault(b.Id, ""), b.Open, b.Overdue)).OrderBy(b => b.Name, StringComparer.CurrentCulture)],
            total);
    }
}
