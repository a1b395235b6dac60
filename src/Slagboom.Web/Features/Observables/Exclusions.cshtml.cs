using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.Observables;
using Slagboom.Domain.Accounts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Observables;

/// <summary>
/// The analysts' exclusion list: values that are not correlated (a gatehouse's general number, a depot's placeholder
/// container). List, add with a reason, remove — all through <see cref="Correlations"/>, which checks the role and
/// writes every change to the audit trail, as the API does.
/// </summary>
[Authorize(Roles = Role.Analyst)]
public sealed class ExclusionsModel(Correlations correlations, Texts texts) : PageModel
{
    public const string MessageKey = "exclusions.message";

    public IReadOnlyList<ExclusionView> Exclusions { get; private set; } = [];
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Message = TempData[MessageKey] as string;
        return await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var added = await correlations.ExcludeAsync(User.ToActor(), Type, Value, Reason, cancellationToken);
        switch (added.Error)
        {
            case null:
                TempData[MessageKey] = texts.Format("excl.added", added.Value!.Value);
                return RedirectToPage();
            case Invalid invalid:
                foreach (var (field, messages) in invalid.Fields)
                {
                    Errors[field] = field switch
                    {
                        "type" => texts["excl.error.type"],
                        "value" => texts.Format("excl.error.value", string.Join(" ", messages)),
                        _ => texts["excl.error.reason"],
                    };
                }

                break;
            case Conflict:
                Errors["value"] = texts["excl.error.duplicate"];
                break;
            default:
                return Forbid();
        }

        Error = string.Join(" ", Errors.Values);
        return await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? id, CancellationToken cancellationToken)
    {
        var removed = await correlations.RemoveExclusionAsync(User.ToActor(), id ?? "", cancellationToken);
        if (!removed.Ok)
        {
            return NotFound();
        }

        TempData[MessageKey] = texts["excl.removed"];
        return RedirectToPage();
    }

    private async Task<IActionResult> PageAsync(CancellationToken cancellationToken)
    {
        var list = await correlations.ExclusionsAsync(User.ToActor(), cancellationToken);
        if (!list.Ok)
        {
            return Forbid();
        }

        Exclusions = list.Value!;
        return Page();
    }
}
