using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Search;

/// <summary>Filters of a search, as given (checked by <see cref="SignalSearch"/>).</summary>
public sealed record SearchFilters(string? Mainport = null, string? Category = null, string? ModusOperandi = null, string? From = null, string? To = null, string? Tlp = null);

/// <summary>A piece of a snippet; <see cref="Match"/> marks the words the query found.</summary>
public sealed record SnippetPart(string Text, bool Match);

/// <summary>One ranked hit, as the caller receives the signal. The snippet comes from the text the caller receives.</summary>
public sealed record SearchHit(string SignalId, string Title, string Mainport, string Category, string Tlp, string Status, DateTime OccurredAt, double Rank, IReadOnlyList<SnippetPart> Snippet);

/// <summary>
/// A page of hits. <see cref="Capped"/>: more signals matched than are ranked per query (<see cref="SignalSearch.MaxRanked"/>
/// newest written of those the caller may see); the hits come from those — refine the query or the filters.
/// </summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Items, string? Next, bool Capped = false);

/// <summary>
/// Ranked full-text search over signals (title, text, observables) with filters, through <see cref="SharingPolicy"/>
/// inside the one database query. The index has a partner-visible section and a restricted one
/// (<see cref="SignalSearchDocument"/>): a signal the caller receives in clear is matched on both; one the caller
/// receives as a private partner without a legal basis only on the partner-visible section and on the caller's own
/// pseudonyms — so a private partner's query never matches a description or a real personal-data value, and an
/// exclusion cannot probe them either. Cases are searched by <see cref="CaseSearch"/>.
/// </summary>
public sealed class SignalSearch(AppDbContext db, Viewers viewers, DocumentFrequencies frequencies, SearchMirror mirror)
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 25;
    public const int MaxOffset = 1000;

    /// <summary>
    /// At most this many matching signals are ranked per query: the newest written of those the caller may see that
    /// meet the filters (ADR 0005, "Bounded ranking"). The engines cannot rank the best k without scoring every match,
    /// so without a bound a query of common words costs time in proportion to the corpus.
    /// </summary>
    public const int DefaultMaxRanked = 1000;

    /// <summary>
    /// Up to this many documents received in clear, a private organisation's search matches only those (FTS5 re-opens
    /// the query per document of such a list, about 0.15 ms each here, so the list is kept short).
    /// </summary>
    public const int DefaultFewInClear = 100;

    /// <summary>
    /// On PostgreSQL, how many candidate keys a branch asks of the mirror (<see cref="SearchMirror"/>) at a time: null
    /// for the limit and an eighth more at first (the filters' tokens are in the mirror's query, so most keys are kept
    /// unless the caller receives few of the matches), then in proportion to the share of keys the database kept from
    /// the batch before. Tests fix it small to take many batches.
    /// </summary>
    public int? Batch { get; init; }

    /// <summary>The most keys asked of the mirror in one batch.</summary>
    private const int MaxBatch = 65_536;

    /// <summary>That limit for this instance (tests use 0 to take the other way).</summary>
    public int FewInClear { get; init; } = DefaultFewInClear;

    /// <summary>The bound of this instance (tests use a small one).</summary>
    public int MaxRanked { get; init; } = DefaultMaxRanked;

    private const int SnippetLength = 220;

    public async Task<Result<SearchPage>> SearchAsync(Actor actor, string? q, SearchFilters filters, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var parsed = SearchQuery.Parse(q);
        if (!parsed.Ok)
        {
            return parsed.Error!;
        }

        var query = parsed.Value!;
        var size = Math.Clamp(limit ?? DefaultPageSize, 1, MaxPageSize);
        var offset = 0;
        if (cursor is not null && (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > MaxOffset))
        {
            return new Invalid("cursor", "The cursor is not valid; start again without one.");
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var facets = new List<string>();
        var filtered = Filter(db.Signals.AsNoTracking().Where(SharingPolicy.Visible(viewer)), filters, facets);
        if (!filtered.Ok)
        {
            return filtered.Error!;
        }

        if (!viewer.SeesContent)
        {
            return new SearchPage([], null);
        }

        // The mirror, brought up to date now, gives the candidates and the counts (ADR 0008).
        await using var source = await mirror.OpenAsync(db, cancellationToken);
        var candidates = await CandidatesAsync(viewer, query, facets, filtered.Value!, source, cancellationToken);
        if (candidates is null)
        {
            return new SearchPage([], null);
        }

        var ranked = await RankAsync(query, candidates.Value.Rows, source, cancellationToken);
        var rows = ranked.Skip(offset).Take(size + 1).ToList();
        var page = rows.Take(size).ToList();
        var ids = page.Select(r => r.SignalId).ToList();
        var signals = await db.Signals.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var items = page.Where(r => signals.ContainsKey(r.SignalId)).Select(r =>
        {
            var signal = signals[r.SignalId];
            var text = SharingPolicy.ReceivesInClear(viewer, signal) ? signal.Description : signal.PartnerSummary ?? "";
            return new SearchHit(signal.Id, signal.Title, signal.Mainport, signal.Category.ToText(), signal.Tlp.ToText(),
                signal.Status == SignalStatus.Published ? "published" : "draft", signal.OccurredAt, r.Rank, Snippet(text, query));
        }).ToList();
        var next = rows.Count > size && offset + size <= MaxOffset ? (offset + size).ToString(CultureInfo.InvariantCulture) : null;
        return new SearchPage(items, next, candidates.Value.Capped);
    }

    /// <summary>
    /// A matching signal the caller may see, before ranking: its document key (write order), which branch found it and
    /// the sections it is ranked on (the restricted one empty in the partner branch).
    /// </summary>
    private sealed class Candidate
    {
        public required string SignalId { get; init; }
        public long Key { get; init; }
        public DateTime OccurredAt { get; init; }
        public bool Partner { get; init; }
        public required string Public { get; init; }
        public required string Restricted { get; init; }
    }

    private sealed record RankedCandidate(string SignalId, double Rank, DateTime OccurredAt);

    /// <summary>
    /// A row of the engine's full-text query: a signal's document key, the signal, and the document's sections for
    /// ranking (<see cref="Restricted"/> empty when the caller is matched on the public section only).
    /// </summary>
    public sealed class TextHit
    {
        public required string SignalId { get; init; }
        public long Key { get; init; }
        public required string Public { get; init; }
        public required string Restricted { get; init; }
    }

    /// <summary>
    /// The matching signals the caller may see — the sharing policy and the filters inside the one query per branch —
    /// newest written first, at most <see cref="MaxRanked"/> in all; <c>Capped</c> when there were more. Null when
    /// the query cannot match anything for this caller.
    /// </summary>
    private async Task<(List<Candidate> Rows, bool Capped)?> CandidatesAsync(Viewer viewer, SearchQuery query, List<string> facets, IQueryable<Signal> visible,
        SearchMirror.Reader source, CancellationToken cancellationToken)
    {
        var organisation = viewer.OrganisationId;
        var inClear = SharingPolicy.ReceivedInClear(viewer);
        var limit = MaxRanked + 1;
        var found = new List<Candidate>();
        var capped = false;
        var any = false;

        // Signals the caller receives in clear: every term on both sections. A pseudonym is never shown here, so a
        // query that requires one finds none of these.
        if (query.HasPositiveTextTerm && !query.PseudonymTerms.Any(t => !t.Excluded))
        {
            any = true;
            var only = viewer.IsPublic ? null : await FewReceivedInClearAsync(viewer, cancellationToken);
            var rows = only is [] ? [] : await MatchesAsync(visible.Where(inClear), query, facets, publicOnly: false, "all", only, limit, source, cancellationToken);
            capped |= rows.Count > MaxRanked;
            found.AddRange(rows.Take(MaxRanked));
        }

        // Signals the caller receives as a private partner: the partner-visible section and the caller's own pseudonyms.
        if (!viewer.IsPublic)
        {
            any = true;
            var restricted = visible.Where(inClear.Not());
            foreach (var term in query.PseudonymTerms)
            {
                var value = term.Pseudonym;
                System.Linq.Expressions.Expression<Func<Signal, bool>> shown = s => s.Observables.Any(o => o.Observable!.IsPersonalData
                    && db.Pseudonyms.Any(p => p.OrganisationId == organisation && p.ObservableId == o.ObservableId && p.Value == value));
                restricted = restricted.Where(term.Excluded ? shown.Not() : shown);
            }

            // Without a text term every document is a match, joined as it is.
            var rows = query.HasPositiveTextTerm
                ? await MatchesAsync(restricted, query, facets, publicOnly: true, "partner", null, limit, source, cancellationToken)
                : await NewestAsync(restricted, db.SearchDocuments.Select(d => new TextHit { SignalId = d.SignalId, Key = d.Key, Public = "", Restricted = "" }),
                    partner: true, limit, cancellationToken);
            capped |= rows.Count > MaxRanked;
            found.AddRange(rows.Take(MaxRanked));
        }

        if (!any)
        {
            return null;
        }

        capped |= found.Count > MaxRanked;
        return ([.. found.OrderByDescending(c => c.Key).Take(MaxRanked)], capped);
    }

    /// <summary>
    /// The documents of the signals a private organisation receives in clear — its own and those whose owner recorded a
    /// legal basis (both read from an index) — when they are at most <see cref="FewInClear"/>; null when there are more.
    /// A private partner usually receives few signals in clear, and matching only their documents (a seek per document)
    /// spares walking every match of a common word to find none. Only a pre-filter: the candidate query still applies
    /// the policy (<see cref="SharingPolicy.Visible(Viewer)"/> and <see cref="SharingPolicy.ReceivedInClear(Viewer)"/>) and the filters.
    /// </summary>
    private async Task<long[]?> FewReceivedInClearAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var organisation = viewer.OrganisationId;
        var visible = db.Signals.AsNoTracking().Where(SharingPolicy.Visible(viewer));
        var keys = new List<long>();
        // Each part in the order of the index that finds it (owner and time; the partial index on the legal basis), so
        // that counting stops early without a sort.
        keys.AddRange(await (from s in visible.Where(s => s.OwnerOrganisationId == organisation)
                             join d in db.SearchDocuments on s.Id equals d.SignalId
                             orderby s.CreatedAt
                             select d.Key).Take(FewInClear + 1).ToListAsync(cancellationToken));
        if (keys.Count <= FewInClear)
        {
            keys.AddRange(await (from s in visible.Where(s => s.PersonalDataLegalBasis != null && s.OwnerOrganisationId != organisation)
                                 join d in db.SearchDocuments on s.Id equals d.SignalId
                                 orderby s.PersonalDataLegalBasis
                                 select d.Key).Take(FewInClear + 1 - keys.Count).ToListAsync(cancellationToken));
        }

        return keys.Count > FewInClear ? null : [.. keys];
    }

    /// <summary>
    /// Ranks the candidates by BM25 over their own sections (<see cref="SearchRanking"/>) with document frequencies kept
    /// between queries (<see cref="DocumentFrequencies"/>) — in the partner branch the public section alone, with the
    /// public sections' frequencies; ordered by rank, then newest occurrence, then id. The same ranks on both databases.
    /// Only the query's own positive terms count (not the filters' tokens, which every candidate holds).
    /// </summary>
    private async Task<List<RankedCandidate>> RankAsync(SearchQuery query, List<Candidate> candidates, SearchMirror.Reader source, CancellationToken cancellationToken)
    {
        var terms = query.TextTerms.Where(t => !t.Excluded).ToList();
        var ranks = new double[candidates.Count];
        if (terms.Count > 0 && candidates.Count > 0)
        {
            foreach (var partner in new[] { false, true })
            {
                var branch = Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Partner == partner).ToList();
                if (branch.Count == 0)
                {
                    continue;
                }

                var (total, counts) = await frequencies.CountAsync(db, source, terms, publicOnly: partner, cancellationToken);
                var idf = counts.Select(c => SearchRanking.InverseDocumentFrequency(c, total)).ToArray();
                var sections = branch.Select(i => partner
                    ? new[] { (candidates[i].Public, SearchRanking.PublicWeight) }
                    : [(candidates[i].Public, SearchRanking.PublicWeight), (candidates[i].Restricted, SearchRanking.RestrictedWeight)]).ToList();
                var average = sections.Average(document => document.Sum(section => SearchRanking.Length(section.Item1)));
                for (var n = 0; n < branch.Count; n++)
                {
                    ranks[branch[n]] = SearchRanking.Score(terms, idf, sections[n], average);
                }
            }
        }

        return [.. candidates.Select((c, i) => new RankedCandidate(c.SignalId, ranks[i], c.OccurredAt))
            .OrderByDescending(r => r.Rank).ThenByDescending(r => r.OccurredAt).ThenBy(r => r.SignalId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The newest <paramref name="limit"/> matches among <paramref name="signals"/> (the partner branch when
    /// <paramref name="publicOnly"/>), or among the documents in <paramref name="only"/>. The mirror
    /// (<paramref name="source"/>) gives matching keys newest first, in batches, and the database keeps those whose
    /// signal the caller may see and that meet the filters (on PostgreSQL also whose vector matches: <see cref="TextHits"/>),
    /// until the limit is reached or the mirror has no more: each batch continues below the last key of the one before,
    /// so the answer is the one a single walk of every match would give.
    /// </summary>
    private async Task<List<Candidate>> MatchesAsync(IQueryable<Signal> signals, SearchQuery query, List<string> facets, bool publicOnly, string name,
        long[]? only, int limit, SearchMirror.Reader source, CancellationToken cancellationToken)
    {
        var match = Fts5(query, facets, publicOnly);
        if (only is not null)
        {
            // A few documents: FTS5 tests each of them.
            var matching = await source.KeysAsync(match, long.MaxValue, only.Length, cancellationToken, only);
            return await NewestAsync(signals, TextHits(query, facets, publicOnly, name, matching), publicOnly, limit, cancellationToken);
        }

        var rows = new List<Candidate>();
        var below = long.MaxValue;
        var batch = Batch ?? limit + limit / 8;
        while (rows.Count < limit)
        {
            var keys = await source.KeysAsync(match, below, batch, cancellationToken);
            if (keys.Length == 0)
            {
                break;
            }

            var kept = await NewestAsync(signals, TextHits(query, facets, publicOnly, name, keys), publicOnly, limit - rows.Count, cancellationToken);
            rows.AddRange(kept);
            if (keys.Length < batch)
            {
                break;
            }

            below = keys[^1];
            // The next batch in proportion to what this one kept (at least one key in 64 is taken as kept).
            var share = Math.Max(kept.Count, keys.Length / 64.0) / keys.Length;
            batch = Batch ?? (int)Math.Clamp((limit - rows.Count) / share * 1.125, 1, MaxBatch);
        }

        return rows;
    }

    /// <summary>
    /// The newest <paramref name="limit"/> matches (by document key) among <paramref name="signals"/>, as candidates to
    /// rank. Planned for its values at every run (<see cref="PlanChoice"/>): the best plan depends on them.
    /// </summary>
    private static Task<List<Candidate>> NewestAsync(IQueryable<Signal> signals, IQueryable<TextHit> hits, bool partner, int limit, CancellationToken cancellationToken) =>
        (from s in signals
         join h in hits on s.Id equals h.SignalId
         orderby h.Key descending
         select new Candidate { SignalId = s.Id, Key = h.Key, OccurredAt = s.OccurredAt, Partner = partner, Public = h.Public, Restricted = h.Restricted })
            .Take(limit).TagWith(PlanChoice.CustomPlan).ToListAsync(cancellationToken);

    /// <summary>
    /// The documents with the mirror's keys <paramref name="only"/>, for the candidate query: on PostgreSQL only those
    /// whose vector matches (<c>ts_match_vq</c>, the function behind <c>@@</c>, with a private partner's terms on the
    /// public weight), so that a wrong entry in the mirror never shows a signal; SQLite has no vectors, and its mirror
    /// lies in the same data folder as its database, which whoever could forge the one could change as well. The
    /// restricted section is read only when it is matched.
    /// </summary>
    private IQueryable<TextHit> TextHits(SearchQuery query, List<string> facets, bool publicOnly, string name, long[] only)
    {
        // Only the parameter's name ("all" or "partner", never input) is put into the SQL; the query goes as a parameter.
#pragma warning disable EF1002
        var restricted = publicOnly ? "''" : "d.\"Restricted\"";
        var documents = Parameter("@only_" + name);
        if (db.Database.IsNpgsql())
        {
            var search = Parameter("@search_" + name);
            search.Value = TsQuery(query, facets, publicOnly);
            documents.Value = only;
            return db.Database.SqlQueryRaw<TextHit>($"""
                SELECT d."SignalId", d."Key", d."Public", {restricted} AS "Restricted" FROM "SignalSearchDocuments" AS d
                WHERE d."Key" = ANY(@only_{name}) AND ts_match_vq(d."Vector", CAST(@search_{name} AS tsquery))
                """, search, documents);
        }

        // The documents of the keys, then their signals by key: what SQLite plans with its statistics of the signals
        // (DatabaseSetup.SqliteSignalStatistics; 1.7 ms for 1,126 keys at 1,000,000 signals). Should they be missing,
        // "LIMIT -1" (no limit) keeps this from being merged into the query around it, which limits the damage of a
        // plan that starts from the signals of a mainport (measured there: 0.46 s with it, 7.6 s without).
        documents.Value = SearchMirror.Json(only);
        return db.Database.SqlQueryRaw<TextHit>($"""
            SELECT d."SignalId", d."Key", d."Public", {restricted} AS "Restricted"
            FROM json_each(@only_{name}) AS k JOIN "SignalSearchDocuments" AS d ON d."Key" = k.value LIMIT -1
            """, documents);
#pragma warning restore EF1002
    }

    /// <summary>The query for FTS5, the filters' tokens (<see cref="SearchText.Facets"/>) required in the public section.</summary>
    private static string Fts5(SearchQuery query, List<string> facets, bool publicOnly) =>
        string.Concat(facets.Select(f => $"{{Public}} : \"{f}\" AND ")) + (facets.Count == 0 ? query.ToFts5(publicOnly)! : "(" + query.ToFts5(publicOnly) + ")");

    /// <summary>The query for PostgreSQL: the filters' tokens with the public weight, and a private partner's terms restricted to it.</summary>
    private static string TsQuery(SearchQuery query, List<string> facets, bool publicOnly)
    {
        var terms = query.ToTsQuery(publicOnly);
        return string.Concat(facets.Select(f => $"'{f}':A & ")) + (facets.Count == 0 ? terms! : "(" + terms + ")");
    }

    private DbParameter Parameter(string name)
    {
        var parameter = db.Database.GetDbConnection().CreateCommand().CreateParameter();
        parameter.ParameterName = name;
        return parameter;
    }

    /// <summary>The filters as conditions on the signals; <paramref name="facets"/> receives their tokens for the engine.</summary>
    private static Result<IQueryable<Signal>> Filter(IQueryable<Signal> query, SearchFilters filters, List<string> facets)
    {
        var errors = new FieldErrors();
        if (Mainport(filters.Mainport, errors) is { } mainport)
        {
            query = query.Where(s => s.Mainport == mainport);
            facets.Add(SearchText.Facet("mainport", mainport));
        }

        if (Category(filters.Category, "category", errors) is { } category)
        {
            query = query.Where(s => s.Category == category);
            facets.Add(SearchText.Facet("category", category.ToText()));
        }

        if (!string.IsNullOrWhiteSpace(filters.ModusOperandi))
        {
            var code = filters.ModusOperandi.Trim().ToUpperInvariant();
            if (code.Length > 32 || code.Contains(';', StringComparison.Ordinal))
            {
                errors.Add("mo", "A modus-operandi code such as SEA-C01.");
            }
            else
            {
                var delimited = ";" + code + ";";
                query = query.Where(s => (";" + s.ModusOperandi + ";").Contains(delimited));
                facets.Add(SearchText.Facet("mo", code));
            }
        }

        if (!string.IsNullOrWhiteSpace(filters.Tlp))
        {
            var tlp = SharingTerms.ParseTlp(filters.Tlp);
            if (tlp is null)
            {
                errors.Add("tlp", $"Unknown TLP; use one of {string.Join(", ", SharingTerms.TlpNames)}.");
            }
            else
            {
                query = query.Where(s => s.Tlp == tlp.Value);
                facets.Add(SearchText.Facet("tlp", tlp.Value.ToText()));
            }
        }

        if (Time(filters.From, "from", errors) is { } from)
        {
            query = query.Where(s => s.OccurredAt >= from);
        }

        if (Time(filters.To, "to", errors) is { } to)
        {
            query = query.Where(s => s.OccurredAt < to);
        }

        return errors.Any ? errors.ToError() : Result.Of(query);
    }

    /// <summary>A date (<c>2026-03-01</c>, the whole day from midnight UTC) or an ISO 8601 time.</summary>
    /// <summary>The mainport filter: null when not given or unknown (then the error is added).</summary>
    internal static string? Mainport(string? text, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var code = MainportCode.Parse(text);
        if (code is null)
        {
            errors.Add("mainport", $"Unknown mainport '{text}'.");
        }

        return code;
    }

    /// <summary>A category filter (a signal's category, a case's kind): null when not given or unknown (then the error is added).</summary>
    internal static SignalCategory? Category(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var category = SignalCategories.Parse(text);
        if (category is null)
        {
            errors.Add(field, $"Unknown {field}; use one of {string.Join(", ", SignalCategories.Names)}.");
        }

        return category;
    }

    internal static DateTime? Time(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.UtcDateTime;
        }

        errors.Add(field, $"'{text}' is not a date or an ISO 8601 time.");
        return null;
    }

    /// <summary>
    /// A window of the text around the first word the query found, with the found words marked. Built from the text
    /// the caller receives, never from the index.
    /// </summary>
    public static IReadOnlyList<SnippetPart> Snippet(string text, SearchQuery query)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var wanted = query.TextTerms.Where(t => !t.Excluded).SelectMany(t => t.Tokens.Select((token, n) => (token, prefix: t.Prefix && n == t.Tokens.Count - 1))).ToList();
        var matches = new List<(int Start, int Length)>();
        foreach (var (start, length) in Words(text))
        {
            var tokens = SearchText.Tokens(text.Substring(start, length));
            if (tokens.Count == 1 && wanted.Any(w => w.prefix ? tokens[0].StartsWith(w.token, StringComparison.Ordinal) : tokens[0] == w.token))
            {
                matches.Add((start, length));
            }
        }

        var from = matches.Count == 0 ? 0 : Math.Max(0, matches[0].Start - 60);
        while (from > 0 && !char.IsWhiteSpace(text[from - 1]))
        {
            from--;
        }

        var to = Math.Min(text.Length, from + SnippetLength);
        while (to < text.Length && to - from < SnippetLength + 40 && !char.IsWhiteSpace(text[to]))
        {
            to++;
        }

        var parts = new List<SnippetPart>();
        if (from > 0)
        {
            parts.Add(new SnippetPart("… ", false));
        }

        var at = from;
        foreach (var (start, length) in matches.Where(m => m.Start >= from && m.Start + m.Length <= to))
        {
            if (start > at)
            {
                parts.Add(new SnippetPart(text[at..start], false));
            }

            parts.Add(new SnippetPart(text.Substring(start, length), true));
            at = start + length;
        }

        if (to > at)
        {
            parts.Add(new SnippetPart(text[at..to], false));
        }

        if (to < text.Length)
        {
            parts.Add(new SnippetPart(" …", false));
        }

        return parts;
    }

    /// <summary>Runs of letters, digits and diacritics in the original text (start, length).</summary>
    private static IEnumerable<(int Start, int Length)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }
}
