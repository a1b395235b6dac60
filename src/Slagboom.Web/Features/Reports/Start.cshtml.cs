using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Programme;

namespace Slagboom.Web.Features.Reports;

/// <summary>The public entry of the anonymous channel: what is promised, and a page per mainport.</summary>
[AllowAnonymous]
public sealed class StartModel(AppDbContext db) : PageModel
{
    public IReadOnlyList<Mainport> Mainports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await db.Mainports.AsNoTracking().ToListAsync(cancellationToken);
        Mainports = [.. Slagboom.Domain.Mainports.MainportCode.All.Select(c => all.FirstOrDefault(m => m.Code == c)).OfType<Mainport>()];
    }
}
