using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Slagboom.Core.Data;

/// <summary>
/// A compiled query (<see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, TResult}})"/>)
/// per model: EF binds one to the model it first ran against, and a process may hold two (SQLite and PostgreSQL, in the
/// tests and the benchmark). Compiled queries skip EF's per-call translation and cache lookup; worth it on the paths
/// every request takes.
/// </summary>
internal sealed class PerModel<T>(Func<T> compile) where T : class
{
    private readonly ConcurrentDictionary<IModel, T> _compiled = new();

    public T For(DbContext db) => _compiled.GetOrAdd(db.Model, _ => compile());
}
