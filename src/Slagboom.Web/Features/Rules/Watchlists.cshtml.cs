using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.RuleBook;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Rules;

/// <summary>A mainport's watch lists; editors create new ones.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class WatchlistsModel(WatchlistService lists, RuleBookAccess access, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Mainport { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Type { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public IReadOnlyList<string> Mainports { get; private set; } = [];
    public IReadOnlyList<WatchlistSummary> Lists { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Mainport is null || !CanEdit)
        {
            return NotFound();
        }

        var made = await lists.CreateAsync(User.ToActor(), Mainport, Name ?? "", Type ?? "", Description, cancellationToken);
        if (made.Ok)
        {
            return Redirect($"/watchlists/{made.Value!.Id}");
        }

        if (made.Error is Invalid invalid)
        {
            Errors = invalid.Fields;
        }
        else
        {
            Error = made.Error is Conflict ? texts["watchlists.exists"] : made.Error!.Message;
        }

        return Page();
    }

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        Mainports = await access.MainportsAsync(actor, cancellationToken);
        Mainport = Mainports.FirstOrDefault(m => string.Equals(m, Mainport, StringComparison.OrdinalIgnoreCase)) ?? (Mainports.Count > 0 ? Mainports[0] : null);
        if (Mainport is null)
        {
            return;
        }

        Lists = (await lists.ListAsync(actor, Mainport, cancellationToken)).Value ?? [];
        CanEdit = await access.EditsAsync(actor, Mainport, cancellationToken);
    }
}
