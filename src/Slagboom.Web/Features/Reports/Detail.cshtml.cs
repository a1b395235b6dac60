using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Signals;
using Slagboom.Domain.Signals;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>
/// One report for a receiving analyst. Its content shows only after the analyst states a purpose, which the service
/// logs with every opening; the forms below (question, status, signal, download) carry that purpose along. Anyone
/// else gets 404, as for a report that does not exist.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DetailModel(ReportService reports, Texts texts) : PageModel
{
    public ReportSummary Summary { get; private set; } = null!;
    public ReportDetail? Report { get; private set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? AttachmentId { get; set; }
    [BindProperty] public string? SignalTitle { get; set; }
    [BindProperty] public string? SignalDescription { get; set; }
    [BindProperty] public string? SignalCategory { get; set; }
    [BindProperty] public string? SignalOccurredAt { get; set; }
    [BindProperty] public string? SignalTlp { get; set; }
    public string? PurposeError { get; private set; }
    public string? Ok { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyDictionary<string, string[]> SignalErrors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOpenAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? await ReadAsync(id, cancellationToken) : NotFound();

    public async Task<IActionResult> OnPostAskAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var asked = await reports.AskAsync(User.ToActor(), id, Message, cancellationToken);
        if (asked.Ok)
        {
            Ok = texts["reports.asked"];
            Message = null;
        }
        else
        {
            Error = texts["reports.messageRequired"];
        }

        return await ReadAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostStatusAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var set = await reports.SetStatusAsync(User.ToActor(), id, Status, cancellationToken);
        Ok = set.Ok ? texts["reports.statusSet"] : null;
        Error = set.Ok ? null : set.Error!.Message;
        return await ReadAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostSignalAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var occurred = AmsterdamTime.Parse(SignalOccurredAt);
        var input = new SignalInput(SignalTitle, SignalDescription, null, Summary.Mainport, occurred, SignalCategory, null, null, null,
            new DistributionInput("organisation", null), SignalTlp, null);
        var made = await reports.ToSignalAsync(User.ToActor(), id, input, cancellationToken);
        if (made.Ok)
        {
            return Redirect($"/signals/{made.Value!.Id}");
        }

        if (made.Error is Invalid invalid)
        {
            SignalErrors = invalid.Fields;
            Error = texts["reports.signalErrors"];
        }
        else
        {
            Error = made.Error!.Message;
        }

        return await ReadAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostDownloadAsync(string id, CancellationToken cancellationToken)
    {
        var file = await reports.OpenAttachmentAsync(User.ToActor(), id, AttachmentId ?? "", Purpose, cancellationToken);
        if (file.Error is NotFound)
        {
            return NotFound();
        }

        if (!file.Ok)
        {
            await LoadAsync(id, cancellationToken);
            PurposeError = texts["reports.purposeRequired"];
            return Page();
        }

        return File(file.Value!.Bytes, file.Value.Attachment.ContentType, file.Value.Attachment.FileName);
    }

    public string? SignalErrorFor(string field) => SignalErrors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    public static IEnumerable<SignalCategory> Categories => Enum.GetValues<SignalCategory>();

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var found = await reports.SummaryAsync(User.ToActor(), id, cancellationToken);
        if (!found.Ok)
        {
            return false;
        }

        Summary = found.Value!;
        return true;
    }

    private async Task<IActionResult> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var read = await reports.ReadAsync(User.ToActor(), id, Purpose, cancellationToken);
        if (read.Error is NotFound)
        {
            return NotFound();
        }

        if (!read.Ok)
        {
            PurposeError = texts["reports.purposeRequired"];
            return Page();
        }

        Report = read.Value;
        Summary = Summary with { Status = Report!.Status, SignalId = Report.SignalId };
        return Page();
    }
}
