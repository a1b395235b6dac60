using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Cases;
using Slagboom.Core.Errors;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>
/// One task: what was written for the assigned organisation, the case's signals the sharing policy admits to the
/// user, progress notes and outcomes. The assigned organisation sets the status here; the owner sees it too.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class TaskModel(CaseService cases, Texts texts) : PageModel
{
    public TaskView Task { get; private set; } = null!;
    public IReadOnlyList<CaseSignalView> Signals { get; private set; } = [];
    public IReadOnlyList<OutcomeView> Outcomes { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? FailedForm { get; private set; }
    public string? PostedNote { get; private set; }

    public string? ErrorFor(string form, string field) => FailedForm == form && Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Message = TempData[DetailModel.MessageKey] as string;
        return await PageAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostUpdateAsync(string id, string? status, string? note, CancellationToken cancellationToken)
    {
        var updated = await cases.UpdateTaskAsync(User.ToActor(), id, new TaskUpdateInput(string.IsNullOrWhiteSpace(status) ? null : status, string.IsNullOrWhiteSpace(note) ? null : note), null, cancellationToken);
        PostedNote = note;
        return await AfterAsync(id, "update", updated.Error, "task.saved", cancellationToken);
    }

    public async Task<IActionResult> OnPostOutcomeAsync(string id, string? kind, string? quantity, string? drug, string? note, CancellationToken cancellationToken)
    {
        var found = await cases.GetTaskAsync(User.ToActor(), id, null, cancellationToken);
        if (!found.Ok)
        {
            return NotFound();
        }

        var added = await cases.AddOutcomeAsync(User.ToActor(), found.Value.Task.CaseId, new OutcomeInput(kind, DetailModel.ParseDecimal(quantity), drug, note, id), cancellationToken);
        return await AfterAsync(id, "outcome", added.Error, "case.outcomeAdded", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(string id, string form, Error? error, string okKey, CancellationToken cancellationToken)
    {
        if (error is null)
        {
            TempData[DetailModel.MessageKey] = texts[okKey];
            return Redirect($"/tasks/{Uri.EscapeDataString(id)}");
        }

        if (error is Slagboom.Core.Errors.NotFound)
        {
            return NotFound();
        }

        FailedForm = form;
        Errors = error is Invalid invalid ? invalid.Fields : new Dictionary<string, string[]>();
        Error = texts["cases.fixErrors"];
        return await PageAsync(id, cancellationToken);
    }

    private async Task<IActionResult> PageAsync(string id, CancellationToken cancellationToken)
    {
        var found = await cases.GetTaskAsync(User.ToActor(), id, null, cancellationToken);
        if (!found.Ok)
        {
            return NotFound();
        }

        (Task, Signals, Outcomes) = found.Value;
        return Page();
    }
}
