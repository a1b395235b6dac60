using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;

namespace Slagboom.Core.Search;

/// <summary>
/// How many search documents there are and how many hold each token — anywhere, or in the public section — counted
/// by the engine (FTS5 on SQLite, the GIN index on PostgreSQL: the same tokens, so the same numbers) and kept for
/// <see cref="Lifetime"/> per process. Ranking needs them only as weights (<see cref="SearchRanking"/>), and the
/// PostgreSQL search to choose how to match (<see cref="SignalSearch.DenseShare"/>): a count a few minutes old serves
/// as well as a fresh one, and counting a common word walks its whole document list (~35 ms on SQLite, ~0.5 s on
/// PostgreSQL at 1,000,000 signals), which a search should not pay every time. The counts cover every document,
/// visible to the caller or not — aggregate weights over the whole index, as in any engine's ranking; no hit, rank
/// order or count of an invisible signal follows from them. A private partner's searches use the public-section
/// counts only, so nothing of the restricted sections weighs in its ranking.
/// </summary>
public sealed class DocumentFrequencies(TimeProvider clock)
{
    /// <summary>How long a count is used before it is counted again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>At most this many counts are kept; beyond it they are all dropped and counted again as asked.</summary>
    public const int Capacity = 20_000;

    private static readonly CountKey AllDocuments = new(null, Prefix: false, PublicOnly: false);
    private readonly ConcurrentDictionary<CountKey, (long Count, DateTimeOffset CountedAt)> _counts = new();

    /// <summary>
    /// The number of documents, and per term an estimate of the documents that hold it (in the public section when
    /// <paramref name="publicOnly"/>): for a word its exact count, for a prefix the documents with a word that starts
    /// with it, for a phrase that of its rarest word (a phrase occurs in no more documents than that; counting phrases
    /// would walk their position lists per query).
    /// </summary>
    public async Task<(long Total, long[] PerTerm)> CountAsync(AppDbContext db, IReadOnlyList<SearchTerm> terms, bool publicOnly, CancellationToken cancellationToken)
    {
        var total = await CachedAsync(db, AllDocuments, cancellationToken);
        var perTerm = new long[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            var rarest = long.MaxValue;
            var tokens = terms[i].Tokens;
            for (var k = 0; k < tokens.Count; k++)
            {
                var prefix = terms[i].Prefix && k == tokens.Count - 1;
                rarest = Math.Min(rarest, await CachedAsync(db, new CountKey(tokens[k], prefix, publicOnly), cancellationToken));
            }

            perTerm[i] = Math.Min(rarest, total);
        }

        return (total, perTerm);
    }

    /// <summary>
    /// The share of all documents expected to hold every positive term (in the public section when
    /// <paramref name="publicOnly"/>) and every filter token, taking them as independent; null when a positive term
    /// is a phrase of several words, whose share the words' counts do not tell (two common words rarely stand together).
    /// </summary>
    public async Task<double?> ShareAsync(AppDbContext db, IReadOnlyList<SearchTerm> terms, IReadOnlyList<string> filterTokens, bool publicOnly, CancellationToken cancellationToken)
    {
        if (terms.Any(t => t.Tokens.Count > 1))
        {
            return null;
        }

        var (total, perTerm) = await CountAsync(db, terms, publicOnly, cancellationToken);
        if (total == 0)
        {
            return 0;
        }

        var share = 1.0;
        foreach (var count in perTerm)
        {
            share *= (double)count / total;
        }

        // Filter tokens are written in the public section only.
        foreach (var token in filterTokens)
        {
            share *= (double)await CachedAsync(db, new CountKey(token, Prefix: false, PublicOnly: true), cancellationToken) / total;
        }

        return share;
    }

    /// <summary>What is counted: the documents holding a token (or a word starting with it), anywhere or in the public section; all documents when <see cref="Token"/> is null.</summary>
    private readonly record struct CountKey(string? Token, bool Prefix, bool PublicOnly);

    private async Task<long> CachedAsync(AppDbContext db, CountKey key, CancellationToken cancellationToken)
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

    /// <summary>Counts in the database what <paramref name="key"/> names.</summary>
    private static Task<long> CountAsync(AppDbContext db, CountKey key, CancellationToken cancellationToken)
    {
        if (key.Token is not { } token)
        {
            return db.SearchDocuments.LongCountAsync(cancellationToken);
        }

        // Tokens are letters and digits only (SearchText); the query still goes as a parameter.
        var (prefix, publicOnly) = (key.Prefix, key.PublicOnly);
        var parameter = db.Database.GetDbConnection().CreateCommand().CreateParameter();
        parameter.ParameterName = "@token";
        if (db.Database.IsNpgsql())
        {
            var flags = (prefix ? "*" : "") + (publicOnly ? "A" : "");
            parameter.Value = "'" + token + "'" + (flags.Length > 0 ? ":" + flags : "");
            return db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearchDocuments" WHERE "Vector" @@ CAST(@token AS tsquery)""", parameter)
                .SingleAsync(cancellationToken);
        }

        parameter.Value = (publicOnly ? "{Public} : " : "") + "\"" + token + "\"" + (prefix ? " *" : "");
        return db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearch" WHERE "SignalSearch" MATCH @token""", parameter)
            .SingleAsync(cancellationToken);
    }
}
