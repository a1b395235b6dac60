using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Signals;
using Slagboom.Core.Triage;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Triage;

/// <summary>
/// One inbox item: read the report (with a purpose, logged), classify, extract observables, set priority, make a
/// signal, dismiss or reopen; merge its signal into another or undo that.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class ItemModel(TriageService triage, ReportService reports, AppDbContext db, Texts texts) : PageModel
{
    public const string DoneKey = "triage.done";

    public InboxItem? Item { get; private set; }
    public ReportDetail? Report { get; private set; }
    public SignalMergeState? Merges { get; private set; }
    public IReadOnlyList<Choice> Catalogue { get; private set; } = [];
    public IReadOnlyList<Choice> ProcessSteps { get; private set; } = [];

    /// <summary>Field errors of the form just posted, by field name.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Purpose { get; set; }

    [BindProperty]
    public string? Category { get; set; }

    [BindProperty]
    public string? ModusOperandi { get; set; }

    [BindProperty]
    public string? ProcessStep { get; set; }

    [BindProperty]
    public string? Observables { get; set; }

    [BindProperty]
    public string? Priority { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? PartnerSummary { get; set; }

    [BindProperty]
    public string? OccurredAt { get; set; }

    [BindProperty]
    public string? Distribution { get; set; }

    [BindProperty]
    public string? Tlp { get; set; }

    [BindProperty]
    public string? Into { get; set; }

    public async Task<IActionResult> OnGetAsync(string channel, string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(channel, id, cancellationToken))
        {
            return NotFound();
        }

        if (!string.IsNullOrWhiteSpace(Purpose) && Item!.Channel is TriageChannel.Anonymous or TriageChannel.Staff)
        {
            var read = await reports.ReadAsync(User.ToActor(), Item.Id, Purpose, cancellationToken);
            if (read.Ok)
            {
                Report = read.Value;
            }
            else
            {
                Errors = new Dictionary<string, string[]> { ["purpose"] = [texts["triage.purposeRequired"]] };
            }
        }

        return Page();
    }

    public Task<IActionResult> OnPostClassifyAsync(string channel, string id, CancellationToken cancellationToken) =>
        ActAsync(channel, id, "triage.classified", () =>
        {
            var (observables, lines) = ParseObservables(Observables);
            return WithLinesAsync(triage.ClassifyAsync(User.ToActor(), channel, id,
                new ClassifyInput(Category, Codes(ModusOperandi), int.TryParse(ProcessStep, out var step) ? step : null, observables), cancellationToken), lines);
        }, cancellationToken);

    public Task<IActionResult> OnPostPriorityAsync(string channel, string id, CancellationToken cancellationToken) =>
        ActAsync(channel, id, "triage.prioritised", () => triage.SetPriorityAsync(User.ToActor(), channel, id, Priority, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDismissAsync(string channel, string id, CancellationToken cancellationToken) =>
        ActAsync(channel, id, "triage.dismissed", () => triage.DismissAsync(User.ToActor(), channel, id, Reason, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReopenAsync(string channel, string id, CancellationToken cancellationToken) =>
        ActAsync(channel, id, "triage.reopened", () => triage.ReopenAsync(User.ToActor(), channel, id, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostSignalAsync(string channel, string id, CancellationToken cancellationToken)
    {
        var input = new SignalInput(Title, Description, PartnerSummary, null, AmsterdamTime.Parse(OccurredAt), null, null, null, null,
            new DistributionInput(Distribution, null), Tlp, null);
        var made = await triage.ToSignalAsync(User.ToActor(), channel, id, input, cancellationToken);
        if (made.Ok)
        {
            TempData[DoneKey] = texts["triage.signalMade"];
            return Redirect($"/signals/{Uri.EscapeDataString(made.Value!.SignalId!)}");
        }

        if (OccurredAt is not null && AmsterdamTime.Parse(OccurredAt) is null && made.Error is Invalid)
        {
            // The service only knows that no time came; say why.
            made = new Invalid(new Dictionary<string, string[]>(((Invalid)made.Error).Fields) { ["occurredAt"] = [texts["triage.badTime"]] });
        }

        return await FailAsync(channel, id, made.Error!, cancellationToken);
    }

    public async Task<IActionResult> OnPostMergeAsync(string channel, string id, CancellationToken cancellationToken)
    {
        var item = await triage.GetAsync(User.ToActor(), channel, id, cancellationToken);
        if (!item.Ok || item.Value!.SignalId is null)
        {
            return NotFound();
        }

        var merged = await triage.MergeAsync(User.ToActor(), Into?.Trim(), item.Value.SignalId, cancellationToken);
        if (!merged.Ok)
        {
            var error = merged.Error is NotFound ? new Invalid("into", texts["triage.mergeNotFound"]) : merged.Error!;
            return await FailAsync(channel, id, error, cancellationToken);
        }

        TempData[DoneKey] = texts["triage.mergedDone"];
        return Redirect(Here());
    }

    public async Task<IActionResult> OnPostUnmergeAsync(string channel, string id, CancellationToken cancellationToken)
    {
        var item = await triage.GetAsync(User.ToActor(), channel, id, cancellationToken);
        if (!item.Ok || item.Value!.SignalId is null)
        {
            return NotFound();
        }

        var undone = await triage.UnmergeAsync(User.ToActor(), item.Value.SignalId, cancellationToken);
        if (!undone.Ok)
        {
            return await FailAsync(channel, id, undone.Error!, cancellationToken);
        }

        TempData[DoneKey] = texts["triage.unmergedDone"];
        return Redirect(Here());
    }

    public bool IsReport => Item?.Channel is TriageChannel.Anonymous or TriageChannel.Staff;

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The errors of the observables text area, one per line typed.</summary>
    public IEnumerable<string> ObservableErrors() => Errors.Where(e => e.Key.StartsWith("line ", StringComparison.Ordinal) || e.Key == "observables")
        .Select(e => e.Key == "observables" ? string.Join(" ", e.Value) : texts.Format("triage.lineError", e.Key[5..], string.Join(" ", e.Value)));

    private async Task<IActionResult> ActAsync(string channel, string id, string doneKey, Func<Task<Result<InboxItem>>> act, CancellationToken cancellationToken)
    {
        var done = await act();
        if (!done.Ok)
        {
            return await FailAsync(channel, id, done.Error!, cancellationToken);
        }

        TempData[DoneKey] = texts[doneKey];
        return Redirect(Here());
    }

    private async Task<IActionResult> FailAsync(string channel, string id, Error error, CancellationToken cancellationToken)
    {
        if (error is NotFound || !await LoadAsync(channel, id, cancellationToken))
        {
            return NotFound();
        }

        if (error is Invalid invalid)
        {
            Errors = invalid.Fields;
            Error = texts["triage.fixErrors"];
        }
        else
        {
            Error = error.Message;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string channel, string id, CancellationToken cancellationToken)
    {
        var item = await triage.GetAsync(User.ToActor(), channel, id, cancellationToken);
        if (!item.Ok)
        {
            return false;
        }

        Item = item.Value!;
        if (Item.SignalId is not null)
        {
            var merges = await triage.MergesOfAsync(User.ToActor(), Item.SignalId, cancellationToken);
            Merges = merges.Ok ? merges.Value : null;
        }

        var catalogue = await db.ModusOperandi.AsNoTracking().OrderBy(m => m.Code).Select(m => new { m.Code, m.NameNl, m.NameEn }).ToListAsync(cancellationToken);
        Catalogue = [.. catalogue.Select(m => new Choice(m.Code, $"{m.Code} – {texts.Pick(m.NameNl, m.NameEn)}"))];
        var steps = await db.ProcessSteps.AsNoTracking().ToListAsync(cancellationToken);
        ProcessSteps = [.. Enumerable.Range(0, 10).Select(n =>
        {
            var names = steps.Where(s => s.Number == n).OrderBy(s => s.Chain == "port" ? 0 : 1).Select(s => texts.Pick(s.NameNl, s.NameEn)).Distinct().ToList();
            return new Choice(n.ToString(System.Globalization.CultureInfo.InvariantCulture), names.Count == 0 ? $"{n}" : $"{n} – {string.Join(" / ", names)}");
        })];
        if (Request.Method == HttpMethods.Get)
        {
            Category ??= Item.Category;
            ModusOperandi ??= string.Join(' ', Item.ModusOperandi);
            ProcessStep ??= Item.ProcessStep?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Observables ??= string.Join('\n', Item.Observables.Select(o => $"{o.Type}: {o.Value}"));
            Priority ??= Item.Priority;
        }

        return true;
    }

    private string Here() => $"/triage/{Uri.EscapeDataString(Item?.Channel ?? (string)RouteData.Values["channel"]!)}/{Uri.EscapeDataString(Item?.Id ?? (string)RouteData.Values["id"]!)}";

    private static List<string> Codes(string? text) =>
        [.. (text ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>One observable per line, written <c>type: value</c>; the line numbers, to name a bad line in the error.</summary>
    private static (List<ObservableInput> Observables, List<int> Lines) ParseObservables(string? text)
    {
        var observables = new List<ObservableInput>();
        var lines = new List<int>();
        var all = (text ?? "").Split('\n');
        for (var i = 0; i < all.Length; i++)
        {
            var line = all[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var split = line.IndexOf(':', StringComparison.Ordinal);
            observables.Add(split < 0 ? new ObservableInput(null, line) : new ObservableInput(line[..split].Trim(), line[(split + 1)..].Trim()));
            lines.Add(i + 1);
        }

        return (observables, lines);
    }

    /// <summary>Renames <c>observables[i].field</c> errors to the line the user typed them on.</summary>
    private static async Task<Result<InboxItem>> WithLinesAsync(Task<Result<InboxItem>> work, List<int> lines)
    {
        var result = await work;
        if (result.Error is not Invalid invalid)
        {
            return result;
        }

        var renamed = new Dictionary<string, string[]>();
        foreach (var (key, messages) in invalid.Fields)
        {
            var match = System.Text.RegularExpressions.Regex.Match(key, @"^observables\[(\d+)\]");
            var name = match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < lines.Count
                ? $"line {lines[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]}"
                : key;
            renamed[name] = renamed.TryGetValue(name, out var known) ? [.. known, .. messages] : messages;
        }

        return new Invalid(renamed);
    }
}
