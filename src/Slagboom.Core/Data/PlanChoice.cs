using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Slagboom.Core.Data;

/// <summary>
/// Chooses, for PostgreSQL queries tagged with <see cref="GenericPlan"/> or <see cref="CustomPlan"/> (<c>TagWith</c>),
/// how their prepared statement is planned. PostgreSQL plans a prepared statement for its parameter values five times,
/// then uses its generic plan when that plan's estimate is no dearer than the custom plans' — a guess that went wrong
/// both ways here:
/// <list type="bullet">
/// <item>a sightings walk has the same best plan for every value (the link index newest first, each signal by its
/// key), but its generic plan always looked dearer, so it was planned again at every lookup: 0.35–0.75 ms of a lookup
/// whose walk ran in under 0.2 ms (statement log, 1,000,000 signals) — <see cref="GenericPlan"/>;</item>
/// <item>a search's candidate query depends on its values (how common the words were, which range of documents a
/// phrase walked; since ADR 0008 how many keys the mirror proposes), and a generic plan chosen for it was much slower —
/// <see cref="CustomPlan"/>. Such a query also runs without PostgreSQL's JIT compiler: its estimated cost (then the
/// GIN index's guess of every match) passed the threshold
/// at which PostgreSQL compiles the plan, which cost 14–15 ms per run of a query that ran in 80 (<c>EXPLAIN
/// ANALYZE</c>, a private partner's two words at 1,000,000 signals) — compiled again every time, as it is planned
/// again every time.</item>
/// </list>
/// The command becomes <c>SET …;</c>, the query, <c>RESET …</c>: one round trip and one implicit transaction, so the
/// settings end with the command (and are rolled back with it when it fails).
/// </summary>
internal sealed class PlanChoice : DbCommandInterceptor
{
    public static readonly PlanChoice Instance = new();

    /// <summary>The tag (EF writes it as a leading comment) of a query to run with its generic plan on PostgreSQL.</summary>
    public const string GenericPlan = "slagboom:generic-plan";

    /// <summary>The tag of a query to plan for its values at every run on PostgreSQL.</summary>
    public const string CustomPlan = "slagboom:custom-plan";

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
        if (command.CommandText.StartsWith("-- " + GenericPlan, StringComparison.Ordinal))
        {
            command.CommandText = $"SET plan_cache_mode = force_generic_plan;\n{command.CommandText};\nRESET plan_cache_mode";
        }
        else if (command.CommandText.StartsWith("-- " + CustomPlan, StringComparison.Ordinal))
        {
            command.CommandText = $"SET plan_cache_mode = force_custom_plan;\nSET jit = off;\n{command.CommandText};\nRESET jit;\nRESET plan_cache_mode";
        }
    }
}
