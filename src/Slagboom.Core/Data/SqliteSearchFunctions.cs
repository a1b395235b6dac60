using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Slagboom.Core.Search;

namespace Slagboom.Core.Data;

/// <summary>
/// Registers the SQL functions the full-text index derives its word pairs and public terms with
/// (<see cref="SearchSchema.SqliteWordPairsFunction"/>, <see cref="SearchSchema.SqlitePublicTermsFunction"/>)
/// each time a SQLite connection opens — registered once per native connection instead, it was missing when a pooled
/// connection was opened again by another context. The index's view and triggers call it whenever a search document
/// is written, edited or deleted, and when the index is rebuilt.
/// </summary>
internal sealed class SqliteSearchFunctions : DbConnectionInterceptor
{
    public static readonly SqliteSearchFunctions Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string?, string>(SearchSchema.SqliteWordPairsFunction, SearchText.SectionPairs, isDeterministic: true);
            sqlite.CreateFunction<string?, string>(SearchSchema.SqlitePublicTermsFunction, SearchText.PublicTerms, isDeterministic: true);
        }
    }
}
