using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Slagboom.Core.Audit;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Audit;

/// <summary>The audit trail for auditors: search, CSV export (itself logged), and a check of the chain.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(AuditQueries queries, AuditTrail trail, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateTime? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public string? Outcome { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public IReadOnlyList<AuditRow> Entries { get; private set; } = [];
    public string? Next { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public string ExportUrl => QueryHelpers.AddQueryString("/audit", Query(("handler", "Export")));
    public string NextUrl => QueryHelpers.AddQueryString("/audit", Query(("cursor", Next)));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var exported = await queries.ExportCsvAsync(User.ToActor(), Filter(), output, cancellationToken);
        if (!exported.Ok)
        {
            Error = exported.Error!.Message;
            await LoadAsync(cancellationToken);
            return Page();
        }

        return File(System.Text.Encoding.UTF8.GetBytes(output.ToString()), "text/csv; charset=utf-8", "slagboom-audit.csv");
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        var result = await trail.VerifyAsync(cancellationToken);
        if (result.Ok)
        {
            Message = texts.Format("audit.verifyOk", result.Entries);
        }
        else
        {
            Error = texts.Format("audit.verifyBroken", result.BrokenEntryId ?? 0, result.Reason ?? "");
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var page = await queries.SearchAsync(User.ToActor(), Filter(), null, Cursor, cancellationToken);
        if (page.Ok)
        {
            Entries = page.Value!.Items;
            Next = page.Value.Next;
        }
        else
        {
            Error = page.Error!.Message;
        }
    }

    private AuditFilter Filter() => new(
        From is null ? null : DateTime.SpecifyKind(From.Value.Date, DateTimeKind.Utc),
        To is null ? null : DateTime.SpecifyKind(To.Value.Date.AddDays(1), DateTimeKind.Utc),
        null,
        null,
        string.IsNullOrWhiteSpace(Action) ? null : Action.Trim(),
        string.IsNullOrWhiteSpace(Subject) ? null : Subject.Trim(),
        string.IsNullOrWhiteSpace(Outcome) ? null : Outcome);

    private Dictionary<string, string?> Query(params (string Key, string? Value)[] extra)
    {
        var query = new Dictionary<string, string?>
        {
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["action"] = Action,
            ["subject"] = Subject,
            ["outcome"] = Outcome,
        };
        foreach (var (key, value) in extra)
        {
            query[key] = value;
        }

        return query.Where(q => !string.IsNullOrEmpty(q.Value)).ToDictionary(q => q.Key, q => q.Value);
    }
}
