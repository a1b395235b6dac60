using Slagboom.Core.Search;

namespace Slagboom.Core.Tests.Search;

/// <summary>The one tokenizer of the search index: what a section, a PostgreSQL vector and a filter token look like, caps included.</summary>
public sealed class SearchTextTests
{
    [Fact]
    public void Tokens_AreLetterAndDigitRuns_LowerCased_WithoutDiacritics_AndCut()
    {
        // A combining mark (e + ´) belongs to its letter; everything else that is not a letter or digit separates.
        Assert.Equal(["cafe", "cafe", "x2", "中文"], SearchText.Tokens("Cafe\u0301 CAFÉ—x2 中文"));
        Assert.Equal(["een", "twee"], SearchText.Tokens("een twee drie", max: 2));
        Assert.Empty(SearchText.Tokens("  —, "));
        Assert.Empty(SearchText.Tokens(null));
        var longToken = SearchText.Tokens(new string('a', 100) + " b");
        Assert.Equal([new string('a', SearchText.MaxTokenLength), "b"], longToken);
    }

    [Fact]
    public void Section_JoinsThePartsTokens_AndStopsAtTheCap()
    {
        Assert.Equal("titel bij kade 7 ab 12 34", SearchText.Section(["Titel bij", null, "", "kade 7", "AB-12-34"]));
        var many = string.Join(' ', Enumerable.Range(0, SearchText.MaxTokensPerSection - 1).Select(i => $"w{i}"));
        var section = SearchText.Section([many, "laatste woord", "nooit"]);
        Assert.Equal(SearchText.MaxTokensPerSection, section.Split(' ').Length);
        Assert.EndsWith($"w{SearchText.MaxTokensPerSection - 2} laatste", section, StringComparison.Ordinal);
    }

    [Fact]
    public void TsVector_ListsEachLexemeOnce_InOrdinalOrder_WithPositionsAndWeights()
    {
        // Public tokens weight A from 1; restricted weight B after a gap of one position, so no phrase spans both.
        Assert.Equal("'12':5B 'douane':1A,3A 'nacht':2A,6B", SearchText.TsVector("douane nacht douane", "12 nacht"));
        Assert.Equal("", SearchText.TsVector("", ""));
        Assert.Equal("'x':2B", SearchText.TsVector("", "x"));
        // PostgreSQL keeps 256 positions of a lexeme: the first ones.
        var vector = SearchText.TsVector(string.Join(' ', Enumerable.Repeat("vaak", 300)), "");
        Assert.Equal(256, vector.Split(',').Length);
        Assert.StartsWith("'vaak':1A,2A,", vector, StringComparison.Ordinal);
        Assert.EndsWith(",256A", vector, StringComparison.Ordinal);
    }

    [Fact]
    public void Facet_IsTheFiltersNameAndTheValuesLettersAndDigits()
    {
        Assert.Equal("zzmainportrtm", SearchText.Facet("mainport", "RTM"));
        Assert.Equal("zzmoab1", SearchText.Facet("mo", "AB-1"));
        Assert.Equal("zzcategoryapproachofstaff", SearchText.Facet("category", "approach-of-staff"));
    }
}
