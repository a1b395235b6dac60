namespace Slagboom.Core.Retention;

/// <summary>
/// A further purge that the retention schedule runs after <see cref="RetentionJob"/> on every run, each in its own
/// scope (features with data of their own register one: barrier events, dead letters).
/// </summary>
public interface IRetentionStep
{
    /// <summary>Deletes what has expired; returns how many rows went.</summary>
    Task<int> RunOnceAsync(CancellationToken cancellationToken = default);
}
