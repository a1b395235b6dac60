using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.RuleBook;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Rules;

/// <summary>A mainport's stored rules: status, active and latest version; editors start a new one from here.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class IndexModel(RuleBookService book, RuleBookAccess access) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Mainport { get; set; }

    public IReadOnlyList<string> Mainports { get; private set; } = [];
    public IReadOnlyList<RuleSummary> Rules { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        Mainports = await access.MainportsAsync(actor, cancellationToken);
        Mainport = Mainports.FirstOrDefault(m => string.Equals(m, Mainport, StringComparison.OrdinalIgnoreCase)) ?? (Mainports.Count > 0 ? Mainports[0] : null);
        if (Mainport is null)
        {
            return;
        }

        var listed = await book.ListAsync(actor, Mainport, cancellationToken);
        Rules = listed.Value ?? [];
        CanEdit = await access.EditsAsync(actor, Mainport, cancellationToken);
    }
}
