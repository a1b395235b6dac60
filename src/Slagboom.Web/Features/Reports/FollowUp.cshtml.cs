using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>
/// The reporter's mailbox: the receipt is typed into a form and POSTed (never in a URL, no cookie); the page shows
/// the report, its status and the analysts' questions, takes an answer, and replaces the receipt on request. Every
/// receipt that opens nothing counts against the client's misses (<see cref="ReceiptGuard"/>).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class FollowUpModel(ReportService reports, ReceiptGuard guard, Texts texts) : PageModel
{
    [BindProperty] public string? Receipt { get; set; }
    [BindProperty] public string? Message { get; set; }
    public ReporterView? Report { get; private set; }
    public string? NewReceipt { get; private set; }
    public string? Error { get; private set; }
    public string? MessageError { get; private set; }
    public string? Sent { get; private set; }

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostOpenAsync(CancellationToken cancellationToken) =>
        GuardedAsync(async () => await reports.OpenAsync(Receipt, cancellationToken));

    public Task<IActionResult> OnPostReplyAsync(CancellationToken cancellationToken) =>
        GuardedAsync(async () =>
        {
            var replied = await reports.ReplyAsync(Receipt, Message, cancellationToken);
            if (replied.Error is Invalid)
            {
                MessageError = texts["anon.messageRequired"];
                return await reports.OpenAsync(Receipt, cancellationToken);
            }

            if (replied.Ok)
            {
                Message = null;
                Sent = texts["anon.messageSent"];
            }

            return replied;
        });

    public Task<IActionResult> OnPostReplaceAsync(CancellationToken cancellationToken) =>
        GuardedAsync(async () =>
        {
            var replaced = await reports.ReplaceReceiptAsync(Receipt, cancellationToken);
            if (!replaced.Ok)
            {
                return replaced.Error!;
            }

            NewReceipt = Receipt = replaced.Value;
            return await reports.OpenAsync(Receipt, cancellationToken);
        });

    private async Task<IActionResult> GuardedAsync(Func<Task<Result<ReporterView>>> work)
    {
        if (guard.Blocked(HttpContext) is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = RateLimitRejection.RetryAfterSeconds(wait);
            Error = texts.Format("anon.tooMany", RateLimitRejection.RetryAfterSeconds(wait));
            Receipt = null;
            return Page();
        }

        var result = await work();
        if (result.Error is NotFound)
        {
            guard.Miss(HttpContext);
            Error = texts["anon.noSuchReceipt"];
            Receipt = null;
            return Page();
        }

        Report = result.Value;
        return Page();
    }
}
