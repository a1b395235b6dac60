using Slagboom.Core.Search;

namespace Slagboom.Core.Tests.Search;

/// <summary>BM25 over stored sections, as the signal search ranks its candidates.</summary>
public sealed class SearchRankingTests
{
    private static SearchTerm Term(string q) => SearchQuery.Parse(q).Value!.Terms.Single();

    private static string Section(string text) => SearchText.Section([text]);

    [Fact]
    public void Occurrences_CountWholeTokensPhrasesInOrderAndPrefixesOnTheLastWord()
    {
        var section = Section("Poort 7, poorten bij poort 7; de poort");
        Assert.Equal(3, SearchRanking.Occurrences(Term("poort"), section));
        Assert.Equal(4, SearchRanking.Occurrences(Term("poort*"), section));
        Assert.Equal(2, SearchRanking.Occurrences(Term("\"poort 7\""), section));
        Assert.Equal(0, SearchRanking.Occurrences(Term("\"7 poort\""), section));
        Assert.Equal(1, SearchRanking.Occurrences(Term("\"bij poo\"*"), section));
        Assert.Equal(0, SearchRanking.Occurrences(Term("\"de poort 7\""), section));
        Assert.Equal(0, SearchRanking.Occurrences(Term("poort"), ""));
        Assert.Equal(8, SearchRanking.Length(section));
        Assert.Equal(0, SearchRanking.Length(""));
    }

    [Fact]
    public void InverseDocumentFrequency_FallsWithTheDocumentsThatHoldTheTerm_AndStaysPositive()
    {
        Assert.True(SearchRanking.InverseDocumentFrequency(10, 1_000_000) > SearchRanking.InverseDocumentFrequency(10_000, 1_000_000));
        Assert.Equal(Math.Log((1000 - 10 + 0.5) / 10.5), SearchRanking.InverseDocumentFrequency(10, 1000), 12);
        Assert.Equal(1e-6, SearchRanking.InverseDocumentFrequency(900, 1000));
    }

    [Fact]
    public void Score_WeighsPublicAboveRestricted_RareAboveCommon_AndShortAboveLong()
    {
        var terms = SearchQuery.Parse("zegel poort").Value!.Terms;
        double[] idf = [SearchRanking.InverseDocumentFrequency(10, 1000), SearchRanking.InverseDocumentFrequency(400, 1000)];
        double Score(string publicText, string restrictedText, double average = 8) =>
            SearchRanking.Score(terms, idf, [(Section(publicText), SearchRanking.PublicWeight), (Section(restrictedText), SearchRanking.RestrictedWeight)], average);

        // The same words, in the title rather than the description.
        Assert.True(Score("zegel poort aa bb", "cc dd ee ff") > Score("aa bb cc dd", "zegel poort ee ff"));
        // Twice the rare word beats twice the common one.
        Assert.True(Score("zegel zegel poort aa", "bb cc dd ee") > Score("zegel poort poort aa", "bb cc dd ee"));
        // The same occurrences in a shorter document.
        Assert.True(Score("zegel poort", "aa") > Score("zegel poort", "aa bb cc dd ee ff gg hh ii jj"));
        // FTS5's bm25 for one document holding each term once, in the public section, at the average length.
        var expected = (idf[0] + idf[1]) * 4.0 * 2.2 / (4.0 + 1.2);
        Assert.Equal(expected, Score("zegel poort aa bb", "cc dd ee ff"), 12);
    }
}
