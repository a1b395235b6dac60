using System.Text;
using Slagboom.Core.Errors;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Search;

/// <summary>One term of a query: a word or phrase (its tokens), perhaps a prefix, perhaps excluded; or a pseudonym.</summary>
public sealed record SearchTerm(IReadOnlyList<string> Tokens, bool Prefix, bool Excluded, string? Pseudonym = null);

/// <summary>
/// The documented query syntax (docs/adr/0005-search-sqlite-fts5-and-postgresql-tsvector.md), parsed once and
/// rendered for each engine so that both find the same signals:
/// <list type="bullet">
/// <item><c>word word</c>: every word must occur (AND);</item>
/// <item><c>"a phrase"</c>: the words next to each other, in this order;</item>
/// <item><c>pref*</c>: a word starting with at least <see cref="MinPrefixLength"/> letters or digits;</item>
/// <item><c>-word</c>, <c>-"a phrase"</c>, <c>-pref*</c>: leaves out the signals where it occurs;</item>
/// <item><c>pd:…</c>: one of the caller's own pseudonyms, matched against the observables it was shown as that pseudonym.</item>
/// </list>
/// Words are tokenized by <see cref="SearchText"/>: a value such as <c>AB-12-34</c> is the phrase <c>"ab 12 34"</c>.
/// There is no OR and no NEAR: what is not in this list is searched as plain words.
/// </summary>
public sealed class SearchQuery
{
    public const int MaxTerms = 10;
    public const int MaxLength = 500;
    public const int MinPrefixLength = 2;

    private SearchQuery(IReadOnlyList<SearchTerm> terms) => Terms = terms;

    public IReadOnlyList<SearchTerm> Terms { get; }

    /// <summary>The terms that are searched in the text (not pseudonyms).</summary>
    public IEnumerable<SearchTerm> TextTerms => Terms.Where(t => t.Pseudonym is null);

    /// <summary>The pseudonyms the query names, included or excluded.</summary>
    public IEnumerable<SearchTerm> PseudonymTerms => Terms.Where(t => t.Pseudonym is not null);

    public bool HasPositiveTextTerm => TextTerms.Any(t => !t.Excluded);

    public static Result<SearchQuery> Parse(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return new Invalid("q", "Give at least one word to look for.");
        }

        if (q.Length > MaxLength)
        {
            return new Invalid("q", $"A query has at most {MaxLength} characters.");
        }

        var terms = new List<SearchTerm>();
        var i = 0;
        while (i < q.Length)
        {
            if (char.IsWhiteSpace(q[i]))
            {
                i++;
                continue;
            }

            var excluded = false;
            if (q[i] == '-' && i + 1 < q.Length && !char.IsWhiteSpace(q[i + 1]))
            {
                excluded = true;
                i++;
            }

            string raw;
            var quoted = q[i] == '"';
            if (quoted)
            {
                var end = q.IndexOf('"', i + 1);
                raw = end < 0 ? q[(i + 1)..] : q[(i + 1)..end];
                i = end < 0 ? q.Length : end + 1;
            }
            else
            {
                var start = i;
                while (i < q.Length && !char.IsWhiteSpace(q[i]) && q[i] != '"')
                {
                    i++;
                }

                raw = q[start..i];
            }

            var prefix = false;
            if (i < q.Length && q[i] == '*' && quoted)
            {
                prefix = true;
                i++;
            }
            else if (!quoted && raw.EndsWith('*'))
            {
                prefix = true;
                raw = raw.TrimEnd('*');
            }

            if (!quoted && Pseudonym.IsPseudonym(raw.ToLowerInvariant()))
            {
                terms.Add(new SearchTerm([], false, excluded, raw.ToLowerInvariant()));
                continue;
            }

            var tokens = SearchText.Tokens(raw);
            if (tokens.Count == 0)
            {
                continue;
            }

            if (prefix && tokens[^1].Length < MinPrefixLength)
            {
                return new Invalid("q", $"A prefix search needs at least {MinPrefixLength} letters or digits before the '*'.");
            }

            terms.Add(new SearchTerm(tokens, prefix, excluded));
        }

        if (terms.Count > MaxTerms)
        {
            return new Invalid("q", $"A query has at most {MaxTerms} terms.");
        }

        if (!terms.Any(t => !t.Excluded))
        {
            return new Invalid("q", "Give at least one word to look for; a query of exclusions alone finds nothing.");
        }

        return new SearchQuery(terms);
    }

    /// <summary>
    /// The FTS5 MATCH expression over the text terms. <paramref name="publicOnly"/> restricts every term, the
    /// exclusions too, to the partner-visible column; null when there is no positive text term.
    /// </summary>
    public string? ToFts5(bool publicOnly)
    {
        if (!HasPositiveTextTerm)
        {
            return null;
        }

        // The sections' columns, and the columns derived from them: for a phrase the word pairs the index holds
        // (SearchText.Pair): two words are exactly their pair; with more, or with a prefix, the pairs narrow and the
        // phrase decides — FTS5 then checks the order only in the documents that hold every pair. A phrase with no pair
        // the index holds stays as it is.
        var (sections, derived) = publicOnly ? ("{Public} : ", "{PublicTerms} : ") : ("{Public Restricted} : ", "{PublicTerms RestrictedPairs} : ");
        string Phrase(SearchTerm t)
        {
            // A single word in the public section alone: its marked twin (SearchText.PublicWord), in a list of its own.
            if (publicOnly && t.Tokens.Count == 1)
            {
                return derived + "\"" + SearchText.PublicWord(t.Tokens[0]) + "\"" + (t.Prefix ? " *" : "");
            }

            var phrase = sections + "\"" + string.Join(' ', t.Tokens) + "\"" + (t.Prefix ? " *" : "");
            var pairs = Enumerable.Range(0, Math.Max(t.Tokens.Count - 1, 0))
                .Where(i => SearchText.Pairable(t.Tokens[i], t.Tokens[i + 1]) && !(t.Prefix && i == t.Tokens.Count - 2))
                .Select(i => derived + "\"" + SearchText.Pair(t.Tokens[i], t.Tokens[i + 1]) + "\"").ToList();
            return pairs.Count == 0 ? phrase
                : t.Tokens.Count == 2 ? pairs[0]
                : "(" + string.Join(" AND ", pairs) + " AND " + phrase + ")";
        }

        var text = new StringBuilder("(").AppendJoin(" AND ", TextTerms.Where(t => !t.Excluded).Select(Phrase)).Append(')');
        var excluded = TextTerms.Where(t => t.Excluded).Select(Phrase).ToList();
        if (excluded.Count > 0)
        {
            text.Append(" NOT (").AppendJoin(" OR ", excluded).Append(')');
        }

        return text.ToString();
    }

    /// <summary>
    /// The PostgreSQL tsquery (text form) over the text terms. <paramref name="publicOnly"/> restricts every lexeme to
    /// weight A, the partner-visible section; null when there is no positive text term.
    /// </summary>
    public string? ToTsQuery(bool publicOnly)
    {
        if (!HasPositiveTextTerm)
        {
            return null;
        }

        var weight = publicOnly ? "A" : "";
        string Phrase(SearchTerm t)
        {
            var lexemes = t.Tokens.Select((token, n) =>
            {
                var prefix = t.Prefix && n == t.Tokens.Count - 1 ? "*" : "";
                var suffix = prefix + weight;
                return "'" + token + "'" + (suffix.Length > 0 ? ":" + suffix : "");
            });
            var phrase = string.Join(" <-> ", lexemes);
            return t.Tokens.Count > 1 ? "(" + phrase + ")" : phrase;
        }

        var parts = TextTerms.Select(t => t.Excluded ? "!" + Phrase(t) : Phrase(t));
        return string.Join(" & ", parts);
    }
}
