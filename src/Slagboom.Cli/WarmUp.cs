using System.Diagnostics;
using System.Runtime;

namespace Slagboom.Cli;

/// <summary>
/// Warm-up before a timed phase of a benchmark: the same work, untimed, until the runtime's tiered JIT has gone quiet.
/// A server answers these calls all day on code compiled at the top tier with its profile; a benchmark that starts
/// timing a few seconds after start-up measures code still being recompiled, and on two cores the compiling thread
/// takes a core's share from the work (measured: a third of the samples during the first seconds of sightings
/// lookups, and the rules engine at 315,000 events/s cold against 530,000 warm).
/// </summary>
internal static class WarmUp
{
    /// <summary>Quiet means no method compiled for this long.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="work"/> (given a running number) for at least <paramref name="least"/> and until no method
    /// has been compiled for a second, but no longer than <paramref name="most"/>; then collects the garbage it left.
    /// Returns how long it ran.
    /// </summary>
    public static async Task<TimeSpan> UntilJitQuietAsync(Func<int, Task> work, TimeSpan least, TimeSpan most)
    {
        var watch = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var lastChange = TimeSpan.Zero;
        for (var n = 0; watch.Elapsed < most; n++)
        {
            await work(n);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                (compiled, lastChange) = (now, watch.Elapsed);
            }
            else if (watch.Elapsed >= least && watch.Elapsed - lastChange >= Quiet)
            {
                break;
            }
        }

        GC.Collect();
        return watch.Elapsed;
    }

    /// <inheritdoc cref="UntilJitQuietAsync"/>
    public static TimeSpan UntilJitQuiet(Action<int> work, TimeSpan least, TimeSpan most) =>
        UntilJitQuietAsync(n => { work(n); return Task.CompletedTask; }, least, most).GetAwaiter().GetResult();
}
