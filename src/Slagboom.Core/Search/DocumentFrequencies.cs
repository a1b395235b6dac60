using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Data;

namespace Slagboom.Core.Search;

/// <summary>
/// How many search documents there are and how many hold each token — anywhere, or in the public section — counted
/// by FTS5 (SQLite's own index; on PostgreSQL the instance's <see cref="SearchMirror"/>: the same index, so the same
/// numbers) and kept for <see cref="Lifetime"/> per process. Ranking needs them only as weights
/// (<see cref="SearchRanking"/>): a count a few minutes old serves as well as a fresh one, and counting a common word
/// walks its whole document list (~35 ms at 1,000,000 signals), which a search should not pay every time. The counts
/// cover every document, visible to the caller or not — aggregate weights over the whole index, as in any engine's
/// ranking; no hit, rank order or count of an invisible signal follows from them. A private partner's searches use
/// the public-section counts only, so nothing of the restricted sections weighs in its ranking.
/// </summary>
/// <remarks>
/// Given a scope factory (as the application registers it), no search waits for a count it already has: a count
/// past its lifetime is still used while it is counted again in the background, one count at a time. Without a scope
/// factory every count is made when it is needed. (Until the fifteenth session PostgreSQL counted through its GIN
/// indexes, with a census of the common words and the planner's statistics standing in; ADR 0008 replaced them.)
/// </remarks>
public sealed class DocumentFrequencies(TimeProvider clock, IServiceScopeFactory? scopes = null)
{
    /// <summary>How long a count is used before it is counted again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>At most this many counts are kept; beyond it they are all dropped and counted again as asked.</summary>
    public const int Capacity = 20_000;

    private static readonly CountKey AllDocuments = new(null, Prefix: false, PublicOnly: false);
    private readonly ConcurrentDictionary<CountKey, Kept> _counts = new();
    private readonly ConcurrentDictionary<CountKey, Task> _recounting = new();
    private readonly Lock _queue = new();
    private Task _last = Task.CompletedTask;

    /// <summary>
    /// The number of documents, and per term an estimate of the documents that hold it (in the public section when
    /// <paramref name="publicOnly"/>): for a word its exact count, for a prefix the documents with a word that starts
    /// with it, for a phrase that of its rarest word (a phrase occurs in no more documents than that; counting phrases
    /// would walk their position lists per query). On PostgreSQL <paramref name="mirror"/> is the search's up-to-date
    /// mirror, which counts.
    /// </summary>
    public async Task<(long Total, long[] PerTerm)> CountAsync(AppDbContext db, SearchMirror.Reader? mirror, IReadOnlyList<SearchTerm> terms, bool publicOnly,
        CancellationToken cancellationToken)
    {
        var total = await CachedAsync(db, mirror, AllDocuments, cancellationToken);
        var perTerm = new long[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            var rarest = long.MaxValue;
            var tokens = terms[i].Tokens;
            for (var k = 0; k < tokens.Count; k++)
            {
                var prefix = terms[i].Prefix && k == tokens.Count - 1;
                rarest = Math.Min(rarest, await CachedAsync(db, mirror, new CountKey(tokens[k], prefix, publicOnly), cancellationToken));
            }

            perTerm[i] = Math.Min(rarest, total);
        }

        return (total, perTerm);
    }

    /// <summary>What is counted: the documents holding a token (or a word starting with it), anywhere or in the public section; all documents when <see cref="Token"/> is null.</summary>
    private readonly record struct CountKey(string? Token, bool Prefix, bool PublicOnly);

    /// <summary>A count and when it was made.</summary>
    private readonly record struct Kept(long Count, DateTimeOffset CountedAt);

    private async Task<long> CachedAsync(AppDbContext db, SearchMirror.Reader? mirror, CountKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_counts.TryGetValue(key, out var kept))
        {
            if (now - kept.CountedAt < Lifetime)
            {
                return kept.Count;
            }

            if (scopes is not null)
            {
                RecountInBackground(key);
                return kept.Count;
            }
        }

        var count = await CountNowAsync(db, mirror, key, cancellationToken);
        Keep(key, new Kept(count, now));
        return count;
    }

    private void Keep(CountKey key, Kept kept)
    {
        if (_counts.Count >= Capacity)
        {
            _counts.Clear();
        }

        _counts[key] = kept;
    }

    /// <summary>Waits for the counts being made in the background.</summary>
    public Task RecountedAsync() => Task.WhenAll(_recounting.Values);

    /// <summary>Counts <paramref name="key"/> again on a context (and mirror) of its own, after the counts already queued, unless it is queued.</summary>
    private void RecountInBackground(CountKey key)
    {
        lock (_queue)
        {
            if (_recounting.ContainsKey(key))
            {
                return;
            }

            _last = _last.ContinueWith(_ => RecountAsync(key), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _recounting[key] = _last;
        }
    }

    private async Task RecountAsync(CountKey key)
    {
        ILogger? logger = null;
        try
        {
            await using var scope = scopes!.CreateAsyncScope();
            logger = scope.ServiceProvider.GetService<ILogger<DocumentFrequencies>>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var mirror = key.Token is not null
                ? await scope.ServiceProvider.GetRequiredService<SearchMirror>().OpenAsync(db, CancellationToken.None)
                : null;
            var count = await CountNowAsync(db, mirror, key, CancellationToken.None);
            Keep(key, new Kept(count, clock.GetUtcNow()));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The count in hand stays in use; the next search that needs it queues it again.
            logger?.LogWarning(e, "Counting the search documents that hold a word failed; the earlier count stays in use.");
        }
        finally
        {
            // Under the lock that queued it, so that it is never removed before it was added.
            lock (_queue)
            {
                _recounting.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Counts what <paramref name="key"/> names: all documents in the database, or a token in the mirror.</summary>
    private static Task<long> CountNowAsync(AppDbContext db, SearchMirror.Reader? mirror, CountKey key, CancellationToken cancellationToken)
    {
        if (key.Token is not { } token)
        {
            return db.SearchDocuments.LongCountAsync(cancellationToken);
        }

        // The sections' columns only, not their word pairs (SearchSchema.SqliteUp). Tokens are letters and digits only
        // (SearchText); the query still goes as a parameter.
        var match = (key.PublicOnly ? "{Public} : " : "{Public Restricted} : ") + "\"" + token + "\"" + (key.Prefix ? " *" : "");
        return (mirror ?? throw new InvalidOperationException("The counts of words come from the search mirror.")).CountAsync(match, cancellationToken);
    }
}
