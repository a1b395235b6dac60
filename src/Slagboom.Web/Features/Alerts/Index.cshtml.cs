using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Alerts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Alerts;

/// <summary>
/// The control room's live alert list for one mainport (chosen among the caller's): filtered by status and
/// severity, in keyset pages. Rendered in full on the server (a refresh link works without JavaScript);
/// <c>/js/alerts-live.js</c> polls <c>/api/v1/alerts/feed</c> and redraws the first page from the row template.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class IndexModel(AlertBoard board, Texts texts) : PageModel
{
    public const string DoneKey = "alerts.done";
    public const string ErrorKey = "alerts.error";

    [BindProperty(SupportsGet = true)]
    public string? Mainport { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<string> Mainports { get; private set; } = [];
    public IReadOnlyList<string> Assignees { get; private set; } = [];
    public AlertPage? Listed { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Mainports = await board.MainportsAsync(User.ToActor(), cancellationToken);
        if (Mainports.Count == 0)
        {
            return Page();
        }

        Mainport = Mainports.FirstOrDefault(m => string.Equals(m, Mainport?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? Mainports[0];
        Status = string.IsNullOrWhiteSpace(Status) ? "open" : Status.Trim().ToLowerInvariant();
        Severity = string.IsNullOrWhiteSpace(Severity) ? null : Severity.Trim().ToLowerInvariant();
        var page = await board.PageAsync(User.ToActor(), Mainport, Status, Severity, Cursor, null, cancellationToken);
        if (page.Ok)
        {
            Listed = page.Value;
        }
        else
        {
            Error = texts["alerts.badFilter"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Assignees = await board.AssigneesAsync(User.ToActor(), Mainport, cancellationToken);
        return Page();
    }

    /// <summary>The list's address with the current filters (and a cursor), built from checked values only.</summary>
    public string ListUrl(string? cursor = null) => ListAddress(Mainport, Status, Severity, cursor);

    public static string ListAddress(string? mainport, string? status, string? severity, string? cursor = null)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(mainport))
        {
            query.Add("mainport=" + Uri.EscapeDataString(mainport));
        }

        if (!string.IsNullOrEmpty(status) && status != "open")
        {
            query.Add("status=" + Uri.EscapeDataString(status));
        }

        if (!string.IsNullOrEmpty(severity))
        {
            query.Add("severity=" + Uri.EscapeDataString(severity));
        }

        if (!string.IsNullOrEmpty(cursor))
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        return "/alerts" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    /// <summary>The feed the script polls: the first page with the same filters.</summary>
    public string FeedUrl => "/api/v1/alerts/feed" + ListUrl()[7..];

    /// <summary>The words the script needs to draw a row, in the current language.</summary>
    public string ScriptTexts()
    {
        var keys = new List<string> { "alerts.by", "alerts.promoted", "alerts.newArrived", "alerts.countTimes", "alerts.fresh" };
        keys.AddRange(AlertBoard.StatusFilters.Select(s => "alerts.state." + s));
        keys.AddRange(AlertTriageSettings.Severities.Select(s => "alerts.severity." + s));
        keys.AddRange(AlertCloseReasons.All.Select(r => "alerts.reason." + r));
        return JsonSerializer.Serialize(keys.ToDictionary(k => k, k => texts[k]));
    }
}
