using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Attachments;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Domain.Mainports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>
/// The public reporting page of one mainport: the text, the mainport's questions and optional files. No antiforgery
/// token (it would need a cookie, and a forged anonymous report is no worse than a real one); the receipt is shown
/// once in the answer to the POST, never in a URL.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(SubmissionRateLimit.Name)]
[RequestSizeLimit(AttachmentStore.MaxBytes + (64 * 1024))]
public sealed class ReportModel(ReportService reports, ReportingSetup setup, AppDbContext db) : PageModel
{
    public string Mainport { get; private set; } = "";
    public string MainportName { get; private set; } = "";
    public IReadOnlyList<ReportQuestionView> Questions { get; private set; } = [];
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public Dictionary<string, string?> Answers { get; set; } = [];
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Receipt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string mainport, CancellationToken cancellationToken) =>
        await LoadAsync(mainport, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string mainport, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(mainport, cancellationToken))
        {
            return NotFound();
        }

        var uploads = Files.Where(f => f.Length > 0).Select(f => new ReportUpload(f.FileName, f.OpenReadStream())).ToList();
        try
        {
            var made = await reports.SubmitAnonymousAsync(new AnonymousReportInput(Mainport, Text, Answers), uploads, cancellationToken);
            if (made.Ok)
            {
                Receipt = made.Value;
                Text = null;
                Answers = [];
            }
            else
            {
                Errors = made.Error is Invalid invalid ? invalid.Fields : new Dictionary<string, string[]> { ["text"] = [made.Error!.Message] };
            }
        }
        finally
        {
            foreach (var upload in uploads)
            {
                await upload.Content.DisposeAsync();
            }
        }

        return Page();
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task<bool> LoadAsync(string mainport, CancellationToken cancellationToken)
    {
        var code = MainportCode.Parse(mainport);
        var found = code is null ? null : await db.Mainports.AsNoTracking().FirstOrDefaultAsync(m => m.Code == code, cancellationToken);
        if (found is null)
        {
            return false;
        }

        Mainport = found.Code;
        MainportName = Texts.IsEnglish ? found.NameEn : found.NameNl;
        Questions = await setup.QuestionsAsync(found.Code, cancellationToken);
        return true;
    }
}
