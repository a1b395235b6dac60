using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Cases;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>The cases the user's organisation owns.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class IndexModel(CaseService cases) : PageModel
{
    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var list = await cases.ListAsync(User.ToActor(), null, cancellationToken);
        Cases = list.Value ?? [];
    }
}
