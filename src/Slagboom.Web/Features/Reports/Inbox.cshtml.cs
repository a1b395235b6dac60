using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Reports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>The reports the analyst's organisation receives (anonymous and staff), without their content.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class InboxModel(ReportService reports) : PageModel
{
    public IReadOnlyList<ReportSummary> Reports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Reports = await reports.ListAsync(User.ToActor(), null, cancellationToken);
}
