using System.Globalization;
using Slagboom.Domain.Events;
using Slagboom.Domain.Identifiers;

namespace Slagboom.Rules.Simulation;

/// <summary>A labelled injected scenario: what kind, and the ids of the events that make it up.</summary>
/// <param name="Id">The scenario's id (S1, S2, …).</param>
/// <param name="Scenario">The kind: see <see cref="PortSimulator.ScenarioKinds"/>.</param>
/// <param name="Time">When it starts.</param>
/// <param name="Events">The ids of its events.</param>
public sealed record ScenarioLabel(string Id, string Scenario, DateTimeOffset Time, IReadOnlyList<string> Events);

/// <summary>A generated stretch of port life: events in time order and the labels of the injected scenarios.</summary>
/// <param name="Events">Every event, in time order.</param>
/// <param name="Labels">The injected scenarios.</param>
public sealed record SimulatedPort(IReadOnlyList<BarrierEvent> Events, IReadOnlyList<ScenarioLabel> Labels);

/// <summary>
/// A seeded, realistic stretch of days in the port of Rotterdam: five terminals with gates, readers, ANPR cameras,
/// cameras with analytics and fence sensors; workers badging through their shifts; trucks with valid ISO 6346
/// containers and CargoCard EANs visiting terminals; and labelled injected scenarios. The same seed gives the same
/// events. The sites, readers, coordinates and watch-listed plates match the sample rule set in <c>rules/sample/</c>.
/// </summary>
public static class PortSimulator
{
    /// <summary>Night intrusion in the stack: a fence climbed at night, then a person in the stack.</summary>
    public const string NightIntrusion = "night-intrusion";

    /// <summary>A revoked pass tried at a reader.</summary>
    public const string RevokedPass = "revoked-pass";

    /// <summary>One pass used at two terminals too far apart for the time between.</summary>
    public const string ImpossibleTravel = "impossible-travel";

    /// <summary>A truck that entered a terminal and did not leave.</summary>
    public const string TruckDwell = "truck-dwell";

    /// <summary>A plate on the watch list, read as a second ANPR candidate.</summary>
    public const string WatchlistedPlate = "watchlisted-plate";

    /// <summary>One faulty camera flooding the control room with detections.</summary>
    public const string AlarmFlood = "alarm-flood";

    /// <summary>Every scenario kind.</summary>
    public static IReadOnlyList<string> ScenarioKinds { get; } = [NightIntrusion, RevokedPass, ImpossibleTravel, TruckDwell, WatchlistedPlate, AlarmFlood];

    /// <summary>The terminals with their coordinates (the sample rule set's place table holds these and their readers).</summary>
    public static IReadOnlyList<(string Site, double Lat, double Lon)> Sites { get; } =
    [
        ("ECT-DELTA", 51.9542, 4.0496),
        ("APMT-MV2", 51.9546, 4.0074),
        ("RWG", 51.9571, 4.0212),
        ("EUROMAX", 51.9733, 4.0606),
        ("RST-WAAL", 51.8899, 4.3501),
    ];

    /// <summary>The plates on the sample rule set's watch list <c>plates-of-interest</c>.</summary>
    public static IReadOnlyList<string> WatchlistedPlates { get; } = ["DE:HHQX4711", "PL:WGM4521K", "BE:1ABC234", "NL:VGJ12B"];

    private static readonly string[] Owners = ["MSCU", "MAEU", "CMAU", "HLXU", "OOLU", "EGLV", "CSQU", "TGHU", "ONEU", "COSU"];
    private static readonly string[] Countries = ["NL", "NL", "NL", "DE", "DE", "BE", "PL", "LT", "RO", "FR"];
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Generates <paramref name="days"/> days from midnight (Amsterdam) of <paramref name="start"/>.</summary>
    public static SimulatedPort Generate(int days, int seed, DateOnly start)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 31);
        var sim = new Run(new Random(seed), start);
        for (var day = 0; day < days; day++)
        {
            sim.Background(day);
        }

        var perKind = Math.Max(1, (int)Math.Round(days * 0.5, MidpointRounding.AwayFromZero));
        for (var i = 0; i < perKind; i++)
        {
            // Spread the scenarios over the days; the dwelling truck needs its 4 hours before the data ends.
            sim.NightIntrusion(DayFor(i, perKind, days, sim.Random));
            sim.RevokedPass(DayFor(i, perKind, days, sim.Random));
            sim.ImpossibleTravel(DayFor(i, perKind, days, sim.Random));
            sim.TruckDwell(DayFor(i, perKind, days, sim.Random));
            sim.WatchlistedPlate(DayFor(i, perKind, days, sim.Random));
            sim.AlarmFlood(DayFor(i, perKind, days, sim.Random));
        }

        var events = sim.Events.OrderBy(e => e.Time).ToList();
        return new SimulatedPort(events, sim.Labels);
    }

    private static int DayFor(int i, int count, int days, Random random) =>
        Math.Min(days - 1, (i * days / count) + random.Next(Math.Max(1, days / count)));

    private sealed class Run(Random random, DateOnly start)
    {
        private int _nextId;
        private int _nextScenario;
        private int _nextVisit = 10_000;
        private int _nextTrack;
        private readonly List<string> _passes = [.. Enumerable.Range(0, 600).Select(i => $"P-{100_000 + (i * 7)}")];

        public Random Random { get; } = random;

        public List<BarrierEvent> Events { get; } = [];

        public List<ScenarioLabel> Labels { get; } = [];

        private DateTimeOffset At(int day, double hours)
        {
            var local = start.ToDateTime(TimeOnly.MinValue).AddDays(day).AddHours(hours);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Amsterdam), TimeSpan.Zero);
        }

        private string Id() => $"ev-{++_nextId:D7}";

        private T Add<T>(T e)
            where T : BarrierEvent
        {
            Events.Add(e);
            return e;
        }

        private void Label(string kind, IEnumerable<BarrierEvent> events)
        {
            var list = events.ToList();
            Labels.Add(new ScenarioLabel($"S{++_nextScenario}", kind, list.Min(e => e.Time), [.. list.Select(e => e.Id!)]));
        }

        private static string SiteOf(int index) => Sites[index].Site;

        public void Background(int day)
        {
            // Workers: a shift at their home terminal (not RST-WAAL, the city terminal, so that no honest pass travels far).
            for (var w = 0; w < _passes.Count; w++)
            {
                if (Random.NextDouble() < 0.25)
                {
                    continue; // day off
                }

                var site = SiteOf(w % 4);
                var shift = (w % 3) switch
                {
                    0 => 6.0,
                    1 => 14.0,
                    _ => 8.0,
                };
                var t = shift + (Random.NextDouble() * 0.4) - 0.2;
                var reads = 3 + Random.Next(4);
                for (var r = 0; r < reads; r++)
                {
                    var granted = Random.NextDouble() > 0.02;
                    Add(new AccessEvent
                    {
                        Time = At(day, t), Mainport = "RTM", Source = "acs-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                        Pass = _passes[w], Reader = $"{site}-R{(r == 0 ? 1 : 2 + Random.Next(3))}", Zone = r == 0 ? "gate" : "terminal",
                        Granted = granted, Reason = granted ? null : (Random.NextDouble() < 0.5 ? "expired" : "wrong-zone"),
                        Method = Random.NextDouble() < 0.2 ? AccessMethod.Biometric : AccessMethod.Badge,
                    });
                    t += 0.3 + (Random.NextDouble() * 2);
                }
            }

            // Trucks: ~60 visits per terminal per day between 06:00 and 20:00, 20 to 180 minutes inside.
            for (var s = 0; s < Sites.Count; s++)
            {
                for (var v = 0; v < 60; v++)
                {
                    var inAt = 6 + (Random.NextDouble() * 14);
                    Visit(day, SiteOf(s), inAt, inAt + ((20 + (Random.NextDouble() * 160)) / 60), Plate(), listedSecond: null);
                }
            }

            // Video analytics: vehicles everywhere at any hour, people at the gate and the quay; never people in the stack.
            for (var s = 0; s < Sites.Count; s++)
            {
                for (var c = 1; c <= 4; c++)
                {
                    var zone = c switch
                    {
                        1 => "gate-area",
                        2 => "quay",
                        _ => "stack",
                    };
                    for (var k = 0; k < 60 + Random.Next(40); k++)
                    {
                        var label = zone == "stack" || Random.NextDouble() < 0.6 ? VideoLabel.Vehicle : VideoLabel.Person;
                        Track(day, SiteOf(s), c, zone, label, Random.NextDouble() * 24, 1 + Random.Next(3), 0.4 + (Random.NextDouble() * 0.55));
                    }
                }

                // Now and then a fence sensor reports a fault of its own.
                if (Random.NextDouble() < 0.5)
                {
                    Add(new FenceEvent
                    {
                        Time = At(day, Random.NextDouble() * 24), Mainport = "RTM", Source = "fence-" + SiteOf(s).ToLowerInvariant(), Site = SiteOf(s), Id = Id(),
                        Sensor = $"{SiteOf(s)}-F-{1 + Random.Next(4)}", Zone = "perimeter", Alarm = FenceAlarm.Fault,
                    });
                }
            }
        }

        private List<BarrierEvent> Track(int day, string site, int camera, string zone, VideoLabel label, double hours, int updates, double score)
        {
            var track = $"{site.ToLowerInvariant()}-{++_nextTrack}";
            var list = new List<BarrierEvent>();
            for (var u = 0; u <= updates; u++)
            {
                list.Add(Add(new VideoEvent
                {
                    Time = At(day, hours + (u * 0.5 / 60)), Mainport = "RTM", Source = "frigate-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                    Camera = $"{site}-CAM-{camera}", Label = label, Zones = [zone], Score = Math.Round(score, 2),
                    Phase = u == 0 ? VideoPhase.Start : u == updates ? VideoPhase.End : VideoPhase.Update, Track = track,
                }));
            }

            return list;
        }

        private string Plate(string? fixedCountry = null)
        {
            while (true)
            {
                var country = fixedCountry ?? Countries[Random.Next(Countries.Length)];
                var plate = country switch
                {
                    "NL" => $"{Letters(2)}{Digits(3)}{Letters(1)}",
                    "DE" => $"{Letters(2)}{Letters(2)}{Digits(4)}",
                    "BE" => $"1{Letters(3)}{Digits(3)}",
                    "PL" => $"W{Letters(2)}{Digits(4)}{Letters(1)}",
                    _ => $"{Letters(2)}{Digits(2)}{Letters(3)}",
                };
                var value = $"{country}:{plate}";
                if (!WatchlistedPlates.Contains(value))
                {
                    return value;
                }
            }
        }

        private string Letters(int n) => new([.. Enumerable.Range(0, n).Select(_ => "BCDFGHJKLNPRSTVXZ"[Random.Next(17)])]);

        private string Digits(int n) => new([.. Enumerable.Range(0, n).Select(_ => (char)('0' + Random.Next(10)))]);

        private string Container()
        {
            while (true)
            {
                var prefix = Owners[Random.Next(Owners.Length)] + Random.Next(1_000_000).ToString("D6", CultureInfo.InvariantCulture);
                for (var d = 0; d < 10; d++)
                {
                    if (ContainerNumber.TryParse(prefix + d, out var number, out _))
                    {
                        return number.Value;
                    }
                }
            }
        }

        private string CarrierEan()
        {
            var body = "871" + Random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
            for (var d = 0; d < 10; d++)
            {
                if (EventParser.IsGs1Number(body + d))
                {
                    return body + d;
                }
            }

            throw new InvalidOperationException("no GS1 check digit"); // unreachable: one digit always fits
        }

        /// <summary>A truck visit: ANPR read and gate-in, then (when <paramref name="outHours"/> is set) ANPR read and gate-out.</summary>
        private List<BarrierEvent> Visit(int day, string site, double inHours, double? outHours, string plate, string? listedSecond)
        {
            var visit = $"TAR-{++_nextVisit}";
            var containers = Enumerable.Range(0, 1 + Random.Next(2)).Select(_ => Container()).ToArray();
            var ean = CarrierEan();
            var card = $"XS-{Random.Next(1_000_000):D7}";
            var list = new List<BarrierEvent>
            {
                Anpr(day, site, inHours - (1.0 / 60), plate, Direction.In, listedSecond),
                Add(new GateEvent
                {
                    Time = At(day, inHours), Mainport = "RTM", Source = "tos-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                    Gate = $"{site}-IN-{1 + Random.Next(4)}", Direction = Direction.In, Containers = containers, Plate = plate,
                    CarrierEan = ean, DriverCard = card, Visit = visit,
                }),
            };
            if (outHours is { } o)
            {
                list.Add(Anpr(day, site, o - (1.0 / 60), plate, Direction.Out, listedSecond));
                list.Add(Add(new GateEvent
                {
                    Time = At(day, o), Mainport = "RTM", Source = "tos-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                    Gate = $"{site}-OUT-{1 + Random.Next(4)}", Direction = Direction.Out, Containers = Random.NextDouble() < 0.5 ? [] : [Container()],
                    Plate = plate, CarrierEan = ean, DriverCard = card, Visit = visit,
                }));
            }

            return list;
        }

        private AnprEvent Anpr(int day, string site, double hours, string plate, Direction direction, string? listedSecond)
        {
            var country = plate[..2];
            var chars = plate[3..];
            var candidates = new List<PlateCandidate> { new(plate, Math.Round(0.85 + (Random.NextDouble() * 0.13), 2)) };
            if (listedSecond is not null)
            {
                // The listed plate is the runner-up reading (dirt on the plate); only matching every candidate finds it.
                candidates.Add(new PlateCandidate(listedSecond, Math.Round(0.5 + (Random.NextDouble() * 0.2), 2)));
            }
            else if (Random.NextDouble() < 0.5)
            {
                var i = Random.Next(chars.Length);
                var swapped = chars[..i] + (char.IsDigit(chars[i]) ? 'B' : '8') + chars[(i + 1)..];
                candidates.Add(new PlateCandidate($"{country}:{swapped}", Math.Round(0.2 + (Random.NextDouble() * 0.4), 2)));
            }

            return Add(new AnprEvent
            {
                Time = At(day, hours), Mainport = "RTM", Source = "alpr-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                Camera = $"{site}-ANPR-{(direction == Direction.In ? "IN" : "OUT")}", Direction = direction, Country = country,
                Candidates = candidates,
            });
        }

        public void NightIntrusion(int day)
        {
            var s = Random.Next(Sites.Count);
            var site = SiteOf(s);
            var hours = 1 + (Random.NextDouble() * 3); // 01:00–04:00
            var fence = Add(new FenceEvent
            {
                Time = At(day, hours), Mainport = "RTM", Source = "fence-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                Sensor = $"{site}-F-{1 + Random.Next(4)}", Zone = "perimeter", Alarm = Random.NextDouble() < 0.5 ? FenceAlarm.Climb : FenceAlarm.Cut,
            });
            var track = Track(day, site, 3, "stack", VideoLabel.Person, hours + ((2 + (Random.NextDouble() * 4)) / 60), 3, 0.7 + (Random.NextDouble() * 0.25));
            Label(PortSimulator.NightIntrusion, [fence, .. track]);
        }

        public void RevokedPass(int day)
        {
            var site = SiteOf(Random.Next(4));
            var pass = $"P-9{Random.Next(10_000, 99_999)}";
            var hours = 7 + (Random.NextDouble() * 12);
            var attempts = Enumerable.Range(0, 1 + Random.Next(3)).Select(i => (BarrierEvent)Add(new AccessEvent
            {
                Time = At(day, hours + (i * 2.0 / 60)), Mainport = "RTM", Source = "acs-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                Pass = pass, Reader = $"{site}-R1", Zone = "gate", Granted = false, Reason = "revoked", Method = AccessMethod.Badge,
            })).ToList();
            Label(PortSimulator.RevokedPass, attempts);
        }

        public void ImpossibleTravel(int day)
        {
            var site = SiteOf(Random.Next(4));
            var pass = $"P-8{Random.Next(10_000, 99_999)}";
            var hours = 7 + (Random.NextDouble() * 12);
            var first = Add(new AccessEvent
            {
                Time = At(day, hours), Mainport = "RTM", Source = "acs-" + site.ToLowerInvariant(), Site = site, Id = Id(),
                Pass = pass, Reader = $"{site}-R1", Zone = "gate", Granted = true, Method = AccessMethod.Badge,
            });
            var second = Add(new AccessEvent
            {
                Time = At(day, hours + ((5 + (Random.NextDouble() * 7)) / 60)), Mainport = "RTM", Source = "acs-rst-waal", Site = "RST-WAAL", Id = Id(),
                Pass = pass, Reader = "RST-WAAL-R1", Zone = "gate", Granted = true, Method = AccessMethod.Badge,
            });
            Label(PortSimulator.ImpossibleTravel, [first, second]);
        }

        public void TruckDwell(int day)
        {
            var events = Visit(day, SiteOf(Random.Next(Sites.Count)), 7 + (Random.NextDouble() * 9), null, Plate(), null);
            Label(PortSimulator.TruckDwell, events.Where(e => e is GateEvent));
        }

        public void WatchlistedPlate(int day)
        {
            var inAt = 7 + (Random.NextDouble() * 10);
            var listed = WatchlistedPlates[Random.Next(WatchlistedPlates.Count)];
            // A camera reads one country per plate: the look-alike is from the listed plate's country.
            var events = Visit(day, SiteOf(Random.Next(Sites.Count)), inAt, inAt + 1, Plate(listed[..2]), listed);
            Label(PortSimulator.WatchlistedPlate, events.Where(e => e is AnprEvent));
        }

        public void AlarmFlood(int day)
        {
            var site = SiteOf(Random.Next(Sites.Count));
            var hours = Random.NextDouble() * 23;
            var camera = 1 + Random.Next(2);
            var events = new List<BarrierEvent>();
            for (var i = 0; i < 150 + Random.Next(150); i++)
            {
                events.AddRange(Track(day, site, camera, camera == 1 ? "gate-area" : "quay", VideoLabel.Boat, hours + (i * 4.0 / 3600), 0, 0.3 + (Random.NextDouble() * 0.2)));
            }

            Label(PortSimulator.AlarmFlood, events);
        }
    }
}
