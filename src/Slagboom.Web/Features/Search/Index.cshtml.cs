using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Search;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Search;

/// <summary>Ranked search over the signals the user may see, with filters; snippets from what the user receives.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class IndexModel(SignalSearch search, CaseSearch caseSearch, AppDbContext db, Texts texts) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Mainport { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Mo { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tlp { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public IReadOnlyList<SearchHit>? Hits { get; private set; }
    public string? Next { get; private set; }

    /// <summary>More signals matched than are ranked per query (<see cref="SignalSearch.MaxRanked"/>).</summary>
    public bool Capped { get; private set; }

    /// <summary>How many matches are ranked per query (the setting <c>Slagboom:Search:MaxRanked</c>).</summary>
    public int MaxRanked => search.MaxRanked;

    /// <summary>The best case hits (first page only); null when cases were not searched.</summary>
    public IReadOnlyList<CaseSearchHit>? CaseHits { get; private set; }
    public bool MoreCases { get; private set; }

    /// <summary>TLP and modus operandi are signal filters: with one of them, cases are not searched.</summary>
    public bool CasesSkipped => !string.IsNullOrWhiteSpace(Mo) || !string.IsNullOrWhiteSpace(Tlp);
    public IReadOnlyList<Choice> Mainports { get; private set; } = [];
    public IReadOnlyList<string> Categories => [.. SignalCategories.Names];
    public IReadOnlyList<string> Markings => [.. SharingTerms.TlpNames];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var mainports = await db.Mainports.AsNoTracking().Select(m => new { m.Code, m.NameNl, m.NameEn }).ToListAsync(cancellationToken);
        Mainports = [.. mainports.OrderBy(m => MainportCode.All.ToList().IndexOf(m.Code)).Select(m => new Choice(m.Code, texts.Pick(m.NameNl, m.NameEn)))];
        if (string.IsNullOrWhiteSpace(Q))
        {
            return;
        }

        var page = await search.SearchAsync(User.ToActor(), Q, new SearchFilters(Mainport, Category, Mo, From, To, Tlp), PageSize,
            string.IsNullOrEmpty(Cursor) ? null : Cursor, cancellationToken);
        if (page.Ok)
        {
            Hits = page.Value!.Items;
            Next = page.Value.Next;
            Capped = page.Value.Capped;
            if (!CasesSkipped && string.IsNullOrEmpty(Cursor))
            {
                var cases = await caseSearch.SearchAsync(User.ToActor(), Q, new CaseSearchFilters(Mainport, Category, null, From, To), PageSize, null, cancellationToken);
                CaseHits = cases.Ok ? cases.Value!.Items : [];
                MoreCases = cases.Ok && cases.Value!.Next is not null;
            }
        }
        else
        {
            Errors = page.Error is Invalid invalid ? invalid.Fields : new Dictionary<string, string[]> { ["q"] = [page.Error!.Message] };
        }
    }

    /// <summary>This search from <paramref name="cursor"/> (the first page when null).</summary>
    public string Link(string? cursor)
    {
        var query = new QueryBuilder();
        foreach (var (name, value) in new[] { ("q", Q), ("mainport", Mainport), ("category", Category), ("mo", Mo), ("from", From), ("to", To), ("tlp", Tlp), ("cursor", cursor) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(name, value);
            }
        }

        return "/search" + query.ToQueryString();
    }
}
