using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Programme;

/// <summary>A mainport's home page: its budget per year (table and chart), strategy lines and measures.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class MainportModel(Slagboom.Core.Programme.ProgrammeQueries programme) : PageModel
{
    public Slagboom.Core.Programme.Mainport? Mainport { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        Mainport = await programme.FindAsync(code, cancellationToken);
        return Mainport is null ? NotFound() : Page();
    }
}
