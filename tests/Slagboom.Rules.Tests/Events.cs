using Slagboom.Domain.Events;

namespace Slagboom.Rules.Tests;

/// <summary>Small builders for test events; times are minutes after a fixed Friday noon (UTC).</summary>
internal static class Events
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static int _next;

    private static string NextId() => $"e{Interlocked.Increment(ref _next)}";

    public static AccessEvent Access(double minutes, string pass, string reader = "R1", bool granted = true, string? reason = null, string site = "ECT") => new()
    {
        Time = Noon.AddMinutes(minutes), Mainport = "RTM", Source = "acs", Site = site, Id = NextId(),
        Pass = pass, Reader = reader, Granted = granted, Reason = reason, Method = AccessMethod.Badge,
    };

    public static AnprEvent Anpr(double minutes, params (string Plate, double Confidence)[] candidates) => new()
    {
        Time = Noon.AddMinutes(minutes), Mainport = "RTM", Source = "alpr", Site = "ECT", Id = NextId(),
        Camera = "C1", Direction = Direction.In, Country = "DE",
        Candidates = [.. candidates.Select(c => new PlateCandidate(c.Plate, c.Confidence))],
    };

    public static VideoEvent Video(double minutes, string camera, string label = "person", string zone = "stack", DateTimeOffset? at = null) => new()
    {
        Time = at ?? Noon.AddMinutes(minutes), Mainport = "RTM", Source = "frigate", Site = "ECT", Id = NextId(),
        Camera = camera, Label = Enum.Parse<VideoLabel>(label, ignoreCase: true), Zones = [zone], Score = 0.9, Phase = VideoPhase.Start,
    };

    public static GateEvent Gate(double minutes, string visit, Direction direction, string site = "ECT") => new()
    {
        Time = Noon.AddMinutes(minutes), Mainport = "RTM", Source = "tos", Site = site, Id = NextId(),
        Gate = "lane-1", Direction = direction, Containers = ["CSQU3054383"], Plate = "DE:HHAB1234", Visit = visit,
    };

    public static FenceEvent Fence(double minutes, string sensor, FenceAlarm alarm = FenceAlarm.Climb) => new()
    {
        Time = Noon.AddMinutes(minutes), Mainport = "RTM", Source = "fence", Site = "ECT", Id = NextId(),
        Sensor = sensor, Zone = "north", Alarm = alarm,
    };

    public static RuleSet Load(params string[] yaml)
    {
        var result = RuleSetLoader.Load(yaml.Select((y, i) => ($"rules{i}.yaml", y)));
        Assert.True(result.RuleSet is not null, string.Join("\n", result.Errors));
        return result.RuleSet!;
    }

    public static List<Alert> Run(RuleSet rules, params BarrierEvent[] events)
    {
        var alerts = new List<Alert>();
        var evaluator = new RuleEvaluator(rules, alerts.Add);
        foreach (var e in events)
        {
            evaluator.Process(e);
        }

        return alerts;
    }
}
