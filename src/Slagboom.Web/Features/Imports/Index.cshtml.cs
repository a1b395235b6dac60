using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.Imports;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Imports;

/// <summary>
/// Upload a CSV or JSON lines file of signals (as <c>slagboom import</c> reads it); it is processed in the background
/// and its progress shown at <c>/imports/{id}</c>. Lists the user's own imports, finished or failed included.
/// </summary>
[Authorize(Policy = Policies.Content)]
[RequestSizeLimit(ImportJobs.MaxBytes + (64 * 1024))]
public sealed class IndexModel(ImportJobs imports, Texts texts) : PageModel
{
    public IReadOnlyList<ImportJobView> Imports { get; private set; } = [];
    [BindProperty] public string? Format { get; set; }
    [BindProperty] public bool Publish { get; set; }
    public string? FileError { get; private set; }
    public string? FormatError { get; private set; }
    public string? Error { get; private set; }

    public static string MaxSize => AttachmentFormat.Size(ImportJobs.MaxBytes);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Imports = await imports.ListAsync(User.ToActor(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            FileError = texts["imp.error.file"];
        }
        else if (file.Length > ImportJobs.MaxBytes)
        {
            FileError = texts.Format("imp.error.tooLarge", MaxSize);
        }
        else
        {
            var content = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(content, cancellationToken);
            }

            var started = await imports.StartAsync(User.ToActor(), User.FindFirstValue(ClaimTypes.Email) ?? "", file.FileName,
                string.IsNullOrEmpty(Format) ? null : Format, Publish, content, cancellationToken);
            switch (started.Error)
            {
                case null:
                    TempData[ProgressModel.MessageKey] = texts["imp.started"];
                    return Redirect("/imports/" + Uri.EscapeDataString(started.Value!.Id));
                case Invalid invalid when invalid.Fields.ContainsKey("format"):
                    FormatError = texts["imp.error.format"];
                    break;
                case Invalid:
                    FileError = content.Length == 0 ? texts["imp.error.empty"] : texts.Format("imp.error.tooLarge", MaxSize);
                    break;
                case Conflict conflict:
                    Error = conflict.Message == ImportJobs.BusyMessage ? texts["imp.error.busy"] : texts["imp.error.full"];
                    break;
                default:
                    return Forbid();
            }
        }

        Error ??= FileError ?? FormatError;
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
