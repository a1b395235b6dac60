using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.RuleBook;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Rules;

/// <summary>One watch list: its entries (the read is audited), add and remove by hand, and CSV import with a line-by-line report.</summary>
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

    public WatchlistDetail? Detail { get; private set; }
    public WatchlistImport? Imported { get; private set; }
    public string? Error { get; private set; }
    public string? ValueError { get; private set; }

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

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var detail = await lists.GetAsync(User.ToActor(), Id, cancellationToken);
        Detail = detail.Value;
        return detail.Ok;
    }
}
