using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Reports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>"Mijn meldingen": the member's own staff reports and what became of them — feedback keeps people reporting.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class MineModel(ReportService reports) : PageModel
{
    public IReadOnlyList<OwnReport> Reports { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Message = TempData[NewModel.SentKey] as string;
        Reports = await reports.MineAsync(User.ToActor(), cancellationToken);
    }
}
