using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
/// <remarks>
/// Given a scope factory (as the application registers it), no search waits for a count it already has: a count
/// past its lifetime is still used while it is counted again in the background, one count at a time. On PostgreSQL
/// counting a common word through the GIN index cost ~1.2 s at 1,000,000 signals (the heap visited for every match),
/// and a benchmark's first minutes after an import spent a whole core on ~60 such counts while its searches were
/// timed. So on PostgreSQL the common words are counted together, in the background, by a census
/// (<see cref="CensusAsync"/>: two passes over the vectors, ~15–18 s there) kept for <see cref="Lifetime"/>
/// or longer on a large index (<see cref="CensusSpacing"/>); a word the census does not hold is rare and counted
/// through the GIN index as it is asked. Until the first census is in, a word the planner's statistics
/// (<c>pg_stats.most_common_elems</c> of the documents' vectors, gathered by <c>ANALYZE</c>) put in at least
/// <see cref="EstimateFrom"/> documents is weighed by that estimate. The statistics do not tell the sections apart: a
/// public-section count starts from the count of the whole documents (higher, so the word weighs less until it is
/// counted), and a private partner's query is not judged dense on it (<see cref="ShareAsync"/>). Without a scope
/// factory every count is made when it is needed.
/// </remarks>
public sealed class DocumentFrequencies(TimeProvider clock, IServiceScopeFactory? scopes = null)
{
    /// <summary>How long a count is used before it is counted again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>At most this many counts are kept; beyond it they are all dropped and counted again as asked.</summary>
    public const int Capacity = 20_000;

    /// <summary>The least number of documents for which PostgreSQL's statistics stand in for a count until it is made.</summary>
    public const long DefaultEstimateFrom = 50_000;

    /// <summary>That number for this instance (tests make it small).</summary>
    public long EstimateFrom { get; init; } = DefaultEstimateFrom;

    /// <summary>On PostgreSQL, the census keeps the words in at least this many documents (<see cref="CensusAsync"/>).</summary>
    public const long DefaultCensusFrom = 1_000;

    /// <summary>That number for this instance (tests make it small).</summary>
    public long CensusFrom { get; init; } = DefaultCensusFrom;

    /// <summary>
    /// A census is taken again after <see cref="Lifetime"/>, or after this many times as long as the last one took if
    /// that is longer: a background pass over every document's vector stays a small share of one core however large
    /// the index grows (18 s every 10 minutes at 1,000,000 signals on a 2-core host).
    /// </summary>
    private const int CensusSpacing = 20;

    /// <summary>How long a census may take (it reads every vector; 17.5 s at 1,000,000 signals).</summary>
    private static readonly TimeSpan CensusTimeout = TimeSpan.FromHours(1);

    private static readonly CountKey AllDocuments = new(null, Prefix: false, PublicOnly: false);
    private readonly ConcurrentDictionary<CountKey, Kept> _counts = new();
    private readonly ConcurrentDictionary<object, Task> _recounting = new();
    private static readonly object CensusJob = new();
    private readonly Lock _queue = new();
    private Task _last = Task.CompletedTask;
    private Statistics? _statistics;
    private Census? _census;
    private DateTimeOffset _censusNotBefore;

    /// <summary>
    /// The number of documents, and per term an estimate of the documents that hold it (in the public section when
    /// <paramref name="publicOnly"/>): for a word its exact count, for a prefix the documents with a word that starts
    /// with it, for a phrase that of its rarest word (a phrase occurs in no more documents than that; counting phrases
    /// would walk their position lists per query).
    /// </summary>
    public async Task<(long Total, long[] PerTerm)> CountAsync(AppDbContext db, IReadOnlyList<SearchTerm> terms, bool publicOnly, CancellationToken cancellationToken)
    {
        var (total, perTerm, _) = await CountTermsAsync(db, terms, publicOnly, cancellationToken);
        return (total, perTerm);
    }

    /// <summary><see cref="CountAsync"/>, and whether a term's count is still an estimate.</summary>
    private async Task<(long Total, long[] PerTerm, bool Estimated)> CountTermsAsync(AppDbContext db, IReadOnlyList<SearchTerm> terms, bool publicOnly, CancellationToken cancellationToken)
    {
        var (total, _) = await CachedAsync(db, AllDocuments, cancellationToken);
        var perTerm = new long[terms.Count];
        var estimated = false;
        for (var i = 0; i < terms.Count; i++)
        {
            var rarest = long.MaxValue;
            var tokens = terms[i].Tokens;
            for (var k = 0; k < tokens.Count; k++)
            {
                var prefix = terms[i].Prefix && k == tokens.Count - 1;
                var (count, estimate) = await CachedAsync(db, new CountKey(tokens[k], prefix, publicOnly), cancellationToken);
                rarest = Math.Min(rarest, count);
                estimated |= estimate;
            }

            perTerm[i] = Math.Min(rarest, total);
        }

        return (total, perTerm, estimated);
    }

    /// <summary>
    /// The share of all documents expected to hold every positive term (in the public section when
    /// <paramref name="publicOnly"/>) and every filter token, taking them as independent; null when a positive term
    /// is a phrase of several words, whose share the words' counts do not tell (two common words rarely stand together),
    /// and when a positive term's public-section count is still an estimate: the statistics count the whole documents,
    /// so such a share may be many times too high (a word in 57 % of the documents stood in the public section of 20 %),
    /// and a search that walks the documents on a share too high reads nearly all of them.
    /// </summary>
    public async Task<double?> ShareAsync(AppDbContext db, IReadOnlyList<SearchTerm> terms, IReadOnlyList<string> filterTokens, bool publicOnly, CancellationToken cancellationToken)
    {
        if (terms.Any(t => t.Tokens.Count > 1))
        {
            return null;
        }

        var (total, perTerm, estimated) = await CountTermsAsync(db, terms, publicOnly, cancellationToken);
        if (publicOnly && estimated)
        {
            return null;
        }

        if (total == 0)
        {
            return 0;
        }

        var share = 1.0;
        foreach (var count in perTerm)
        {
            share *= (double)count / total;
        }

        // Filter tokens are written in the public section only (so their estimates hold for it too).
        foreach (var token in filterTokens)
        {
            share *= (double)(await CachedAsync(db, new CountKey(token, Prefix: false, PublicOnly: true), cancellationToken)).Count / total;
        }

        return share;
    }

    /// <summary>What is counted: the documents holding a token (or a word starting with it), anywhere or in the public section; all documents when <see cref="Token"/> is null.</summary>
    private readonly record struct CountKey(string? Token, bool Prefix, bool PublicOnly);

    /// <summary>A count, when it was made, and whether it is an estimate still to be counted.</summary>
    private readonly record struct Kept(long Count, DateTimeOffset CountedAt, bool Estimate);

    private async Task<(long Count, bool Estimate)> CachedAsync(AppDbContext db, CountKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // On PostgreSQL a word's count comes from the census while it is fresh; one the census does not hold was in fewer
        // than CensusFrom documents, and is counted below as before — through the GIN index, which finds few fast.
        var censused = scopes is not null && key is { Token: not null, Prefix: false } && db.Database.IsNpgsql();
        var rare = false;
        if (censused)
        {
            var census = _census;
            if ((census is null || now >= census.Due) && now >= _censusNotBefore)
            {
                TakeCensusInBackground();
            }

            if (census?.Documents(key) is { } documents)
            {
                return (documents, false);
            }

            rare = census is not null;
        }

        if (_counts.TryGetValue(key, out var kept) && !(rare && kept.Estimate))
        {
            if (!kept.Estimate && now - kept.CountedAt < Lifetime)
            {
                return (kept.Count, false);
            }

            if (scopes is not null)
            {
                // An estimate waits for the census, which counts every common word in one pass.
                if (!(censused && kept.Estimate))
                {
                    RecountInBackground(key);
                }

                return (kept.Count, kept.Estimate);
            }
        }
        else if (scopes is not null && !rare && await EstimateAsync(db, key, now, cancellationToken) is { } estimate)
        {
            Keep(key, new Kept(estimate, now, Estimate: true));
            if (!censused)
            {
                RecountInBackground(key);
            }

            return (estimate, true);
        }

        var count = await CountInDatabaseAsync(db, key, cancellationToken);
        Keep(key, new Kept(count, now, Estimate: false));
        return (count, false);
    }

    private void Keep(CountKey key, Kept kept)
    {
        if (_counts.Count >= Capacity)
        {
            _counts.Clear();
        }

        _counts[key] = kept;
    }

    /// <summary>Waits for the counts being made in the background, the census among them.</summary>
    public Task RecountedAsync() => Task.WhenAll(_recounting.Values);

    /// <summary>
    /// After a large import: on PostgreSQL the census is taken again now, in the background — the words' counts changed
    /// with the import, and the searches that follow would otherwise weigh them by the counts from before it until the
    /// census is due. Elsewhere nothing (the counts are renewed as they expire).
    /// </summary>
    public void RenewAfterImport(AppDbContext db)
    {
        if (scopes is not null && db.Database.IsNpgsql())
        {
            TakeCensusInBackground();
        }
    }

    /// <summary>Counts <paramref name="key"/> again on a context of its own, after the counts already queued, unless it is queued.</summary>
    private void RecountInBackground(CountKey key) => InBackground(key, async db =>
    {
        var count = await CountInDatabaseAsync(db, key, CancellationToken.None);
        Keep(key, new Kept(count, clock.GetUtcNow(), Estimate: false));
    });

    /// <summary>Takes the census (<see cref="CensusAsync"/>) on a context of its own, after the counts already queued, unless it is queued.</summary>
    private void TakeCensusInBackground() => InBackground(CensusJob, async db =>
    {
        var at = clock.GetUtcNow();
        // A census that fails is not tried again by searches for a lifetime (the estimates and counts as asked serve).
        _censusNotBefore = at + Lifetime;
        db.Database.SetCommandTimeout(CensusTimeout);
        var started = Stopwatch.GetTimestamp();
        var documents = await CensusAsync(db, CensusFrom);
        var spaced = Stopwatch.GetElapsedTime(started) * CensusSpacing;
        _census = new Census(at + (spaced > Lifetime ? spaced : Lifetime), documents);
    });

    /// <summary>Runs <paramref name="work"/> on a context of its own, after the work already queued, unless <paramref name="what"/> is queued.</summary>
    private void InBackground(object what, Func<AppDbContext, Task> work)
    {
        lock (_queue)
        {
            if (_recounting.ContainsKey(what))
            {
                return;
            }

            _last = _last.ContinueWith(_ => RunAsync(what, work), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _recounting[what] = _last;
        }
    }

    private async Task RunAsync(object what, Func<AppDbContext, Task> work)
    {
        ILogger? logger = null;
        try
        {
            await using var scope = scopes!.CreateAsyncScope();
            logger = scope.ServiceProvider.GetService<ILogger<DocumentFrequencies>>();
            await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The counts in hand stay in use; the next search that needs one queues it again.
            logger?.LogWarning(e, "Counting the search documents that hold a word failed; the earlier count stays in use.");
        }
        finally
        {
            // Under the lock that queued it, so that it is never removed before it was added.
            lock (_queue)
            {
                _recounting.TryRemove(what, out _);
            }
        }
    }

    /// <summary>
    /// On PostgreSQL, every word in at least <paramref name="from"/> documents with the number of documents that hold it
    /// anywhere and in the public section: two passes of <c>ts_stat</c> over the documents' vectors, in one statement
    /// (one snapshot). The second counts the public section only (weight A) and is kept for the words of the first.
    /// </summary>
    private static async Task<Dictionary<string, (long All, long Public)>> CensusAsync(AppDbContext db, long from)
    {
        var rows = await db.Database.SqlQueryRaw<CensusRow>("""
            SELECT a.word AS "Word", a.ndoc::int8 AS "All", coalesce(p.ndoc, 0)::int8 AS "Public"
            FROM ts_stat('SELECT "Vector" FROM "SignalSearchDocuments"') AS a
            LEFT JOIN ts_stat('SELECT "Vector" FROM "SignalSearchDocuments"', 'A') AS p ON p.word = a.word
            WHERE a.ndoc >= {0}
            """, from).ToListAsync();
        return rows.ToDictionary(r => r.Word, r => (r.All, r.Public), StringComparer.Ordinal);
    }

    /// <summary>A census and when it is due to be taken again.</summary>
    private sealed record Census(DateTimeOffset Due, Dictionary<string, (long All, long Public)> Words)
    {
        /// <summary>The census's count for a word; null for a word it does not hold (one in fewer than <see cref="CensusFrom"/> documents).</summary>
        public long? Documents(CountKey key) => Words.TryGetValue(key.Token!, out var counts) ? key.PublicOnly ? counts.Public : counts.All : null;
    }

    private sealed class CensusRow
    {
        public required string Word { get; init; }
        public long All { get; init; }
        public long Public { get; init; }
    }

    /// <summary>
    /// On PostgreSQL, the planner's estimate for <paramref name="key"/> when it is at least <see cref="EstimateFrom"/>
    /// documents: the row estimate of the documents' table for all documents, a most common element's frequency times
    /// it for a word. Null otherwise (SQLite, a prefix, a word the statistics do not list, a table not yet analysed).
    /// </summary>
    private async Task<long?> EstimateAsync(AppDbContext db, CountKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql() || key.Prefix)
        {
            return null;
        }

        if (_statistics is not { } statistics || now - statistics.At >= Lifetime)
        {
            statistics = new Statistics(now, await StatisticsAsync(db, cancellationToken));
            _statistics = statistics;
        }

        return statistics.Documents.TryGetValue(key.Token ?? "", out var documents) && documents >= EstimateFrom ? documents : null;
    }

    /// <summary>What <c>ANALYZE</c> recorded: documents per common word, and under the empty string all documents.</summary>
    private static async Task<Dictionary<string, long>> StatisticsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<StatisticsRow>("""
            SELECT c.reltuples::float8 AS "Rows", s.most_common_elems::text::text[] AS "Words", s.most_common_elem_freqs::float8[] AS "Shares"
            FROM pg_class AS c
            LEFT JOIN pg_stats AS s ON s.schemaname = current_schema() AND s.tablename = 'SignalSearchDocuments' AND s.attname = 'Vector'
            WHERE c.oid = '"SignalSearchDocuments"'::regclass
            """).ToListAsync(cancellationToken);
        var documents = new Dictionary<string, long>(StringComparer.Ordinal);
        if (rows is not [{ Rows: > 0 } row])
        {
            return documents;
        }

        documents[""] = (long)row.Rows;
        for (var i = 0; i < (row.Words?.Length ?? 0) && i < (row.Shares?.Length ?? 0); i++)
        {
            documents[row.Words![i]] = (long)Math.Round(row.Shares![i] * row.Rows);
        }

        return documents;
    }

    /// <summary>The planner's statistics as read at <see cref="At"/> (one reference, so that threads swap it whole).</summary>
    private sealed record Statistics(DateTimeOffset At, Dictionary<string, long> Documents);

    private sealed class StatisticsRow
    {
        public double Rows { get; init; }
        public string[]? Words { get; init; }
        public double[]? Shares { get; init; }
    }

    /// <summary>Counts in the database what <paramref name="key"/> names.</summary>
    private static Task<long> CountInDatabaseAsync(AppDbContext db, CountKey key, CancellationToken cancellationToken)
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
            parameter.Value = "'" + token + "'" + (prefix ? ":*" : "");
            // A public-section count asks the public vectors' index: nothing to recheck.
            return (publicOnly
                    ? db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearchDocuments" WHERE """ + SearchSchema.PostgresPublicVector + """ @@ CAST(@token AS tsquery)""", parameter)
                    : db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearchDocuments" WHERE "Vector" @@ CAST(@token AS tsquery)""", parameter))
                .SingleAsync(cancellationToken);
        }

        // The sections' columns only, not their word pairs (SearchSchema.SqliteUp).
        parameter.Value = (publicOnly ? "{Public} : " : "{Public Restricted} : ") + "\"" + token + "\"" + (prefix ? " *" : "");
        return db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM "SignalSearch" WHERE "SignalSearch" MATCH @token""", parameter)
            .SingleAsync(cancellationToken);
    }
}
