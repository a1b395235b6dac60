using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Signals;
using Slagboom.Domain.Mainports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

/// <summary>The signals the user may see, newest first, filtered by mainport and words, a page at a time.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class IndexModel(SignalService signals, AppDbContext db, Texts texts) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Mainport { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<SignalView> Signals { get; private set; } = [];
    public string? Next { get; private set; }
    public IReadOnlyList<Choice> Mainports { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var mainports = await db.Mainports.AsNoTracking().Select(m => new { m.Code, m.NameNl, m.NameEn }).ToListAsync(cancellationToken);
        Mainports = [.. mainports.OrderBy(m => MainportCode.All.ToList().IndexOf(m.Code)).Select(m => new Choice(m.Code, texts.Pick(m.NameNl, m.NameEn)))];

        var page = await signals.ListAsync(User.ToActor(), Q, Mainport, PageSize, string.IsNullOrEmpty(Cursor) ? null : Cursor, cancellationToken);
        if (page.Ok)
        {
            Signals = page.Value!.Items;
            Next = page.Value.Next;
        }
        else
        {
            Error = texts["signals.badFilter"];
        }
    }

    /// <summary>This list with the same filters, from <paramref name="cursor"/> (the first page when null).</summary>
    public string Link(string? cursor)
    {
        var query = new QueryBuilder();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query.Add("q", Q);
        }

        if (!string.IsNullOrWhiteSpace(Mainport))
        {
            query.Add("mainport", Mainport);
        }

        if (cursor is not null)
        {
            query.Add("cursor", cursor);
        }

        return "/signals" + query.ToQueryString();
    }
}
