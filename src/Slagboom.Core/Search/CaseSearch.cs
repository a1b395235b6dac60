using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Cases;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Search;

/// <summary>Filters of a case search: mainport, kind (a signal category word), status (open, closed), created from/to.</summary>
public sealed record CaseSearchFilters(string? Mainport = null, string? Kind = null, string? Status = null, string? From = null, string? To = null)
{
    public bool Any => !string.IsNullOrWhiteSpace(Mainport) || !string.IsNullOrWhiteSpace(Kind) || !string.IsNullOrWhiteSpace(Status)
        || !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To);
}

/// <summary>
/// One case hit. <see cref="Access"/> is <c>owner</c> (every field) or <c>assignee</c> (the shared title only: the
/// other fields are null, as in the assignee's view of the case).
/// </summary>
public sealed record CaseSearchHit(string CaseId, string Access, string Title, string? Mainport, string? Kind, string? Status,
    DateTime? CreatedAt, DateTime? UpdatedAt, double Rank, IReadOnlyList<SnippetPart> Snippet);

public sealed record CaseSearchPage(IReadOnlyList<CaseSearchHit> Items, string? Next);

/// <summary>
/// Search over cases (docs/cases.md "Search", ADR 0005). The case policy is inside the one database query: the
/// caller's organisation finds the cases it owns, on title and description; an organisation with a task finds a case
/// only when the owner shares the title with assignees, and then on the title alone, and only without filters (the
/// filters test what only the owner sees). Nobody else finds anything. The query's terms are evaluated in memory over
/// <see cref="SearchText"/> tokens of the selected cases, so SQLite and PostgreSQL give the same hits by construction
/// — cases are few per organisation. Observables are not searched through cases: a case's signals are found by signal
/// search, through the sharing policy. Pseudonym terms never match a case.
/// </summary>
public sealed class CaseSearch(AppDbContext db, Viewers viewers)
{
    /// <summary>At most this many findable cases are read per search (the newest by update).</summary>
    public const int MaxCandidates = 20_000;

    /// <summary>A word in the title counts this many times a word in the description (as the public section of signals).</summary>
    public const double TitleWeight = SearchRanking.PublicWeight;

    public async Task<Result<CaseSearchPage>> SearchAsync(Actor actor, string? q, CaseSearchFilters filters, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var parsed = SearchQuery.Parse(q);
        if (!parsed.Ok)
        {
            return parsed.Error!;
        }

        var query = parsed.Value!;
        var size = Math.Clamp(limit ?? SignalSearch.DefaultPageSize, 1, SignalSearch.MaxPageSize);
        var offset = 0;
        if (cursor is not null && (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > SignalSearch.MaxOffset))
        {
            return new Invalid("cursor", "The cursor is not valid; start again without one.");
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var owned = Filter(db.Set<Case>().AsNoTracking(), filters);
        if (!owned.Ok)
        {
            return owned.Error!;
        }

        // A pseudonym is never part of a case's text: a query that requires one finds no case.
        if (!viewer.SeesContent || query.PseudonymTerms.Any(t => !t.Excluded) || !query.HasPositiveTextTerm)
        {
            return new CaseSearchPage([], null);
        }

        var organisation = viewer.OrganisationId;
        var candidates = await owned.Value!
            .Where(c => c.OwnerOrganisationId == organisation
                || (!filters.Any && c.ShareTitleWithAssignees && c.Tasks.Any(t => t.AssignedOrganisationId == organisation)))
            .OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).Take(MaxCandidates)
            .Select(c => new
            {
                c.Id, c.OwnerOrganisationId, c.Title, c.Description, c.Mainport, c.Kind, c.Status, c.CreatedAt, c.UpdatedAt,
            })
            .ToListAsync(cancellationToken);

        var hits = new List<CaseSearchHit>();
        foreach (var c in candidates)
        {
            var owner = c.OwnerOrganisationId == organisation;
            var sections = owner
                ? new[] { (Section: SearchText.Section([c.Title]), Weight: TitleWeight), (Section: SearchText.Section([c.Description]), Weight: 1.0) }
                : [(Section: SearchText.Section([c.Title]), Weight: TitleWeight)];
            var rank = Rank(query, sections);
            if (rank is null)
            {
                continue;
            }

            hits.Add(owner
                ? new CaseSearchHit(c.Id, CaseService.OwnerAccess, c.Title, c.Mainport, c.Kind.ToText(), c.Status.ToText(), c.CreatedAt, c.UpdatedAt,
                    rank.Value, SignalSearch.Snippet(c.Description, query))
                : new CaseSearchHit(c.Id, CaseService.AssigneeAccess, c.Title, null, null, null, null, null, rank.Value, []));
        }

        var ordered = hits.OrderByDescending(h => h.Rank).ThenByDescending(h => h.Access == CaseService.OwnerAccess ? h.UpdatedAt : null)
            .ThenBy(h => h.CaseId, StringComparer.Ordinal).ToList();
        var page = ordered.Skip(offset).Take(size).ToList();
        var next = ordered.Count > offset + size && offset + size <= SignalSearch.MaxOffset ? (offset + size).ToString(CultureInfo.InvariantCulture) : null;
        return new CaseSearchPage(page, next);
    }

    /// <summary>
    /// The rank of a document of weighted sections, or null when the query does not match it: every positive term
    /// occurs in some section (a phrase within one section, the last word of a prefix term as a prefix), no excluded
    /// term occurs in any. The rank is the weighted count of occurrences of the positive terms.
    /// </summary>
    public static double? Rank(SearchQuery query, IReadOnlyList<(string Section, double Weight)> sections)
    {
        double rank = 0;
        foreach (var term in query.TextTerms)
        {
            double found = 0;
            foreach (var (section, weight) in sections)
            {
                found += SearchRanking.Occurrences(term, section) * weight;
            }

            if (term.Excluded ? found > 0 : found == 0)
            {
                return null;
            }

            rank += term.Excluded ? 0 : found;
        }

        return rank;
    }

    private static Result<IQueryable<Case>> Filter(IQueryable<Case> query, CaseSearchFilters filters)
    {
        var errors = new FieldErrors();
        if (SignalSearch.Mainport(filters.Mainport, errors) is { } code)
        {
            query = query.Where(c => c.Mainport == code);
        }

        if (SignalSearch.Category(filters.Kind, "kind", errors) is { } kind)
        {
            query = query.Where(c => c.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filters.Status))
        {
            var status = CaseTerms.ParseCaseStatus(filters.Status);
            if (status is null)
            {
                errors.Add("status", "Status is open or closed.");
            }
            else
            {
                query = query.Where(c => c.Status == status.Value);
            }
        }

        if (SignalSearch.Time(filters.From, "from", errors) is { } from)
        {
            query = query.Where(c => c.CreatedAt >= from);
        }

        if (SignalSearch.Time(filters.To, "to", errors) is { } to)
        {
            query = query.Where(c => c.CreatedAt < to);
        }

        return errors.Any ? errors.ToError() : Result.Of(query);
    }
}
