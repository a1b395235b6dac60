using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Cases;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>
/// One case. The owner organisation sees and changes everything here (signals, tasks with template proposals,
/// outcomes, status, timeline); an organisation with a task sees only what <see cref="CaseService"/> gives it.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class DetailModel(CaseService cases, SignalService signals, AppDbContext db, Texts texts) : PageModel
{
    public const string MessageKey = "case.message";

    public CaseView Case { get; private set; } = null!;
    public IReadOnlyList<ProposedTask> Proposals { get; private set; } = [];
    public IReadOnlyList<OrganisationChoice> Organisations { get; private set; } = [];
    public IReadOnlyList<SignalView> SignalChoices { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? FailedForm { get; private set; }

    /// <summary>What the user typed into the form that failed, to show it again.</summary>
    public IFormCollection? Posted { get; private set; }

    public string? ErrorFor(string form, string field) => FailedForm == form && Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    public string PostedValue(string form, string field, string fallback = "") => FailedForm == form && Posted is not null && Posted.TryGetValue(field, out var v) ? v.ToString() : fallback;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Message = TempData[MessageKey] as string;
        return await PageAsync(id, cancellationToken);
    }

    public Task<IActionResult> OnPostAddSignalAsync(string id, string? signalId, CancellationToken cancellationToken) =>
        ActAsync(id, "signal", async () => Outcome(await cases.AddSignalAsync(User.ToActor(), id, signalId, cancellationToken)), "case.signalAdded", cancellationToken);

    public Task<IActionResult> OnPostRemoveSignalAsync(string id, string? signalId, CancellationToken cancellationToken) =>
        ActAsync(id, "signal", async () => Outcome(await cases.RemoveSignalAsync(User.ToActor(), id, signalId, cancellationToken)), "case.signalRemoved", cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(string id, string? organisationId, string? text, string? dueDate, string? form, CancellationToken cancellationToken) =>
        ActAsync(id, form ?? "assign", async () => Outcome(await cases.AssignTaskAsync(User.ToActor(), id, new TaskInput(organisationId, text, ParseDate(dueDate)), cancellationToken)), "case.taskAssigned", cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(string id, string? status, CancellationToken cancellationToken) =>
        ActAsync(id, "status", async () => Outcome(await cases.UpdateAsync(User.ToActor(), id, new CaseUpdateInput(Status: status), cancellationToken)), "case.saved", cancellationToken);

    public Task<IActionResult> OnPostShareAsync(string id, bool share, CancellationToken cancellationToken) =>
        ActAsync(id, "share", async () => Outcome(await cases.UpdateAsync(User.ToActor(), id, new CaseUpdateInput(ShareTitleWithAssignees: share), cancellationToken)), "case.saved", cancellationToken);

    public Task<IActionResult> OnPostOutcomeAsync(string id, string? kind, string? quantity, string? drug, string? note, CancellationToken cancellationToken) =>
        ActAsync(id, "outcome", async () => Outcome(await cases.AddOutcomeAsync(User.ToActor(), id, new OutcomeInput(kind, ParseDecimal(quantity), drug, note), cancellationToken)), "case.outcomeAdded", cancellationToken);

    internal static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    internal static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static Error? Outcome<T>(Result<T> result) => result.Error;

    private async Task<IActionResult> ActAsync(string id, string form, Func<Task<Error?>> act, string okKey, CancellationToken cancellationToken)
    {
        var error = await act();
        if (error is null)
        {
            TempData[MessageKey] = texts[okKey];
            return Redirect($"/cases/{Uri.EscapeDataString(id)}");
        }

        // Every form on this page is the owner's (an assignee acts on its task page): anyone else gets not found.
        if (error is Slagboom.Core.Errors.NotFound && !await OwnsCaseAsync(id, cancellationToken))
        {
            return NotFound();
        }

        FailedForm = form;
        Posted = Request.Form;
        Errors = error is Invalid invalid ? invalid.Fields : new Dictionary<string, string[]>();
        Error = error switch
        {
            Invalid => texts["cases.fixErrors"],
            Slagboom.Core.Errors.Conflict => texts["case.closedError"],
            Slagboom.Core.Errors.NotFound => texts["case.signalNotFound"],
            _ => error.Message,
        };
        return await PageAsync(id, cancellationToken);
    }

    private async Task<bool> OwnsCaseAsync(string id, CancellationToken cancellationToken) =>
        (await cases.GetAsync(User.ToActor(), id, null, cancellationToken)).Value?.IsOwner == true;

    private async Task<IActionResult> PageAsync(string id, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(User.ToActor(), id, null, cancellationToken);
        if (!found.Ok)
        {
            return NotFound();
        }

        Case = found.Value!;
        if (Case.IsOwner)
        {
            Proposals = (await cases.ProposalsAsync(User.ToActor(), id, cancellationToken)).Value ?? [];
            Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new OrganisationChoice(o.Id, o.Name, o.Sector)).ToListAsync(cancellationToken);
            var page = await signals.ListAsync(User.ToActor(), null, null, SignalService.MaxPageSize, null, cancellationToken);
            var inCase = Case.Signals.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            SignalChoices = [.. (page.Value?.Items ?? []).Where(s => !inCase.Contains(s.Id))];
        }

        return Page();
    }
}
