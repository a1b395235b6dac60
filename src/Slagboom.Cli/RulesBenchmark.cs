using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reactive.Linq;
using System.Runtime.InteropServices;
using System.Reactive.Subjects;
using System.Text;
using System.Text.Json;
using Slagboom.Domain.Events;
using Slagboom.Domain.Identifiers;
using Slagboom.Rules;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom bench rules --events N --keys K [--json]</c> (CONTRACT.md §7): NDJSON generated in memory, handed to
/// the sharded engine as lines (<see cref="RuleEngine.PostLines"/>: parsed by the posting thread and idle shards) and
/// evaluated against 20 rules of all types; events per second flat out (parse included), p99 latency from arrival
/// (the moment a line is handed to the engine) to alert with input paced at 50,000 events per
/// second, peak memory (working set, measured before the baseline runs); then the same rules over the same kind of
/// events written plainly with System.Reactive on at most 100,000 keys, and the ratio. Both the engine and the baseline
/// are warmed up on the same work before they are timed.
/// </summary>
internal static class RulesBenchmark
{
    private const int BaselineMaxKeys = 100_000;
    private const int PacedRate = 50_000;

    // The timed engine phase starts after 3 s of the same work through throwaway engines (measured: 314,632 events/s
    // cold, 532,726–535,054 warm). Waiting until the JIT is quiet (WarmUp), as the correlation benchmark does, took
    // 10 s here and measured no faster. The baseline gets a warm-up of its own.
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(3);
    private const int WarmUpLines = 200_000;

    public static Command Create(CliApp app)
    {
        var events = new Option<int>("--events") { Description = "Events in the flat-out phase.", DefaultValueFactory = _ => 2_000_000 };
        var keys = new Option<int>("--keys") { Description = "Distinct keys (passes, plates, visits, tracks).", DefaultValueFactory = _ => 1_000_000 };
        var shards = new Option<int?>("--shards") { Description = "Engine shards (default: cores − 1, at least 1: one core posts and parses)." };
        var paced = new Option<int?>("--paced-events") { Description = "Events in the paced phase (default: min(events, 250,000))." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (CONTRACT.md §7)." };
        var rules = new Command("rules", "Benchmark the rules engine against a System.Reactive baseline.") { events, keys, shards, paced, json };
        rules.SetAction((parse, _) => RunAsync(app, parse.GetValue(events), parse.GetValue(keys), parse.GetValue(shards), parse.GetValue(paced), parse.GetValue(json)));
        return rules;
    }

    private static async Task<int> RunAsync(CliApp app, int n, int k, int? shardOption, int? pacedOption, bool json)
    {
        if (n < 1000 || k < 10 || k > n)
        {
            await app.Error.WriteLineAsync("--events must be at least 1000 and --keys between 10 and --events.");
            return CliApp.Usage;
        }

        var loaded = RuleSetLoader.Load([("bench.yaml", BenchRules)]);
        if (loaded.RuleSet is not { } ruleSet)
        {
            await app.Error.WriteLineAsync(string.Join(Environment.NewLine, loaded.Errors));
            return CliApp.Usage;
        }

        var shards = Math.Max(1, shardOption ?? (Environment.ProcessorCount - 1));
        await app.Error.WriteLineAsync($"generating {n:N0} events over {k:N0} keys …");
        var (data, lines) = Generate(n, k, seed: 1);

        // Phase 1: flat out, parse included.
        var warmed = WarmUpEngine(ruleSet, shards, data, lines);
        long alerts = 0;
        var pause0 = GC.GetTotalPauseDuration();
        int[] collections0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        RuleEngineStats stats;
        using (var engine = new RuleEngine(ruleSet, _ => alerts++, new RuleEngineOptions { Shards = shards }))
        {
            engine.PostLines(data, CollectionsMarshal.AsSpan(lines));
            engine.Drain();
            watch.Stop();
            stats = engine.Stats;
        }

        var eventsPerSecond = n / watch.Elapsed.TotalSeconds;
        var pause = GC.GetTotalPauseDuration() - pause0;
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated0) / (1024.0 * 1024.0);
        await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"engine (after a warm-up of {warmed.TotalSeconds:F1} s): {eventsPerSecond:N0} events/s over {n:N0} events, {shards} shard(s) + the posting thread (parsing shared), {alerts:N0} alerts, {stats.Suppressed:N0} suppressed, {stats.Keys:N0} keys held; garbage collection: {GC.CollectionCount(0) - collections0[0]:N0} collections ({GC.CollectionCount(1) - collections0[1]:N0} of gen 1, {GC.CollectionCount(2) - collections0[2]:N0} of gen 2), {pause.TotalMilliseconds:N0} ms paused, {allocatedMb:N0} MB allocated"));

        // Phase 2: paced at 50,000 events/s; latency from taking the line to the alert. It starts without the first
        // phase's state still waiting to be collected (a live engine does not carry a second engine's garbage).
        GC.Collect();
        var pacedCount = Math.Min(lines.Count, pacedOption ?? 250_000);
        var p99 = Paced(ruleSet, shards, data, lines, pacedCount, out var pacedAlerts);
        if (p99 < 0)
        {
            await app.Error.WriteLineAsync("warning: the paced phase raised no alert, so p99LatencyMs is -1; use more events");
        }

        await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"paced: {pacedCount:N0} events at {PacedRate:N0}/s, {pacedAlerts:N0} alerts, p99 {p99:F2} ms"));

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var peakMb = self.PeakWorkingSet64 / (1024.0 * 1024.0);
        data = [];
        lines = [];
        GC.Collect();

        // Baseline: System.Reactive, same rules, same generator, at most 100,000 keys.
        var baselineKeys = Math.Min(k, BaselineMaxKeys);
        var baselineEvents = Math.Min(n, 1_000_000);
        var (baseData, baseLines) = Generate(baselineEvents, baselineKeys, seed: 1);
        RxBaseline(ruleSet, baseData, baseLines.GetRange(0, Math.Min(baseLines.Count, WarmUpLines / 2))); // its warm-up: about 4 s
        var (baselineRate, baselineAlerts) = RxBaseline(ruleSet, baseData, baseLines);
        await app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"baseline (System.Reactive, 1 thread): {baselineRate:N0} events/s over {baselineEvents:N0} events, {baselineKeys:N0} keys, {baselineAlerts:N0} alerts"));

        var ratio = eventsPerSecond / baselineRate;
        if (json)
        {
            await app.Out.WriteLineAsync(JsonSerializer.Serialize(new BenchOutput(n, k, ruleSet.Rules.Count, Math.Round(eventsPerSecond), Math.Round(p99, 3),
                Math.Round(peakMb, 1), new BaselineOutput(baselineKeys, Math.Round(baselineRate)), Math.Round(ratio, 2)), CliApp.Json));
        }
        else
        {
            await app.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"events {n}, keys {k}, rules {ruleSet.Rules.Count}: {eventsPerSecond:N0} events/s, p99 {p99:F2} ms at {PacedRate:N0}/s, peak {peakMb:N0} MB; baseline {baselineRate:N0} events/s on {baselineKeys:N0} keys; ratio {ratio:F2}"));
        }

        return CliApp.Success;
    }

    private sealed record BaselineOutput(int Keys, double EventsPerSecond);

    private sealed record BenchOutput(int Events, int Keys, int Rules, double EventsPerSecond, double P99LatencyMs, double PeakMemoryMb, BaselineOutput Baseline, double Ratio);

    private static TimeSpan WarmUpEngine(RuleSet ruleSet, int shards, byte[] data, List<(int Offset, int Length)> lines)
    {
        var some = lines.GetRange(0, Math.Min(lines.Count, WarmUpLines));
        return WarmUp.UntilJitQuiet(_ =>
        {
            using var engine = new RuleEngine(ruleSet, _ => { }, new RuleEngineOptions { Shards = shards });
            engine.PostLines(data, CollectionsMarshal.AsSpan(some));
            engine.Drain();
        }, WarmUpTime, WarmUpTime);
    }

    private static double Paced(RuleSet ruleSet, int shards, byte[] data, List<(int Offset, int Length)> lines, int count, out long alertCount)
    {
        var arrivals = new long[count];
        var latencies = new List<double>(100_000);
        long alerts = 0;
        void Sink(Alert alert)
        {
            alerts++;
            if (alert.Trigger?.Id is { } id && id.StartsWith('b') && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) && ordinal < count)
            {
                latencies.Add(Stopwatch.GetElapsedTime(arrivals[ordinal]).TotalMilliseconds);
            }
        }

        using (var engine = new RuleEngine(ruleSet, Sink, new RuleEngineOptions { Shards = shards }))
        {
            var all = CollectionsMarshal.AsSpan(lines);
            var start = Stopwatch.GetTimestamp();
            var next = 0;
            while (next < count)
            {
                var due = (int)Math.Min(count, Stopwatch.GetElapsedTime(start).TotalSeconds * PacedRate);
                if (next >= due)
                {
                    Thread.Sleep(0);
                    continue;
                }

                // The lines due now are taken and handed over together.
                var taken = Stopwatch.GetTimestamp();
                arrivals.AsSpan(next, due - next).Fill(taken);
                engine.PostLines(data, all[next..due]);
                next = due;
            }

            engine.Drain();
        }

        alertCount = alerts;
        if (latencies.Count == 0)
        {
            return -1; // no alert in the paced phase: no latency to report (stderr says so)
        }

        latencies.Sort();
        return latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)];
    }

    /// <summary>
    /// The same rules written plainly with Rx.NET: one Subject, per rule a Where on scope and conditions, GroupBy on
    /// the key and Buffer/Scan for the stateful types; keys are strings built per event, as such code usually does.
    /// Absence fires when the key's next event (or none) shows the deadline passed: Rx has no event-time timer
    /// without a virtual-time scheduler. Suppression and caps are left out (they only thin out alerts).
    /// </summary>
    private static (double Rate, long Alerts) RxBaseline(RuleSet ruleSet, byte[] data, List<(int Offset, int Length)> lines)
    {
        long alerts = 0;
        var source = new Subject<BarrierEvent>();
        var subscriptions = new List<IDisposable>();
        foreach (var rule in ruleSet.Rules)
        {
            var r = rule;
            var inScope = source.Where(e => r.InScope(e));
            var filtered = inScope.Where(e => r.Where.All(c => c.Holds(e)));
            IObservable<object> raised = r.Type switch
            {
                RuleType.Match => filtered,
                RuleType.Schedule => filtered.Where(e => !r.Allowed.Any(w => w.Contains(TimeZoneInfo.ConvertTimeFromUtc(e.Time.UtcDateTime, r.TimeZone)))),
                RuleType.Watchlist => filtered.Where(e => Enumerable.Range(0, EventFields.Count(e, r.ListField))
                    .Any(i => EventFields.Text(e, r.ListField, i) is { } v && r.List!.Contains(v) && (e is not AnprEvent a || a.Candidates[i].Confidence >= r.MinConfidence))),
                RuleType.Threshold => filtered.Where(e => Key(r, e) is not null).GroupBy(e => Key(r, e)!)
                    .SelectMany(g => g.Buffer(r.Count, 1).Where(b => b.Count == r.Count && b[^1].Time - b[0].Time <= r.Within)),
                RuleType.DistinctCount => filtered.Where(e => Key(r, e) is not null).GroupBy(e => Key(r, e)!)
                    .SelectMany(g => g.Scan(new List<BarrierEvent>(), (seen, e) =>
                    {
                        seen.RemoveAll(x => e.Time - x.Time > r.Within);
                        seen.Add(e);
                        return seen;
                    }).Where(seen => seen.Select(x => EventFields.Text(x, r.DistinctField!.Value, 0)).Distinct(StringComparer.OrdinalIgnoreCase).Count() >= r.Count)),
                RuleType.Sequence => inScope.Where(e => Key(r, e) is not null).GroupBy(e => Key(r, e)!)
                    .SelectMany(g => g.Scan((Step: 0, Start: DateTimeOffset.MinValue, Done: false), (s, e) =>
                    {
                        if (s.Done || (s.Step > 0 && e.Time - s.Start > r.Within))
                        {
                            s = (0, DateTimeOffset.MinValue, false);
                        }

                        if (s.Step > 0 && r.Without is { } without && without.All(c => c.Holds(e)))
                        {
                            return (0, DateTimeOffset.MinValue, false);
                        }

                        if (s.Step > 0 && r.Steps[s.Step].All(c => c.Holds(e)))
                        {
                            return s.Step + 1 == r.Steps.Count ? (0, DateTimeOffset.MinValue, true) : (s.Step + 1, s.Start, false);
                        }

                        return r.Steps[0].All(c => c.Holds(e)) && s.Step <= 1 ? (1, e.Time, false) : s;
                    }).Where(s => s.Done).Select(s => (object)s)),
                RuleType.Absence => inScope.Where(e => Key(r, e) is not null).GroupBy(e => Key(r, e)!)
                    .SelectMany(g => g.Scan((Pending: (BarrierEvent?)null, Fired: false), (s, e) =>
                    {
                        if (s.Pending is { } p && e.Time - p.Time > r.Within)
                        {
                            return (null, true);
                        }

                        if (s.Pending is not null && r.Steps[1].All(c => c.Holds(e)))
                        {
                            return (null, false);
                        }

                        return s.Pending is null && r.Steps[0].All(c => c.Holds(e)) ? (e, false) : (s.Pending, false);
                    }).Where(s => s.Fired).Select(s => (object)s)),
                RuleType.Velocity => filtered.Where(e => Key(r, e) is not null && PlaceOf(r, e) is not null).GroupBy(e => Key(r, e)!)
                    .SelectMany(g => g.Buffer(2, 1).Where(b => b.Count == 2 && TooFast(r, b[0], b[1]))),
                _ => Observable.Empty<object>(),
            };
            subscriptions.Add(raised.Subscribe(_ => alerts++));
        }

        var watch = Stopwatch.StartNew();
        var parser = new EventParser();
        foreach (var (offset, length) in lines)
        {
            if (parser.Parse(data.AsSpan(offset, length)).Event is { } e)
            {
                source.OnNext(e);
            }
        }

        source.OnCompleted();
        watch.Stop();
        foreach (var s in subscriptions)
        {
            s.Dispose();
        }

        return (lines.Count / watch.Elapsed.TotalSeconds, alerts);
    }

    private static string? Key(Rule r, BarrierEvent e)
    {
        if (r.By.Count == 0)
        {
            return e.Id;
        }

        var parts = r.By.Select(f => EventFields.Text(e, f, 0)).ToArray();
        return parts.Any(p => p is null) ? null : string.Join("|", parts);
    }

    private static Place? PlaceOf(Rule r, BarrierEvent e) =>
        EventFields.Text(e, r.PlaceField, 0) is { } name && r.Places.TryGetValue(name, out var place) ? place
        : e.Site is { } site && r.Places.TryGetValue(site, out var at) ? at : null;

    private static bool TooFast(Rule r, BarrierEvent a, BarrierEvent b)
    {
        var from = PlaceOf(r, a)!;
        var to = PlaceOf(r, b)!;
        var km = from.DistanceKm(to);
        var hours = (b.Time - a.Time).TotalHours;
        return km >= r.MinDistanceKm && (hours <= 0 || km / hours > r.MaxSpeedKmh);
    }

    /// <summary>
    /// NDJSON for the benchmark: a mix of all five kinds over <paramref name="keys"/> keys (every key appears when
    /// events ≥ keys), 5 ms of event time apart, with a small share of revoked passes, watch-listed plates, people in
    /// the stack at night, fence alarms and trucks that stay, so that every rule has work and some alerts.
    /// </summary>
    internal static (byte[] Data, List<(int Offset, int Length)> Lines) Generate(int count, int keys, int seed)
    {
        var random = new Random(seed);
        var containers = new string[256];
        for (var i = 0; i < containers.Length; i++)
        {
            var prefix = "MSCU" + random.Next(1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            containers[i] = Enumerable.Range(0, 10).Select(d => prefix + d).First(c => ContainerNumber.TryParse(c, out _, out _));
        }

        var t0 = new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);
        var buffer = new MemoryStream(count * 190);
        var lines = new List<(int, int)>(count);
        var sb = new StringBuilder(256);
        for (var i = 0; i < count; i++)
        {
            var key = (int)(((long)i * 7919) % keys);
            var time = t0.AddTicks(i * 5 * TimeSpan.TicksPerMillisecond).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var site = $"S{key % 8}";
            var roll = random.Next(100);
            sb.Clear();
            sb.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"b{i}\",\"time\":\"{time}\",\"mainport\":\"RTM\",\"site\":\"{site}\",");
            if (roll < 45)
            {
                var denied = random.Next(100) < 3;
                sb.Append(CultureInfo.InvariantCulture, $"\"kind\":\"access\",\"source\":\"acs-{site}\",\"pass\":\"P{key}\",\"reader\":\"R{(random.Next(1000) == 0 ? key + 1 : key) % 400}\",\"zone\":\"{(key % 5 == 0 ? "stack" : "gate")}\",\"granted\":{(denied ? "false" : "true")}");
                if (denied)
                {
                    sb.Append(CultureInfo.InvariantCulture, $",\"reason\":\"{(random.Next(3) == 0 ? "revoked" : "expired")}\"");
                }

                sb.Append(CultureInfo.InvariantCulture, $",\"method\":\"{(key % 7 == 0 ? "biometric" : "badge")}\"}}");
            }
            else if (roll < 70)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\"kind\":\"anpr\",\"source\":\"alpr-{site}\",\"camera\":\"A{key % 300}\",\"direction\":\"{((i / keys) % 2 == 0 ? "in" : "out")}\",\"country\":\"DE\",\"candidates\":[{{\"plate\":\"B{key}\",\"confidence\":0.91}},{{\"plate\":\"B{key + 1}\",\"confidence\":0.42}}]}}");
            }
            else if (roll < 80)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\"kind\":\"gate\",\"source\":\"tos-{site}\",\"gate\":\"G{key % 16}\",\"direction\":\"{((i / keys) % 2 == 0 ? "in" : "out")}\",\"containers\":[\"{containers[key % containers.Length]}\"],\"plate\":\"DE:B{key}\",\"carrierEan\":\"8712345678906\",\"driverCard\":\"XS{key}\",\"visit\":\"V{key}\"}}");
            }
            else if (roll < 97)
            {
                var person = random.Next(100) < 30;
                sb.Append(CultureInfo.InvariantCulture, $"\"kind\":\"video\",\"source\":\"frigate-{site}\",\"camera\":\"C{key % 2000}\",\"label\":\"{(person ? "person" : "vehicle")}\",\"zones\":[\"{(key % 3 == 0 ? "stack" : "quay")}\"],\"score\":0.{70 + random.Next(29)},\"phase\":\"start\",\"track\":\"T{key}\"}}");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\"kind\":\"fence\",\"source\":\"fence-{site}\",\"sensor\":\"F{key % 500}\",\"zone\":\"perimeter\",\"alarm\":\"{(random.Next(10) == 0 ? "cut" : "fault")}\"}}");
            }

            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            lines.Add(((int)buffer.Position, bytes.Length));
            buffer.Write(bytes);
            buffer.WriteByte((byte)'\n');
        }

        return (buffer.ToArray(), lines);
    }

    /// <summary>Twenty rules, every type, as a security officer could write them (docs/rules.md).</summary>
    internal static string BenchRules { get; } = BuildRules();

    private static string BuildRules()
    {
        var random = new Random(2);
        var places = string.Join("\n", Enumerable.Range(0, 400).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"  - {{ id: R{i}, lat: {51.85 + (random.NextDouble() * 0.15):F4}, lon: {3.95 + (random.NextDouble() * 0.45):F4} }}")));
        var plates = string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"  - DE:B{i * 997}"));
        var passes = string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"  - P{i * 991}"));
        return $$"""
            places:
            {{places}}
            ---
            watchlist: bench-plates
            type: plates
            values:
            {{plates}}
            ---
            watchlist: bench-passes
            type: passes
            values:
            {{passes}}
            ---
            id: B01
            title: Revoked pass
            severity: high
            type: match
            where: { kind: access, granted: false, reason: revoked }
            by: pass
            suppress: { by: pass, window: 1h }
            ---
            id: B02
            title: Fence cut
            type: match
            where: { kind: fence, alarm: [cut, climb] }
            by: sensor
            ---
            id: B03
            title: Drone seen
            type: match
            where: { kind: video, label: drone }
            ---
            id: B04
            title: Watch-listed plate
            type: watchlist
            where: { kind: anpr }
            list: bench-plates
            minConfidence: 0.4
            suppress: { window: 1h }
            ---
            id: B05
            title: Watch-listed pass
            type: watchlist
            where: { kind: access }
            list: bench-passes
            suppress: { window: 1h }
            ---
            id: B06
            title: Denied three times
            type: threshold
            where: { kind: access, granted: false }
            by: pass
            count: 3
            within: 10m
            ---
            id: B07
            title: Camera flood
            type: threshold
            where: { kind: video }
            by: camera
            count: 200
            within: 1m
            suppress: { by: camera, window: 1h }
            ---
            id: B08
            title: Fence sensor noisy
            type: threshold
            where: { kind: fence }
            by: sensor
            count: 5
            within: 10m
            ---
            id: B09
            title: Plate at many cameras
            type: distinct
            where: { kind: anpr }
            by: plate.best
            field: camera
            count: 3
            within: 1h
            ---
            id: B10
            title: Pass at many readers
            type: distinct
            where: { kind: access }
            by: pass
            field: reader
            count: 3
            within: 2h
            ---
            id: B11
            title: Denied then granted
            type: sequence
            by: pass
            within: 10m
            steps:
              - { kind: access, granted: false }
              - { kind: access, granted: true }
            ---
            id: B12
            title: Fence then person in stack
            severity: critical
            type: sequence
            by: site
            within: 5m
            steps:
              - { kind: fence, alarm: [cut, climb] }
              - { kind: video, label: person, zones: stack }
            without: { kind: access, granted: true, zone: stack }
            ---
            id: B13
            title: Truck dwells
            type: absence
            by: visit
            within: 2h
            first: { kind: gate, direction: in }
            then: { kind: gate, direction: out }
            ---
            id: B14
            title: Plate in, not out
            type: absence
            by: plate.best
            within: 6h
            first: { kind: anpr, direction: in }
            then: { kind: anpr, direction: out }
            ---
            id: B15
            title: Impossible travel of a pass
            severity: high
            type: velocity
            where: { kind: access, granted: true }
            by: pass
            at: reader
            maxSpeedKmh: 80
            ---
            id: B16
            title: Impossible travel of a driver card
            type: velocity
            where: { kind: gate }
            by: driverCard
            at: site
            maxSpeedKmh: 120
            ---
            id: B17
            title: Person in the stack at night
            severity: high
            type: schedule
            where: { kind: video, label: person, zones: stack, score|gte: 0.9 }
            by: camera
            allowed:
              - { days: mon-sun, from: "06:00", to: "22:00" }
            suppress: { by: camera, window: 30m }
            ---
            id: B18
            title: Biometric access at night
            type: schedule
            where: { kind: access, method: biometric, granted: true }
            by: pass
            allowed:
              - { days: mon-fri, from: "05:00", to: "23:00" }
            cap: { alerts: 1000, window: 1h }
            ---
            id: B19
            title: Gate transaction without a driver card
            type: match
            where: { kind: gate, driverCard|exists: false }
            ---
            id: B20
            title: Low-confidence plate read
            type: match
            where: { kind: anpr, confidence|lt: 0.5 }
            """;
    }
}
