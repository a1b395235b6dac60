using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.RuleBook;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Rules;

/// <summary>
/// One watch list: its entries (the read is audited), add and remove by hand, CSV import with a line-by-line report,
/// rename (or a new description), and delete after a confirmation; both refused, naming the rules, while rules use the list.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class WatchlistModel(WatchlistService lists, Texts texts) : PageModel
{
    public const string DoneKey = "watchlists.done";

    /// <summary>The largest CSV file taken in the browser (the API takes the request body limit).</summary>
    public const int MaxFileBytes = 8 * 1024 * 1024;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Expires { get; set; }

    [BindProperty]
    public long EntryId { get; set; }

    [BindProperty]
    public string? Csv { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The name in the rename form.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The description in the rename form.</summary>
    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The delete form's "yes, delete it with its values" box.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    public WatchlistDetail? Detail { get; private set; }
    public WatchlistImport? Imported { get; private set; }
    public string? Error { get; private set; }
    public string? ValueError { get; private set; }
    public string? NameError { get; private set; }
    public string? DescriptionError { get; private set; }
    public string? EditError { get; private set; }
    public string? DeleteError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        DateTime? expires = null;
        if (!string.IsNullOrWhiteSpace(Expires))
        {
            expires = AmsterdamTime.Parse(Expires)?.UtcDateTime;
            if (expires is null)
            {
                ValueError = texts["watchlists.badExpiry"];
                return await LoadAsync(cancellationToken) ? Page() : NotFound();
            }
        }

        var added = await lists.AddAsync(User.ToActor(), Id, Value ?? "", Note, expires, cancellationToken);
        if (added.Error is NotFound)
        {
            return NotFound();
        }

        if (added.Ok)
        {
            TempData[DoneKey] = texts.Format("watchlists.added", added.Value!.Value);
            return Redirect($"/watchlists/{Id}");
        }

        ValueError = added.Error!.Message;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        var removed = await lists.RemoveAsync(User.ToActor(), Id, EntryId, cancellationToken);
        if (!removed.Ok)
        {
            return NotFound();
        }

        TempData[DoneKey] = texts["watchlists.removed"];
        return Redirect($"/watchlists/{Id}");
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        TextReader reader;
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > MaxFileBytes)
            {
                Error = texts["watchlists.fileTooLarge"];
                return await LoadAsync(cancellationToken) ? Page() : NotFound();
            }

            reader = new StreamReader(file.OpenReadStream());
        }
        else
        {
            reader = new StringReader(Csv ?? "");
        }

        using (reader)
        {
            var imported = await lists.ImportAsync(User.ToActor(), Id, reader, cancellationToken);
            if (!imported.Ok)
            {
                return NotFound();
            }

            Imported = imported.Value;
        }

        ModelState.Clear();
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken cancellationToken)
    {
        var edited = await lists.EditAsync(User.ToActor(), Id, Name ?? "", Description ?? "", cancellationToken);
        switch (edited.Error)
        {
            case null:
                TempData[DoneKey] = texts.Format("watchlists.edited", edited.Value!.Name);
                return Redirect($"/watchlists/{Id}");
            case Slagboom.Core.Errors.NotFound:
                return NotFound();
            case Invalid invalid:
                NameError = invalid.Fields.ContainsKey("name") ? texts["watchlists.nameInvalid"] : null;
                DescriptionError = invalid.Fields.ContainsKey("description") ? texts["watchlists.descriptionTooLong"] : null;
                break;
            case InUse inUse:
                EditError = texts.Format("watchlists.renameInUse", string.Join(", ", inUse.UsedBy));
                break;
            default:
                EditError = texts["watchlists.exists"];
                break;
        }

        return await LoadAsync(cancellationToken, keepForm: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!Confirm)
        {
            DeleteError = texts["watchlists.confirmRequired"];
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        var deleted = await lists.DeleteAsync(User.ToActor(), Id, cancellationToken);
        switch (deleted.Error)
        {
            case null:
                TempData[DoneKey] = texts.Format("watchlists.deleted", deleted.Value!.Name, deleted.Value.Entries);
                return Redirect($"/watchlists?mainport={deleted.Value.Mainport}");
            case InUse inUse:
                DeleteError = texts.Format("watchlists.deleteInUse", string.Join(", ", inUse.UsedBy));
                return await LoadAsync(cancellationToken) ? Page() : NotFound();
            default:
                return NotFound();
        }
    }

    /// <summary>Reads the list; the rename form shows its name and description unless <paramref name="keepForm"/> (a refused edit shows what was typed).</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken, bool keepForm = false)
    {
        var detail = await lists.GetAsync(User.ToActor(), Id, cancellationToken);
        Detail = detail.Value;
        if (Detail is not null && !keepForm)
        {
            Name = Detail.List.Name;
            Description = Detail.List.Description;
        }

        return detail.Ok;
    }
}
