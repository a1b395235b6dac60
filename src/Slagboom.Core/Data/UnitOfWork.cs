using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Slagboom.Core.Data;

/// <summary>
/// A transaction that joins the caller's when there is one, so that use cases compose: only the outermost
/// commits.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;

    private UnitOfWork(IDbContextTransaction? owned) => _owned = owned;

    public static async Task<UnitOfWork> BeginAsync(AppDbContext db, CancellationToken cancellationToken = default) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null);

    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        _owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
