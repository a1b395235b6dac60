using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Signals;
using Slagboom.Domain.Identifiers;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>
/// Staff reporting: a guided form in four short steps (what, where, when, what was involved) that works on a phone.
/// The report goes to the receiving analysts of the chosen mainport with the reporter's name.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class NewModel(ReportService reports, AppDbContext db, Texts texts) : PageModel
{
    public const int ObservableRows = 3;
    public const string SentKey = "report.sent";

    public IReadOnlyList<(string Code, string Name)> Mainports { get; private set; } = [];
    [BindProperty] public string? What { get; set; }
    [BindProperty] public string? Mainport { get; set; }
    [BindProperty] public string? Where { get; set; }
    [BindProperty] public string? When { get; set; }
    [BindProperty] public List<ObservableInput> Observables { get; set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public static IEnumerable<string> ObservableTypes => IdentifierChecker.ObservableTypes;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? when = null;
        if (!string.IsNullOrWhiteSpace(When))
        {
            when = AmsterdamTime.Parse(When);
            if (when is null)
            {
                errors["when"] = [texts["staff.whenInvalid"]];
            }
        }

        if (errors.Count == 0)
        {
            var made = await reports.SubmitStaffAsync(User.ToActor(), new StaffReportInput(Mainport, What, Where, when, Observables), cancellationToken);
            if (made.Ok)
            {
                TempData[SentKey] = texts["staff.sent"];
                return Redirect("/reports/mine");
            }

            errors = made.Error is Invalid invalid ? invalid.Fields.ToDictionary() : new() { ["what"] = [made.Error!.Message] };
        }

        Errors = errors;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var all = await db.Mainports.AsNoTracking().ToListAsync(cancellationToken);
        Mainports = [.. Slagboom.Domain.Mainports.MainportCode.All.Select(c => all.First(m => m.Code == c)).Select(m => (m.Code, texts.Pick(m.NameNl, m.NameEn)))];
        while (Observables.Count < ObservableRows)
        {
            Observables.Add(new ObservableInput(null, null));
        }
    }
}
