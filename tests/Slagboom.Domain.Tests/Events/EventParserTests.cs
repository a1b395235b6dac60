using System.Text;
using Slagboom.Domain.Events;
using Slagboom.Domain.Identifiers;

namespace Slagboom.Domain.Tests.Events;

public sealed class EventParserTests
{
    private readonly EventParser _parser = new();

    [Fact]
    public void Access_EveryField_IsRead()
    {
        var e = Assert.IsType<AccessEvent>(_parser.Parse("""{"kind":"access","time":"2026-11-27T22:15:03+01:00","mainport":"rtm","source":"genetec-ect","site":"ECT-DELTA","id":"a1","pass":"P-100234","reader":"ECT-D-R12","zone":"stack","granted":false,"reason":"revoked","method":"biometric","extra":{"ignored":[1,2]}}""").Event);

        Assert.Equal(EventKind.Access, e.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 21, 15, 3, TimeSpan.Zero), e.Time);
        Assert.Equal(TimeSpan.Zero, e.Time.Offset);
        Assert.Equal("RTM", e.Mainport);
        Assert.Equal("genetec-ect", e.Source);
        Assert.Equal("ECT-DELTA", e.Site);
        Assert.Equal("a1", e.Id);
        Assert.Equal("P-100234", e.Pass);
        Assert.Equal("ECT-D-R12", e.Reader);
        Assert.Equal("stack", e.Zone);
        Assert.False(e.Granted);
        Assert.Equal("revoked", e.Reason);
        Assert.Equal(AccessMethod.Biometric, e.Method);
    }

    [Fact]
    public void Anpr_CandidatesAreNormalisedWithTheCountryAndSortedBestFirst()
    {
        var e = Assert.IsType<AnprEvent>(_parser.Parse("""{"kind":"anpr","time":"2026-11-27T21:00:00Z","mainport":"RTM","source":"alpr","camera":"MV2-ANPR-03","direction":"in","candidates":[{"plate":"hh-ab 1234","confidence":0.61},{"plate":"HHAB1284","confidence":0.93}],"country":"de"}""").Event);

        Assert.Equal("DE", e.Country);
        Assert.Equal(Direction.In, e.Direction);
        Assert.Equal(["DE:HHAB1284", "DE:HHAB1234"], e.Candidates.Select(c => c.Plate));
        Assert.Equal([0.93, 0.61], e.Candidates.Select(c => c.Confidence));
        Assert.Equal("DE:HHAB1284", e.Plate);
    }

    [Fact]
    public void Anpr_WithoutCountry_KeepsTheCharactersAlone()
    {
        var e = Assert.IsType<AnprEvent>(_parser.Parse("""{"kind":"anpr","time":"2026-11-27T21:00:00Z","mainport":"RTM","source":"alpr","camera":"c","candidates":[{"plate":"ab-12-cd","confidence":0.9}]}""").Event);

        Assert.Null(e.Country);
        Assert.Equal(Direction.Unknown, e.Direction);
        Assert.Equal("AB12CD", e.Plate);
    }

    [Fact]
    public void Video_FrigateStyleFields_AreRead()
    {
        var e = Assert.IsType<VideoEvent>(_parser.Parse("""{"kind":"video","time":"2026-11-27T02:10:00Z","mainport":"RTM","source":"frigate-1","camera":"cam-17","label":"person","zones":["stack","quay"],"score":0.87,"phase":"new","track":"1701.23-abc"}""").Event);

        Assert.Equal(VideoLabel.Person, e.Label);
        Assert.Equal(["stack", "quay"], e.Zones);
        Assert.Equal(0.87, e.Score);
        Assert.Equal(VideoPhase.Start, e.Phase);
        Assert.Equal("1701.23-abc", e.Track);
    }

    [Fact]
    public void Fence_IsRead()
    {
        var e = Assert.IsType<FenceEvent>(_parser.Parse("""{"kind":"fence","time":"2026-11-27T02:10:00Z","mainport":"ZWB","source":"fence-hc","sensor":"F-12","zone":"north","alarm":"cut"}""").Event);

        Assert.Equal(("F-12", "north", FenceAlarm.Cut, "ZWB"), (e.Sensor, e.Zone, e.Alarm, e.Mainport));
    }

    [Fact]
    public void Gate_ContainersAndPlateAreNormalised()
    {
        var e = Assert.IsType<GateEvent>(_parser.Parse("""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos","site":"APMT-MV2","gate":"lane-4","direction":"out","containers":["csqu 305438-3","GYOU4047990"],"plate":"bx-34-lp","carrierEan":"8712345678906","driverCard":"XS-001","visit":"TAR-9"}""").Event);

        Assert.Equal(Direction.Out, e.Direction);
        Assert.Equal(["CSQU3054383", "GYOU4047990"], e.Containers);
        Assert.Equal("NL:BX34LP", e.Plate);
        Assert.Equal("8712345678906", e.CarrierEan);
        Assert.Equal("XS-001", e.DriverCard);
        Assert.Equal("TAR-9", e.Visit);
    }

    [Theory]
    [InlineData("DE:HHAB1234")]
    [InlineData("de:hh-ab 1234")]
    [InlineData("BE:1ABC234")]
    [InlineData("NL:BX34LP")]
    [InlineData("ZZ:AB12")]
    [InlineData("DE:AB_12")]
    [InlineData("DE:ABCDEFGHIJKLM")]
    [InlineData("D:AB12")]
    public void Gate_PlateWithCountry_IsWhatTheIdentifierCheckerGives(string plate)
    {
        var check = IdentifierChecker.Check(IdentifierType.Plate, plate);

        var parsed = _parser.Parse($$"""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos","site":"T","gate":"g","direction":"in","plate":"{{plate}}"}""");

        Assert.Equal(check.Valid, parsed.IsValid);
        if (check.Valid)
        {
            Assert.Equal(check.Normalized, Assert.IsType<GateEvent>(parsed.Event).Plate);
        }
        else
        {
            Assert.Equal($"plate: {check.Message}", parsed.Error);
        }
    }

    [Theory]
    [InlineData("""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","site":"T","gate":"g","direction":"in","containers":["CSQU3054383","CSQU3054384"]}""", "containers[1]: check digit should be 3")]
    [InlineData("""{"kind":"access","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","reader":"r","granted":true}""", "pass: required for an access event")]
    [InlineData("""{"kind":"access","time":"2026-11-27T10:00:00","mainport":"RTM","source":"s","pass":"p","reader":"r","granted":true}""", "time: expected an ISO 8601 time with a UTC offset")]
    [InlineData("""{"kind":"access","time":"2026-11-27T10:00:00Z","mainport":"AMS","source":"s","pass":"p","reader":"r","granted":true}""", "mainport: unknown mainport 'AMS'")]
    [InlineData("""{"kind":"boat","time":"2026-11-27T10:00:00Z"}""", "kind: unknown kind 'boat'")]
    [InlineData("""{"time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s"}""", "kind: required")]
    [InlineData("""{"kind":"access","time":"2026-11-27T10:00:00Z","mainport":"RTM","pass":"p","reader":"r","granted":true}""", "source: required")]
    [InlineData("""{"kind":"access","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","pass":"p","reader":"r","granted":"yes"}""", "granted: expected true or false")]
    [InlineData("""{"kind":"anpr","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","camera":"c","candidates":[]}""", "candidates: required for an anpr event")]
    [InlineData("""{"kind":"anpr","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","camera":"c","country":"ZZ","candidates":[{"plate":"A1","confidence":1}]}""", "country: unknown country 'ZZ'")]
    [InlineData("""{"kind":"anpr","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","camera":"c","candidates":[{"plate":"A1","confidence":1.5}]}""", "candidates[0].confidence: expected a number from 0 to 1")]
    [InlineData("""{"kind":"video","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","camera":"c","label":"cat","score":0.5,"phase":"start"}""", "label: expected person, vehicle, boat or drone, not 'cat'")]
    [InlineData("""{"kind":"fence","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","sensor":"f","alarm":"cut"}""", "zone: required for a fence event")]
    [InlineData("""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","gate":"g","direction":"in"}""", "site: required for a gate event")]
    [InlineData("""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","site":"T","gate":"g","direction":"in","carrierEan":"8712345678907"}""", "carrierEan: expected a GS1 number")]
    [InlineData("""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"s","site":"T","gate":"g","direction":"sideways"}""", "direction: expected in or out, not 'sideways'")]
    [InlineData("""{"kind":"access","time":"2026-11-27T10:00:00Z",""", "not valid JSON")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    [InlineData("""{"kind":"access"} {"kind":"access"}""", "expected one JSON object")]
    public void BadEvent_IsRejectedWithTheFieldNamed(string json, string reason)
    {
        var result = _parser.Parse(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Event);
        Assert.StartsWith(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NdjsonLine_WithTrailingWhiteSpace_IsOneEvent()
    {
        var line = Encoding.UTF8.GetBytes("  {\"kind\":\"fence\",\"time\":\"2026-11-27T02:10:00Z\",\"mainport\":\"RTM\",\"source\":\"f\",\"sensor\":\"F-1\",\"zone\":\"z\",\"alarm\":\"climb\"}\r\n");

        Assert.True(_parser.Parse(line).IsValid);
    }

    [Fact]
    public void RepeatingShortValues_AreTheSameInstance()
    {
        const string Json = """{"kind":"fence","time":"2026-11-27T02:10:00Z","mainport":"RTM","source":"fence-head-end","sensor":"F-1","zone":"z","alarm":"climb"}""";
        var a = _parser.Parse(Json).Event!;
        var b = _parser.Parse(Json).Event!;

        Assert.Same(a.Source, b.Source);
    }

    [Theory]
    [InlineData("8712345678906", true)]
    [InlineData("8712345678907", false)]
    [InlineData("96385074", true)]
    [InlineData("871234567890", false)]
    [InlineData("87123456789X6", false)]
    public void Gs1CheckDigit(string number, bool valid) => Assert.Equal(valid, EventParser.IsGs1Number(number));
}

public sealed class EventWriterTests
{
    [Theory]
    [InlineData("""{"kind":"access","time":"2026-11-27T22:15:03Z","mainport":"RTM","source":"acs","site":"ECT","id":"a1","pass":"P-1","reader":"R","zone":"stack","granted":false,"reason":"revoked","method":"biometric"}""")]
    [InlineData("""{"kind":"anpr","time":"2026-11-27T21:00:00Z","mainport":"RTM","source":"alpr","camera":"C","direction":"in","country":"DE","candidates":[{"plate":"HHAB1284","confidence":0.93},{"plate":"HHAB1234","confidence":0.61}]}""")]
    [InlineData("""{"kind":"anpr","time":"2026-11-27T21:00:00Z","mainport":"RTM","source":"alpr","camera":"C","candidates":[{"plate":"AB12CD","confidence":0.5}]}""")]
    [InlineData("""{"kind":"video","time":"2026-11-27T02:10:00Z","mainport":"RTM","source":"f","camera":"c","label":"drone","zones":["quay"],"score":0.5,"phase":"end","track":"t1"}""")]
    [InlineData("""{"kind":"fence","time":"2026-11-27T02:10:00Z","mainport":"ZWB","source":"f","sensor":"F","zone":"z","alarm":"tamper"}""")]
    [InlineData("""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos","site":"T","gate":"g","direction":"out","containers":["CSQU3054383"],"plate":"NL:BX34LP","carrierEan":"8712345678906","driverCard":"XS-1","visit":"V"}""")]
    public void WrittenEvent_ParsesBackEqual(string json)
    {
        var parser = new EventParser();
        var original = parser.Parse(json).Event!;
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            EventWriter.Write(writer, original);
        }

        var again = parser.Parse(buffer.ToArray()).Event!;

        Assert.Equal(System.Text.Encoding.UTF8.GetString(buffer.ToArray()), Rewrite(again));
        Assert.Equal(original.Time, again.Time);
        Assert.Equal(original.Kind, again.Kind);
    }

    private static string Rewrite(BarrierEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            EventWriter.Write(writer, e);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

public sealed class EventParserFieldNameTests
{
    [Fact]
    public void EveryDocumentedFieldName_IsRecognised()
    {
        // Each field set to a wrong type must be reported by its own name: proof that the name was recognised.
        string[] names = ["kind", "time", "mainport", "source", "site", "id", "pass", "reader", "zone", "granted", "reason", "method",
            "camera", "direction", "country", "candidates", "label", "zones", "score", "phase", "track", "sensor", "alarm", "gate",
            "containers", "plate", "carrierEan", "driverCard", "visit"];
        var parser = new EventParser();
        foreach (var name in names)
        {
            var error = parser.Parse("{\"" + name + "\":{\"wrong\":1}}").Error;
            Assert.True(error is not null && error.StartsWith(name, StringComparison.Ordinal), $"{name}: {error}");
        }
    }
}
