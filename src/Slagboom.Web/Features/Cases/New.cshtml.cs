using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Cases;
using Slagboom.Core.Data;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>Opens a case; from a signal's page the signal comes along (when the user may see it).</summary>
[Authorize(Policy = Policies.Content)]
public sealed class NewModel(CaseService cases, AppDbContext db, Texts texts) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Mainport { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public bool ShareTitle { get; set; }
    [BindProperty(SupportsGet = true)] public string? SignalId { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<(string Value, string Label)> Mainports { get; private set; } = [];
    public static IReadOnlyCollection<string> Kinds => SignalCategories.Names;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var created = await cases.CreateAsync(User.ToActor(), new CaseInput(Title, Description, Mainport, Kind, ShareTitle,
            string.IsNullOrWhiteSpace(SignalId) ? null : [SignalId]), cancellationToken);
        if (created.Ok)
        {
            return Redirect($"/cases/{Uri.EscapeDataString(created.Value!.Id)}");
        }

        Errors = created.Error is Slagboom.Core.Errors.Invalid invalid ? invalid.Fields : new Dictionary<string, string[]> { ["title"] = [created.Error!.Message] };
        await LoadAsync(cancellationToken);
        return Page();
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var mainports = await db.Mainports.AsNoTracking().Select(m => new { m.Code, m.NameNl, m.NameEn }).ToListAsync(cancellationToken);
        Mainports = [.. mainports.OrderBy(m => MainportCode.All.ToList().IndexOf(m.Code)).Select(m => (m.Code, texts.Pick(m.NameNl, m.NameEn)))];
    }
}
