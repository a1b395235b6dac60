using Slagboom.Domain.Events;
using static Slagboom.Rules.Tests.Events;

namespace Slagboom.Rules.Tests;

public sealed class RuleTypeTests
{
    [Fact]
    public void Match_RaisesForEachMatchingEvent_WithItsId()
    {
        var rules = Load("""
            id: R1
            title: Revoked pass tried
            severity: high
            type: match
            where: { kind: access, granted: false, reason: revoked }
            """);
        var hit = Access(0, "P1", granted: false, reason: "revoked");

        var alerts = Run(rules, Access(0, "P2", granted: false, reason: "expired"), hit, Access(1, "P3"));

        var alert = Assert.Single(alerts);
        Assert.Equal(("R1", Severity.High, "P1"), (alert.RuleId, alert.Severity, alert.Key));
        Assert.Equal([hit.Id], alert.EventIds);
        Assert.Equal(hit.Time, alert.Time);
    }

    [Fact]
    public void Match_Modifiers_NotStartsWithGte()
    {
        var rules = Load("""
            id: R1
            title: t
            type: match
            where: { kind: video, label|not: [vehicle, boat], camera|startswith: ECT-, score|gte: 0.8 }
            """);

        var alerts = Run(rules, Video(0, "ECT-1", "person"), Video(0, "ECT-2", "vehicle"), Video(0, "APM-1", "person"));

        Assert.Equal(["ECT-1"], alerts.Select(a => a.Key));
    }

    [Fact]
    public void Watchlist_MatchesEveryCandidateAboveTheConfidence_NotOnlyTheBest()
    {
        var rules = Load("""
            watchlist: stolen
            type: plates
            values: [ "de:hh-ab 1234", "XY999" ]
            """, """
            id: W1
            title: Watch-listed plate
            type: watchlist
            list: stolen
            minConfidence: 0.5
            """);

        var alerts = Run(rules,
            Anpr(0, ("DE:HHAB1284", 0.9), ("DE:HHAB1234", 0.6)),   // second candidate is listed
            Anpr(1, ("DE:HHAB1288", 0.9), ("DE:HHAB1234", 0.3)),   // listed candidate below 0.5
            Anpr(2, ("FR:XY999", 0.8)));                            // listed without a country: any country

        Assert.Equal(["DE:HHAB1234", "FR:XY999"], alerts.Select(a => a.Key));
    }

    [Fact]
    public void Threshold_FiresAtCountWithinTheSpan_PerGroup()
    {
        var rules = Load("""
            id: T1
            title: Alarm flood
            type: threshold
            where: { kind: video }
            by: camera
            count: 3
            within: 10m
            """);

        var alerts = Run(rules,
            Video(0, "A"), Video(0, "B"), Video(5, "A"), Video(11, "A"), // A: 0,5,11 spans 11 min: no
            Video(12, "A"),                                               // A: 5,11,12: yes
            Video(13, "B"));

        var alert = Assert.Single(alerts);
        Assert.Equal("A", alert.Key);
        Assert.Equal(3, alert.Events.Count);
        Assert.Equal(Noon.AddMinutes(12), alert.Time);
    }

    [Fact]
    public void DistinctCount_CountsDistinctValuesWithinTheSpan()
    {
        var rules = Load("""
            id: D1
            title: Pass at many readers
            type: distinct
            where: { kind: access }
            by: pass
            field: reader
            count: 3
            within: 10m
            """);

        var alerts = Run(rules,
            Access(0, "P1", "R1"), Access(1, "P1", "R1"), Access(2, "P1", "R2"), Access(20, "P1", "R3"), // R1,R2 expired by then
            Access(21, "P1", "R4"), Access(22, "P1", "R5"));

        var alert = Assert.Single(alerts);
        Assert.Equal("P1", alert.Key);
        Assert.Equal(3, alert.Events.Count);
    }

    [Fact]
    public void Sequence_AThenBWithinSpan_WithoutC()
    {
        var rules = Load("""
            id: S1
            title: Denied then granted elsewhere
            type: sequence
            by: pass
            within: 10m
            steps:
              - { kind: access, granted: false }
              - { kind: access, granted: true }
            without: { kind: access, reader: DESK }
            """);

        var alerts = Run(rules,
            Access(0, "P1", granted: false), Access(5, "P1"),                               // fires
            Access(0, "P2", granted: false), Access(11, "P2"),                              // too late
            Access(0, "P3", granted: false), Access(2, "P3", "DESK"), Access(3, "P3"));     // broken off by C

        var alert = Assert.Single(alerts);
        Assert.Equal("P1", alert.Key);
        Assert.Equal(2, alert.Events.Count);
    }

    [Fact]
    public void Absence_FiresWhenTimePasses_NotWhenTheSecondEventCame()
    {
        var rules = Load("""
            id: A1
            title: Truck dwells
            type: absence
            by: visit
            within: 4h
            first: { kind: gate, direction: in }
            then: { kind: gate, direction: out }
            """);
        var alerts = new List<Alert>();
        var evaluator = new RuleEvaluator(rules, alerts.Add);
        var dwelling = Gate(0, "V2", Direction.In);
        evaluator.Process(Gate(0, "V1", Direction.In));
        evaluator.Process(dwelling);
        evaluator.Process(Gate(60, "V1", Direction.Out));
        evaluator.AdvanceTo(Noon.AddMinutes(239));
        Assert.Empty(alerts);

        evaluator.AdvanceTo(Noon.AddHours(4));

        var alert = Assert.Single(alerts);
        Assert.Equal("V2", alert.Key);
        Assert.Equal([dwelling.Id], alert.EventIds);
        Assert.Equal(Noon.AddHours(4), alert.Time);
    }

    [Fact]
    public void Velocity_SameKeyTooFarApartTooSoon()
    {
        var rules = Load("""
            places:
              - { id: R-MV2, lat: 51.95, lon: 4.02 }
              - { id: R-WAAL, lat: 51.89, lon: 4.35 }
            """, """
            id: V1
            title: Impossible travel
            type: velocity
            where: { kind: access, granted: true }
            by: pass
            at: reader
            maxSpeedKmh: 80
            """);

        // About 24 km apart: 5 minutes is too fast, 40 minutes is possible.
        var alerts = Run(rules, Access(0, "P1", "R-MV2"), Access(5, "P1", "R-WAAL"), Access(0, "P2", "R-MV2"), Access(40, "P2", "R-WAAL"));

        var alert = Assert.Single(alerts);
        Assert.Equal("P1", alert.Key);
        Assert.Equal(2, alert.Events.Count);
    }

    [Fact]
    public void Schedule_FiresOutsideAllowedHoursInAmsterdamTime()
    {
        var rules = Load("""
            id: H1
            title: Person in the stack at night
            type: schedule
            where: { kind: video, label: person, zones: stack }
            by: camera
            allowed:
              - { days: mon-fri, from: "06:00", to: "22:00" }
            """);

        // 21:30 UTC on a Friday in November is 22:30 in Amsterdam: outside. 20:30 UTC is 21:30: inside.
        var night = Video(0, "C-N", at: new DateTimeOffset(2026, 11, 27, 21, 30, 0, TimeSpan.Zero));
        var evening = Video(0, "C-E", at: new DateTimeOffset(2026, 11, 27, 20, 30, 0, TimeSpan.Zero));
        var saturday = Video(0, "C-S", at: new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

        var alerts = Run(rules, night, evening, saturday);

        Assert.Equal(["C-N", "C-S"], alerts.Select(a => a.Key));
    }

    [Fact]
    public void Suppression_DropsRepeatsWithinTheWindow_AndCapLimitsPerWindow()
    {
        var rules = Load("""
            id: F1
            title: Fence alarm
            type: match
            where: { kind: fence }
            by: sensor
            suppress: { by: sensor, window: 10m }
            cap: { alerts: 2, window: 1h }
            """);

        var alerts = Run(rules, Fence(0, "S1"), Fence(1, "S1"), Fence(11, "S1"), Fence(12, "S2"), Fence(61, "S3"));

        Assert.Equal(["S1@0", "S1@11", "S3@61"], alerts.Select(a => $"{a.Key}@{(a.Time - Noon).TotalMinutes}"));
    }

    [Fact]
    public void Scope_LimitsToMainportAndSites()
    {
        var rules = Load("""
            id: R1
            title: t
            type: match
            scope: { mainport: RTM, sites: [APMT] }
            where: { kind: access }
            """);

        var alerts = Run(rules, Access(0, "P1", site: "ECT"), Access(0, "P2", site: "APMT"));

        Assert.Equal(["P2"], alerts.Select(a => a.Key));
    }

    [Fact]
    public void ShardedEngine_RaisesTheSameAlertsAsOneEvaluator()
    {
        var rules = Load("""
            id: T1
            title: t
            type: threshold
            where: { kind: access, granted: false }
            by: pass
            count: 2
            within: 5m
            ---
            id: A1
            title: a
            type: absence
            by: visit
            within: 1h
            first: { kind: gate, direction: in }
            then: { kind: gate, direction: out }
            """);
        var events = new List<BarrierEvent>();
        for (var i = 0; i < 2000; i++)
        {
            events.Add(Access(i * 0.1, $"P{i % 37}", granted: i % 3 == 0));
            events.Add(Gate(i * 0.1, $"V{i}", i % 5 == 0 ? Direction.Out : Direction.In));
            if (i % 5 != 0)
            {
                events.Add(Gate((i * 0.1) + 10, $"V{i}", Direction.Out));
            }
        }

        events.Sort((a, b) => a.Time.CompareTo(b.Time));
        var single = Run(rules, [.. events]);
        var sharded = new List<Alert>();
        using (var engine = new RuleEngine(rules, sharded.Add, new RuleEngineOptions { Shards = 3, QueueSize = 1024 }))
        {
            foreach (var e in events)
            {
                engine.Post(e);
            }

            engine.AdvanceTo(Noon.AddDays(1));
            engine.Drain();
            Assert.Equal(events.Count, engine.Stats.Events);
        }

        Assert.NotEmpty(single);
        Assert.Equal(single.Select(a => $"{a.RuleId}/{a.Key}/{a.Time:O}").Order(), sharded.Select(a => $"{a.RuleId}/{a.Key}/{a.Time:O}").Order());
    }
}
