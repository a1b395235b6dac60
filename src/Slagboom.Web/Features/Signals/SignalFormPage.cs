using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Domain.Mainports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

/// <summary>A choice in a select or a group of checkboxes: the value sent and the words shown.</summary>
public sealed record Choice(string Value, string Label);

/// <summary>A modus operandi of the catalogue, under the heading of the mainport type it belongs to.</summary>
public sealed record CatalogueEntry(string Code, string Name, string Group);

/// <summary>
/// What the new-signal and edit pages share: the choices of the form (mainports, catalogue, process steps, sharing
/// groups), and saving through <see cref="SignalService"/> with its field errors shown next to the fields.
/// </summary>
public abstract class SignalFormPage(AppDbContext db, SharingGroups groups, Texts texts) : PageModel
{
    public SignalForm Form { get; protected set; } = new();
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public IReadOnlyList<Choice> Mainports { get; private set; } = [];
    public IReadOnlyList<CatalogueEntry> Catalogue { get; private set; } = [];
    public IReadOnlyList<Choice> ProcessSteps { get; private set; } = [];
    public IReadOnlyList<SharingGroupView> Groups { get; private set; } = [];

    /// <summary>The signal being edited; null on the new-signal page.</summary>
    public string? SignalId { get; protected set; }

    public FieldError? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field);

    protected AppDbContext Db => db;

    protected async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        var mainports = await db.Mainports.AsNoTracking().Select(m => new { m.Code, m.NameNl, m.NameEn }).ToListAsync(cancellationToken);
        Mainports = [.. mainports.OrderBy(m => MainportCode.All.ToList().IndexOf(m.Code)).Select(m => new Choice(m.Code, $"{texts.Pick(m.NameNl, m.NameEn)} ({m.Code})"))];

        var catalogue = await db.ModusOperandi.AsNoTracking().OrderBy(m => m.Code).ToListAsync(cancellationToken);
        Catalogue = [.. catalogue.Select(m => new CatalogueEntry(m.Code, texts.Pick(m.NameNl, m.NameEn), GroupOf(m.MainportTypes)))];

        // The steps are numbered alike in both chains; where the names differ, both are shown.
        var steps = await db.ProcessSteps.AsNoTracking().ToListAsync(cancellationToken);
        ProcessSteps = [.. Enumerable.Range(0, 10).Select(n =>
        {
            var names = steps.Where(s => s.Number == n).OrderBy(s => s.Chain == "port" ? 0 : 1).Select(s => texts.Pick(s.NameNl, s.NameEn)).Distinct().ToList();
            return new Choice(n.ToString(System.Globalization.CultureInfo.InvariantCulture), names.Count == 0 ? $"{n}" : $"{n} – {string.Join(" / ", names)}");
        })];

        Groups = await groups.ListAsync(User.ToActor(), cancellationToken);
    }

    /// <summary>Saves through the service; on bad input the page again, with what the user typed and the errors.</summary>
    protected async Task<IActionResult> SaveAsync(SignalForm form, Func<SignalInput, Task<Result<SignalView>>> save, string savedMessageKey, CancellationToken cancellationToken)
    {
        var (input, rows) = form.ToInput();
        var saved = await save(input);
        if (saved.Ok)
        {
            TempData[DetailModel.MessageKey] = texts[savedMessageKey];
            if (saved.Value!.Warnings is { Count: > 0 } warnings)
            {
                TempData[DetailModel.WarningKey] = string.Join(" ", warnings);
            }

            return Redirect($"/signals/{Uri.EscapeDataString(saved.Value.Id)}");
        }

        switch (saved.Error)
        {
            case Invalid invalid:
                Form = form.WithEmptyRows();
                Errors = SignalFormErrors.From(invalid, rows, form, texts);
                await LoadChoicesAsync(cancellationToken);
                return Page();
            case Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private static string GroupOf(string mainportTypes) =>
        mainportTypes.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() switch
        {
            "seaport" => "seaport",
            "airport" => "airport",
            "flowers" => "flowers",
            _ => "all",
        };
}
