namespace Slagboom.Core.Search;

/// <summary>
/// Okapi BM25 over our own tokens, as SQLite FTS5's <c>bm25()</c> computes it (k1 = 1.2, b = 0.75, a weighted count
/// of each phrase's occurrences per section), but evaluated in C# over the stored sections of the candidates, so that
/// both databases rank alike and the inverse document frequency comes from counts kept between queries
/// (<see cref="DocumentFrequencies"/>) instead of a walk of every phrase's document list per query.
/// </summary>
public static class SearchRanking
{
    /// <summary>A word in the public section (title, summary, identifiers) counts this many times one in the restricted section.</summary>
    public const double PublicWeight = 4.0;

    public const double RestrictedWeight = 1.0;

    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>
    /// The inverse document frequency of a term found in <paramref name="documents"/> of <paramref name="total"/>
    /// documents — FTS5's formula, with its floor for terms in more than half of them.
    /// </summary>
    public static double InverseDocumentFrequency(long documents, long total)
    {
        var idf = Math.Log((total - documents + 0.5) / (documents + 0.5));
        return idf > 0 ? idf : 1e-6;
    }

    /// <summary>
    /// The BM25 score (higher is better) of one document for <paramref name="terms"/> (the positive text terms, with
    /// their <paramref name="idf"/>). <paramref name="sections"/> are the stored sections (<see cref="SearchText.Section"/>)
    /// the caller is matched on — the public one alone for a private partner, so that neither the restricted text nor
    /// its length moves the rank; <paramref name="averageLength"/> is the mean token count of the documents ranked together.
    /// </summary>
    public static double Score(IReadOnlyList<SearchTerm> terms, IReadOnlyList<double> idf, IReadOnlyList<(string Section, double Weight)> sections, double averageLength)
    {
        var length = 0;
        foreach (var (section, _) in sections)
        {
            length += Length(section);
        }

        var norm = K1 * (1 - B + B * length / Math.Max(1.0, averageLength));
        double score = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            double frequency = 0;
            foreach (var (section, weight) in sections)
            {
                frequency += Occurrences(terms[i], section) * weight;
            }

            score += idf[i] * frequency * (K1 + 1) / (frequency + norm);
        }

        return score;
    }

    /// <summary>The number of tokens of a stored section (tokens joined by single spaces).</summary>
    public static int Length(string section) => section.Length == 0 ? 0 : section.AsSpan().Count(' ') + 1;

    /// <summary>
    /// How often <paramref name="term"/> occurs in a stored section: its tokens in a row, the last one as a prefix for
    /// a prefix term. Reads the section in place (no token strings).
    /// </summary>
    public static int Occurrences(SearchTerm term, string section)
    {
        var count = 0;
        var start = 0;
        while (start < section.Length)
        {
            var at = start;
            var all = true;
            for (var k = 0; k < term.Tokens.Count && all; k++)
            {
                if (at > section.Length)
                {
                    all = false;
                    break;
                }

                var end = section.IndexOf(' ', at);
                end = end < 0 ? section.Length : end;
                var token = section.AsSpan(at, end - at);
                all = term.Prefix && k == term.Tokens.Count - 1 ? token.StartsWith(term.Tokens[k], StringComparison.Ordinal) : token.SequenceEqual(term.Tokens[k]);
                at = end + 1;
            }

            if (all)
            {
                count++;
            }

            var next = section.IndexOf(' ', start);
            if (next < 0)
            {
                break;
            }

            start = next + 1;
        }

        return count;
    }
}
