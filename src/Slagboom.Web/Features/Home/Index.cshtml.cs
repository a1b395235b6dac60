using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Programme;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Home;

/// <summary>The programme at a glance: the five mainports, each linking to its own home page.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(ProgrammeQueries programme) : PageModel
{
    public List<Mainport> Mainports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Mainports = await programme.ListAsync(cancellationToken);
}
