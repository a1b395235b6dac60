using System.Globalization;
using System.Text;

using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Search;

/// <summary>
/// The one tokenizer of the search index, used for what is indexed and for what is asked, on both databases. A token
/// is a run of letters and digits, lower-cased, with diacritics removed; everything else separates tokens. The index
/// stores these tokens joined by single spaces, so that SQLite's unicode61 tokenizer and the tsvector we build for
/// PostgreSQL see exactly the same words — the engines never tokenize the original text themselves.
/// </summary>
public static class SearchText
{
    /// <summary>Longer tokens are cut to this length, in the index and in a query alike.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>At most this many tokens per section (public, restricted): PostgreSQL keeps positions up to 16,383.</summary>
    public const int MaxTokensPerSection = 8000;

    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    public static List<string> Tokens(string? text, int max = int.MaxValue)
    {
        var tokens = new StringBuilder();
        AppendTokens(tokens, text, max);
        return tokens.Length == 0 ? [] : [.. tokens.ToString().Split(' ')];
    }

    /// <summary>The section text as stored: the tokens of every part, joined by single spaces, capped.</summary>
    public static string Section(IEnumerable<string?> parts)
    {
        var section = new StringBuilder();
        var count = 0;
        foreach (var part in parts)
        {
            count += AppendTokens(section, part, MaxTokensPerSection - count);
            if (count >= MaxTokensPerSection)
            {
                break;
            }
        }

        return section.ToString();
    }

    /// <summary>
    /// Appends at most <paramref name="max"/> tokens of <paramref name="text"/>, each after a space unless
    /// <paramref name="into"/> is empty, without a string per token (an import makes two sections per signal); returns
    /// how many.
    /// </summary>
    private static int AppendTokens(StringBuilder into, string? text, int max)
    {
        if (string.IsNullOrEmpty(text) || max <= 0)
        {
            return 0;
        }

        var (count, length) = (0, 0);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (length == 0)
                {
                    if (count == max)
                    {
                        break;
                    }

                    if (into.Length > 0)
                    {
                        into.Append(' ');
                    }

                    count++;
                }

                if (length < MaxTokenLength)
                {
                    into.Append(char.ToLowerInvariant(c));
                    length++;
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                // A separator; a diacritic after its base letter (é = e + ´) is dropped instead.
                length = 0;
            }
        }

        return count;
    }

    /// <summary>
    /// Filter values as tokens of a document's public section (mainport, category, TLP, modus-operandi codes), so that
    /// the engine applies a search's filters while it matches instead of the database checking them on every match
    /// afterwards (<see cref="SignalSearch"/>). Only a pre-filter: the query still checks the signal's fields. They
    /// say nothing the signal's receivers do not see on its page.
    /// </summary>
    public static IEnumerable<string> Facets(string mainport, SignalCategory category, Tlp tlp, IEnumerable<string> modusOperandi) =>
        [Facet("mainport", mainport), Facet("category", category.ToText()), Facet("tlp", tlp.ToText()), .. modusOperandi.Select(code => Facet("mo", code))];

    /// <summary>One filter value as a token: <c>zz</c>, the filter's name and the value's letters and digits, in lower case.</summary>
    public static string Facet(string filter, string value)
    {
        var token = new StringBuilder("zz", 2 + filter.Length + value.Length).Append(filter);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                token.Append(char.ToLowerInvariant(c));
            }
        }

        return token.ToString();
    }

    /// <summary>
    /// Two tokens that stand next to each other, as one token of SQLite's full-text index: <c>zzp</c>, the first token's
    /// length, <c>x</c>, then both tokens (<c>zzp6xdouanenacht</c> for "douane nacht"). The length makes it unambiguous,
    /// so a section holds the pair exactly when it holds the two-word phrase. A phrase of common words is then one rare
    /// token for FTS5 instead of two long document lists whose positions are compared (ADR 0005, "Word pairs on SQLite").
    /// Only words of letters are paired (<see cref="Pairable"/>).
    /// </summary>
    public static string Pair(string first, string second) =>
        string.Create(CultureInfo.InvariantCulture, $"zzp{first.Length}x{first}{second}");

    /// <summary>
    /// Whether the index holds the pair of these two tokens: when both are words of letters. A token with a digit is
    /// nearly always part of an identifier, rare enough for FTS5 to match a phrase with it quickly, and pairs of such
    /// tokens are nearly all different — each a term of its own: pairing every token made the index's build 2.4 times as
    /// slow as without pairs, pairing words of letters 1.7 times.
    /// </summary>
    public static bool Pairable(string first, string second) => first.All(char.IsLetter) && second.All(char.IsLetter);

    /// <summary>
    /// A token of a public section as SQLite's index holds it a second time, marked (<c>zzw</c>, then the token): a
    /// private partner's query matches only public sections, and the marked tokens are found in a document list of their
    /// own instead of in the token's list, which holds every description's occurrences too (ADR 0005, "Public terms on SQLite").
    /// </summary>
    public static string PublicWord(string token) => PublicWordMark + token;

    private const string PublicWordMark = "zzw";

    /// <summary>
    /// What SQLite's index holds beside a public section (its tokens joined by single spaces): the section's pairs
    /// (<see cref="SectionPairs"/>) and each of its tokens marked (<see cref="PublicWord"/>), joined by single spaces.
    /// </summary>
    public static string PublicTerms(string? section)
    {
        if (string.IsNullOrEmpty(section))
        {
            return "";
        }

        // Like SectionPairs, without a string per token: SQLite calls it for every document when it builds its index.
        var terms = new StringBuilder(SectionPairs(section), section.Length * 4);
        foreach (var range in section.AsSpan().Split(' '))
        {
            var token = section.AsSpan(range);
            if (!token.IsEmpty)
            {
                terms.Append(terms.Length == 0 ? "" : " ").Append(PublicWordMark).Append(token);
            }
        }

        return terms.ToString();
    }

    /// <summary>
    /// The pairs the index holds (<see cref="Pairable"/>) of a stored section (its tokens joined by single spaces),
    /// joined by single spaces, in one pass without a string per token: SQLite calls it for every document when it
    /// builds its index (2,000,000 calls for 1,000,000 signals).
    /// </summary>
    public static string SectionPairs(string? section)
    {
        if (string.IsNullOrEmpty(section))
        {
            return "";
        }

        var pairs = new StringBuilder(section.Length * 2);
        var (previous, previousLength, previousLetters, i) = (-1, 0, false, 0);
        while (i < section.Length)
        {
            while (i < section.Length && section[i] == ' ')
            {
                i++;
            }

            var (start, letters) = (i, true);
            while (i < section.Length && section[i] != ' ')
            {
                letters &= char.IsLetter(section[i]);
                i++;
            }

            if (i == start)
            {
                break;
            }

            if (previous >= 0 && previousLetters && letters)
            {
                pairs.Append(pairs.Length == 0 ? "zzp" : " zzp").Append(CultureInfo.InvariantCulture, $"{previousLength}").Append('x')
                    .Append(section, previous, previousLength).Append(section, start, i - start);
            }

            (previous, previousLength, previousLetters) = (start, i - start, letters);
        }

        return pairs.ToString();
    }

    /// <summary>
    /// The PostgreSQL tsvector (in its text form) of a document: public tokens with weight A from position 1,
    /// restricted tokens with weight B after a gap of one position, so that no phrase spans the two sections — as in
    /// SQLite, where they are separate columns.
    /// </summary>
    public static string TsVector(string publicSection, string restrictedSection)
    {
        // Every occurrence, numbered; then sorted by token (ordinal) and position, and written a token at a time.
        string[] sections = [publicSection, restrictedSection];
        var occurrences = new List<Occurrence>();
        var position = 0;
        for (var s = 0; s < sections.Length; s++)
        {
            position += s;
            foreach (var range in sections[s].AsSpan().Split(' '))
            {
                var (start, length) = range.GetOffsetAndLength(sections[s].Length);
                if (length > 0)
                {
                    occurrences.Add(new Occurrence(s, start, length, ++position));
                }
            }
        }

        ReadOnlySpan<char> Token(Occurrence o) => sections[o.Section].AsSpan(o.Start, o.Length);
        var sorted = occurrences.ToArray();
        Array.Sort(sorted, (a, b) => Token(a).SequenceCompareTo(Token(b)) is var order and not 0 ? order : a.Position.CompareTo(b.Position));
        var text = new StringBuilder();
        for (var i = 0; i < sorted.Length;)
        {
            var token = Token(sorted[i]);
            text.Append(text.Length == 0 ? "'" : " '").Append(token).Append("':");
            var j = i;
            for (; j < sorted.Length && Token(sorted[j]).SequenceEqual(token); j++)
            {
                // PostgreSQL keeps at most 256 positions per lexeme; more would be dropped on input anyway.
                if (j - i < 256)
                {
                    text.Append(j == i ? "" : ",").Append(sorted[j].Position).Append(sorted[j].Section == 0 ? 'A' : 'B');
                }
            }

            i = j;
        }

        return text.ToString();
    }

    /// <summary>A token of a document's section (0 public, 1 restricted) at its position in the document.</summary>
    private readonly record struct Occurrence(int Section, int Start, int Length, int Position);
}
