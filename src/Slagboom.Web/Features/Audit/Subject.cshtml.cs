using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Audit;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Audit;

/// <summary>A data-subject request: everything stored about a value and every access to it. The lookup itself is logged with its purpose.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class SubjectModel(AuditQueries queries, Texts texts) : PageModel
{
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    public DataSubjectReport? Report { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Value) || string.IsNullOrWhiteSpace(Purpose))
        {
            Error = texts["subject.missing"];
            return Page();
        }

        var report = await queries.AboutValueAsync(User.ToActor(), Value, Purpose, cancellationToken);
        if (report.Ok)
        {
            Report = report.Value;
        }
        else
        {
            Error = report.Error!.Message;
        }

        return Page();
    }
}
