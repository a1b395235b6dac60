using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;

namespace Slagboom.Core.Search;

/// <summary>
/// How many search documents there are and how many hold each token, counted by the engine (FTS5 on SQLite, the GIN
/// index on PostgreSQL — the same tokens, so the same numbers) and kept for <see cref="Lifetime"/> per process. Ranking
/// needs them only as weights (<see cref="SearchRanking"/>): a count a few minutes old ranks as well as a fresh one,
/// and counting a common word walks its whole document list (~35 ms at 1,000,000 signals), which a search should not
/// pay every time. The counts cover every document, visible to the caller or not — aggregate weights over the whole
/// index, as in any engine's ranking; no hit, rank order or count of invisible signals follows from them alone.
/// </summary>
public sealed class DocumentFrequencies(TimeProvider clock)
{
    /// <summary>How long a count is used before it is counted again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>At most this many counts are kept; beyond it they are all dropped and counted again as asked.</summary>
    public const int Capacity = 20_000;

    private const string TotalKey = "#";
    private readonly ConcurrentDictionary<string, (long Count, DateTimeOffset CountedAt)> _counts = new(StringComparer.Ordinal);

    /// <summary>
    /// The number of documents, and per term an estimate of the documents that hold it: for a word its exact count,
    /// for a prefix the documents with a word that starts with it, for a phrase that of its rarest word (a phrase
    /// occurs in no more documents than that; counting phrases would walk their position lists per query).
    /// </summary>
    public async Task<(long Total, long[] PerTerm)> CountAsync(AppDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken)
    {
        var total = await CachedAsync(db, TotalKey, cancellationToken);
        var perTerm = new long[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            var rarest = long.MaxValue;
            var tokens = terms[i].Tokens;
            for (var k = 0; k < tokens.Count; k++)
            {
                var prefix = terms[i].Prefix && k == tokens.Count - 1;
                rarest = Math.Min(rarest, await CachedAsync(db, (prefix ? "p:" : "t:") + tokens[k], cancellationToken));
            }

            perTerm[i] = Math.Min(rarest, total);
        }

        return (total, perTerm);
    }

    /// <summary>
    /// The share of all documents expected to hold every positive term and every filter token, taking them as
    /// independent; null when a positive term is a phrase of several words (whose share the words' counts do not
    /// tell: two common words are rarely next to each other).
    /// </summary>
    public async Task<double?> ShareAsync(AppDbContext db, IReadOnlyList<SearchTerm> terms, IReadOnlyList<string> filterTokens, CancellationToken cancellationToken)
    {
        if (terms.Any(t => t.Tokens.Count > 1))
        {
            return null;
        }

        var (total, perTerm) = await CountAsync(db, terms, cancellationToken);
        if (total == 0)
        {
            return 0;
        }

        var share = 1.0;
        foreach (var count in perTerm)
        {
            share *= (double)count / total;
        }

        foreach (var token in filterTokens)
        {
            share *= (double)await CachedAsync(db, "t:" + token, cancellationToken) / total;
        }

        return share;
    }

    private async Task<long> CachedAsync(AppDbContext db, string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_counts.TryGetValue(key, out var kept) && now - kept.CountedAt < Lifetime)
        {
            return kept.Count;
        }

        var count = await CountAsync(db, key, cancellationToken);
        if (_counts.Count >= Capacity)
        {
            _counts.Clear();
        }

        _counts[key] = (count, now);
        return count;
    }

    /// <summary>Counts in the database: all documents (<see cref="TotalKey"/>), or those holding a token (<c>t:</c>) or a token prefix (<c>p:</c>).</summary>
    private static Task<long> CountAsync(AppDbContext db, string key, CancellationToken cancellationToken)
    {
        if (key == TotalKey)
        {
            return db.SearchDocuments.LongCountAsync(cancellationToken);
        }

        // Tokens are letters and digits only (SearchText); the query still goes as a parameter.
        var token = key[2..];
        var prefix = key[0] == 'p';
        var parameter = db.Database.GetDbConnection().CreateCommand().CreateParameter();
        parameter.ParameterName = "@token";
        if (db.Database.IsNpgsql())
        {
            parameter.Value = "'" + token + "'" + (prefix ? ":*" : "");
            return db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearchDocuments" WHERE "Vector" @@ CAST(@token AS tsquery)""", parameter)
                .SingleAsync(cancellationToken);
        }

        parameter.Value = "\"" + token + "\"" + (prefix ? " *" : "");
        return db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearch" WHERE "SignalSearch" MATCH @token""", parameter)
            .SingleAsync(cancellationToken);
    }
}
