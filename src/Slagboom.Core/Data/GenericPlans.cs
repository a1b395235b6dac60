using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Slagboom.Core.Data;

/// <summary>
/// Runs the PostgreSQL queries tagged with <see cref="Tag"/> (<c>TagWith</c>) with the generic plan of their prepared
/// statement. PostgreSQL plans a prepared statement for its parameter values five times, then keeps doing so whenever
/// the generic plan's estimate is dearer than the custom plans' — which for a sightings walk it always was, as the
/// parameters (the reader's organisation, the observable) make the custom estimates look cheaper, while the plan is
/// the same walk of the link index for every value. Planning was 0.35–0.75 ms of a lookup whose walk ran in under
/// 0.2 ms (statement log, 1,000,000 signals). The command becomes <c>SET plan_cache_mode = force_generic_plan;</c>,
/// the query, <c>RESET plan_cache_mode</c> — one round trip, and the setting ends with the command. Only for queries
/// whose best plan does not depend on the values; searches keep their custom plans.
/// </summary>
internal sealed class GenericPlans : DbCommandInterceptor
{
    public static readonly GenericPlans Instance = new();

    /// <summary>The tag (EF writes it as a leading comment) of a query to run with its generic plan on PostgreSQL.</summary>
    public const string Tag = "slagboom:generic-plan";

    private const string Comment = "-- " + Tag;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    private static void Rewrite(DbCommand command)
    {
        if (command.CommandText.StartsWith(Comment, StringComparison.Ordinal))
        {
            command.CommandText = "SET plan_cache_mode = force_generic_plan;\n" + command.CommandText + ";\nRESET plan_cache_mode";
        }
    }
}
