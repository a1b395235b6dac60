using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Cases;
using Slagboom.Core.Errors;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>
/// Case templates per kind of signal as they apply to the user's organisation. Analysts and org admins replace
/// them, one line per proposed task: <c>sector | days | text</c>; an empty list returns to the default.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TemplatesModel(CaseTemplates templates, Texts texts) : PageModel
{
    public IReadOnlyList<CaseTemplateView> Templates { get; private set; } = [];
    public bool MayEdit { get; private set; }
    public string? Message { get; private set; }
    public string? FailedKind { get; private set; }
    public string? FailedText { get; private set; }
    public string? Error { get; private set; }

    public static string ToLines(CaseTemplateView template) =>
        string.Join("\n", template.Tasks.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Sector} | {t.DueDays} | {t.Text}")));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Message = TempData[DetailModel.MessageKey] as string;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string? kind, string? lines, CancellationToken cancellationToken)
    {
        var tasks = new List<TemplateTaskInput>();
        foreach (var line in (lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|', 3, StringSplitOptions.TrimEntries);
            tasks.Add(parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var days)
                ? new TemplateTaskInput(parts[0], parts[2], days)
                : new TemplateTaskInput(parts.Length > 1 ? parts[0] : null, parts[^1], 0));
        }

        var saved = await templates.SaveAsync(User.ToActor(), kind, tasks, cancellationToken);
        if (saved.Ok)
        {
            TempData[DetailModel.MessageKey] = texts["templates.saved"];
            return Redirect("/case-templates");
        }

        if (saved.Error is Forbidden or Slagboom.Core.Errors.NotFound)
        {
            return NotFound();
        }

        FailedKind = kind;
        FailedText = lines;
        Error = saved.Error!.Message;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Templates = await templates.ListAsync(User.ToActor(), cancellationToken);
        MayEdit = CaseTemplates.MayEdit(User.ToActor());
    }
}
