using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;

namespace Slagboom.Core.Programme;

/// <summary>Reads the programme of the mainports: public plan figures, readable by every signed-in role.</summary>
public sealed class ProgrammeQueries(AppDbContext db)
{
    public async Task<List<Mainport>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = await db.Mainports.AsNoTracking()
            .Include(m => m.Budgets)
            .Include(m => m.StrategyLines).ThenInclude(s => s.Measures)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        foreach (var m in list)
        {
            Sort(m);
        }

        // The plan's order, not the alphabet's.
        return [.. list.OrderBy(m => Slagboom.Domain.Mainports.MainportCode.All.ToList().IndexOf(m.Code))];
    }

    public async Task<Mainport?> FindAsync(string code, CancellationToken cancellationToken = default)
    {
        var normalized = Slagboom.Domain.Mainports.MainportCode.Parse(code);
        if (normalized is null)
        {
            return null;
        }

        var mainport = await db.Mainports.AsNoTracking()
            .Include(m => m.Budgets)
            .Include(m => m.StrategyLines).ThenInclude(s => s.Measures)
            .AsSplitQuery()
            .FirstOrDefaultAsync(m => m.Code == normalized, cancellationToken);
        if (mainport is not null)
        {
            Sort(mainport);
        }

        return mainport;
    }

    private static void Sort(Mainport m)
    {
        m.Budgets = [.. m.Budgets.OrderBy(b => b.Year)];
        m.StrategyLines = [.. m.StrategyLines.OrderBy(s => s.Number)];
        foreach (var line in m.StrategyLines)
        {
            line.Measures = [.. line.Measures.OrderBy(x => x.Number)];
        }
    }
}
