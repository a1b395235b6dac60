using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Alerts;
using Slagboom.Core.Errors;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Alerts;

/// <summary>
/// One alert: its rule, status history, the events behind it with their fields (plates with candidates, passes,
/// containers, camera, zone) — a read that is audited — and the operator's actions: acknowledge, assign, close with
/// a reason, promote to the triage inbox. The list's row forms post here too (<c>?handler=change</c>).
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class DetailModel(AlertBoard board, AlertService alerts, AlertPromotions promotions, Texts texts) : PageModel
{
    public AlertDetail? Detail { get; private set; }
    public IReadOnlyList<string> Assignees { get; private set; } = [];
    public string? Error { get; private set; }

    /// <summary>Refused values of a promotion just made (also kept with the promotion).</summary>
    [TempData]
    public string? Done { get; set; }

    [BindProperty(Name = "do")]
    public string? Do { get; set; }

    [BindProperty]
    public string? Assignee { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Back { get; set; }

    [BindProperty]
    public string? Extra { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostChangeAsync(string id, CancellationToken cancellationToken)
    {
        var action = Do?.Trim().ToLowerInvariant() ?? "";
        var changed = await alerts.ChangeAsync(User.ToActor(), id, action, Assignee, Reason, cancellationToken);
        var back = ListBack();
        if (changed.Ok)
        {
            var done = texts[action switch { "acknowledge" => "alerts.acknowledged", "assign" => "alerts.assigned", _ => "alerts.closed" }];
            if (back is not null)
            {
                TempData[IndexModel.DoneKey] = done;
                return Redirect(back);
            }

            Done = done;
            return Redirect(Here(id));
        }

        if (changed.Error is NotFound)
        {
            return NotFound();
        }

        if (back is not null)
        {
            TempData[IndexModel.ErrorKey] = changed.Error!.Message;
            return Redirect(back);
        }

        return await FailAsync(id, changed.Error!, cancellationToken);
    }

    public async Task<IActionResult> OnPostPromoteAsync(string id, CancellationToken cancellationToken)
    {
        var made = await promotions.PromoteAsync(User.ToActor(), id, ParseObservables(Extra), cancellationToken);
        if (made.Ok)
        {
            Done = texts["alerts.promotedDone"];
            return Redirect(Here(id));
        }

        return made.Error is NotFound ? NotFound() : await FailAsync(id, made.Error!, cancellationToken);
    }

    /// <summary>The list to go back to after an action posted from the list; only our own list's address is followed.</summary>
    private string? ListBack() =>
        Back is { Length: > 0 and <= 500 } back && (back == "/alerts" || back.StartsWith("/alerts?", StringComparison.Ordinal)) && Url.IsLocalUrl(back) ? back : null;

    private async Task<IActionResult> FailAsync(string id, Error error, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Error = error is Invalid invalid ? string.Join(" ", invalid.Fields.SelectMany(f => f.Value)) : error.Message;
        Response.StatusCode = error is Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var detail = await board.DetailAsync(User.ToActor(), id, cancellationToken);
        if (!detail.Ok)
        {
            return false;
        }

        Detail = detail.Value;
        Assignees = await board.AssigneesAsync(User.ToActor(), Detail!.Alert.Mainport, cancellationToken);
        return true;
    }

    private static string Here(string id) => "/alerts/" + Uri.EscapeDataString(id);

    /// <summary>One observable per line, written <c>type: value</c> (a line without a type is refused with the reason).</summary>
    private static List<ObservableInput> ParseObservables(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l =>
        {
            var split = l.IndexOf(':', StringComparison.Ordinal);
            return split < 0 ? new ObservableInput(null, l) : new ObservableInput(l[..split].Trim(), l[(split + 1)..].Trim());
        })];
}
