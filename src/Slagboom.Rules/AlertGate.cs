namespace Slagboom.Rules;

/// <summary>
/// Suppression and caps, shared by every shard of an engine: an alert whose rule has seen an alert with the same
/// suppression values within the window is dropped, and so is one beyond the rule's cap for the current window.
/// Alerts are rare next to events, so one lock is enough; it also delivers alerts to the sink one at a time.
/// </summary>
internal sealed class AlertGate
{
    private readonly Lock _lock = new();
    private readonly Action<Alert> _sink;
    private readonly Dictionary<string, Dictionary<GroupKey, long>> _suppressed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long WindowStart, int Count)> _caps = new(StringComparer.Ordinal);

    public AlertGate(Action<Alert> sink) => _sink = sink;

    public long Raised { get; private set; }

    public long Suppressed { get; private set; }

    public long Capped { get; private set; }

    /// <summary>True when an alert of <paramref name="rule"/> may go out (not suppressed, not capped); counts it as raised.</summary>
    public bool Admit(Rule rule, GroupKey suppressKey, long time)
    {
        lock (_lock)
        {
            if (rule.SuppressWindow > TimeSpan.Zero)
            {
                if (!_suppressed.TryGetValue(rule.Id, out var last))
                {
                    _suppressed[rule.Id] = last = [];
                }

                if (last.TryGetValue(suppressKey, out var previous) && time - previous < rule.SuppressWindow.Ticks && time >= previous)
                {
                    Suppressed++;
                    return false;
                }

                last[suppressKey] = time;
                if (last.Count > 100_000)
                {
                    Expire(last, time - rule.SuppressWindow.Ticks);
                }
            }

            if (rule.CapAlerts > 0)
            {
                if (!_caps.TryGetValue(rule.Id, out var window))
                {
                    window = (time, 0);
                }

                var (start, count) = window;
                if (time - start >= rule.CapWindow.Ticks || time < start)
                {
                    (start, count) = (time, 0);
                }

                if (count >= rule.CapAlerts)
                {
                    Capped++;
                    return false;
                }

                _caps[rule.Id] = (start, count + 1);
            }

            Raised++;
            return true;
        }
    }

    /// <summary>Hands an admitted alert to the sink, one at a time.</summary>
    public void Deliver(Alert alert)
    {
        lock (_lock)
        {
            _sink(alert);
        }
    }

    private static void Expire(Dictionary<GroupKey, long> last, long before)
    {
        foreach (var (key, time) in last)
        {
            if (time < before)
            {
                last.Remove(key);
            }
        }
    }
}

/// <summary>
/// Up to three field values that group events for a rule; compared ordinally, allocation-free. The hash is computed
/// once, when the key is made (on the thread that routes the event), and reused by every map the key meets.
/// </summary>
internal readonly struct GroupKey : IEquatable<GroupKey>
{
    private readonly int _hash;

    public GroupKey(string? a, string? b, string? c)
    {
        A = a;
        B = b;
        C = c;
        _hash = HashCode.Combine(a, b, c);
    }

    public string? A { get; }

    public string? B { get; }

    public string? C { get; }

    public static bool operator ==(GroupKey left, GroupKey right) => left.Equals(right);

    public static bool operator !=(GroupKey left, GroupKey right) => !left.Equals(right);

    public bool Equals(GroupKey other) =>
        _hash == other._hash && string.Equals(A, other.A, StringComparison.Ordinal) && string.Equals(B, other.B, StringComparison.Ordinal)
        && string.Equals(C, other.C, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => C is not null ? $"{A}|{B}|{C}" : B is not null ? $"{A}|{B}" : A ?? "";
}
