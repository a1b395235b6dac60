using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Imports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Imports;

/// <summary>
/// How one of the user's imports stands. While it runs, <c>/js/imports.js</c> polls <c>/api/v1/imports/{id}</c> and
/// updates the figures, reloading the page when the status changes; without JavaScript the refresh link does the same.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class ProgressModel(ImportJobs imports) : PageModel
{
    public const string MessageKey = "imports.message";

    public ImportJobView Import { get; private set; } = null!;
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await imports.GetAsync(User.ToActor(), id, cancellationToken);
        if (!found.Ok)
        {
            return NotFound();
        }

        Import = found.Value!;
        Message = TempData[MessageKey] as string;
        return Page();
    }
}
