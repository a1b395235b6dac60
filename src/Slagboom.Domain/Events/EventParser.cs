using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Mainports;

namespace Slagboom.Domain.Events;

/// <summary>
/// Reads barrier events from JSON (one object, or one NDJSON line) with <see cref="Utf8JsonReader"/>, checks every
/// field and gives a typed <see cref="BarrierEvent"/> or the reason it is refused, naming the field
/// (<c>containers[1]: check digit should be 3</c>). The format is documented in <c>docs/events.md</c>.
/// </summary>
/// <remarks>
/// Containers and plates are checked and normalised as <see cref="IdentifierChecker"/> does (CONTRACT.md §3), so
/// rules and watch lists compare normalised values. Unknown fields are ignored, so sources may send more than we
/// read. A parser keeps a small cache of repeating short values (sites, readers, cameras) and is not thread-safe:
/// use one per thread.
/// </remarks>
public sealed class EventParser
{
    /// <summary>The longest accepted text field (ids, names), in bytes.</summary>
    public const int MaxTextBytes = 200;

    private static readonly IReadOnlyList<string> NoStrings = [];
    private readonly Utf8Interner _interner = new();
    private readonly List<PlateCandidate> _candidates = [];
    private readonly List<string> _strings = [];

    /// <summary>Parses one event from a string of JSON.</summary>
    public EventParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses one event: a JSON object, alone or as one line of NDJSON (surrounding white space allowed).</summary>
    public EventParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
            return ReadObject(ref reader);
        }
        catch (JsonException e)
        {
            return EventParseResult.Invalid($"not valid JSON: {Trim(e.Message)}");
        }
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private EventParseResult ReadObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return EventParseResult.Invalid("expected a JSON object {\"kind\",\"time\",\"mainport\",\"source\",…}");
        }

        _candidates.Clear();
        _strings.Clear();
        var f = default(Fields);
        string? problem = null;
        while (problem is null && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            if (!reader.Read())
            {
                break;
            }

            problem = Property(name) switch
            {
                Name.Kind => Kind(ref reader, ref f),
                Name.Time => Time(ref reader, ref f),
                Name.Mainport => Mainport(ref reader, ref f),
                Name.Source => Text(ref reader, "source", true, out f.Source),
                Name.Site => Text(ref reader, "site", true, out f.Site),
                Name.Id => Text(ref reader, "id", false, out f.Id),
                Name.Pass => Text(ref reader, "pass", false, out f.Pass),
                Name.Reader => Text(ref reader, "reader", true, out f.Reader),
                Name.Zone => Text(ref reader, "zone", true, out f.Zone),
                Name.Granted => Bool(ref reader, "granted", out f.Granted),
                Name.Reason => Text(ref reader, "reason", true, out f.Reason),
                Name.Method => Text(ref reader, "method", true, out f.Method),
                Name.Camera => Text(ref reader, "camera", true, out f.Camera),
                Name.Direction => Text(ref reader, "direction", true, out f.Direction),
                Name.Country => Text(ref reader, "country", true, out f.Country),
                Name.Candidates => Candidates(ref reader, ref f),
                Name.Label => Text(ref reader, "label", true, out f.Label),
                Name.Zones => Strings(ref reader, "zones", ref f.Zones),
                Name.Score => Number(ref reader, "score", out f.Score),
                Name.Phase => Text(ref reader, "phase", true, out f.Phase),
                Name.Track => Text(ref reader, "track", false, out f.Track),
                Name.Sensor => Text(ref reader, "sensor", true, out f.Sensor),
                Name.Alarm => Text(ref reader, "alarm", true, out f.Alarm),
                Name.Gate => Text(ref reader, "gate", true, out f.Gate),
                Name.Containers => Strings(ref reader, "containers", ref f.Containers),
                Name.Plate => Text(ref reader, "plate", false, out f.Plate),
                Name.CarrierEan => Text(ref reader, "carrierEan", true, out f.CarrierEan),
                Name.DriverCard => Text(ref reader, "driverCard", false, out f.DriverCard),
                Name.Visit => Text(ref reader, "visit", false, out f.Visit),
                _ => Skip(ref reader),
            };
        }

        if (problem is not null)
        {
            return EventParseResult.Invalid(problem);
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return EventParseResult.Invalid("expected a JSON object {\"kind\",\"time\",\"mainport\",\"source\",…}");
        }

        try
        {
            if (reader.Read())
            {
                return EventParseResult.Invalid("expected one JSON object, found more after it");
            }
        }
        catch (JsonException)
        {
            return EventParseResult.Invalid("expected one JSON object, found more after it");
        }

        return Build(ref f);
    }

    private enum Name
    {
        Unknown, Kind, Time, Mainport, Source, Site, Id, Pass, Reader, Zone, Granted, Reason, Method, Camera, Direction,
        Country, Candidates, Label, Zones, Score, Phase, Track, Sensor, Alarm, Gate, Containers, Plate, CarrierEan,
        DriverCard, Visit,
    }

    // One comparison per property instead of a chain: pick the candidate by length and first letter, then confirm.
    private static Name Property(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return Name.Unknown;
        }

        var candidate = (name.Length, name[0]) switch
        {
            (2, (byte)'i') => Name.Id,
            (4, (byte)'k') => Name.Kind,
            (4, (byte)'t') => Name.Time,
            (4, (byte)'s') => Name.Site,
            (4, (byte)'p') => Name.Pass,
            (4, (byte)'z') => Name.Zone,
            (4, (byte)'g') => Name.Gate,
            (5, (byte)'l') => Name.Label,
            (5, (byte)'z') => Name.Zones,
            (5, (byte)'s') => Name.Score,
            (5, (byte)'t') => Name.Track,
            (5, (byte)'a') => Name.Alarm,
            (5, (byte)'v') => Name.Visit,
            (5, (byte)'p') when name[1] == (byte)'h' => Name.Phase,
            (5, (byte)'p') => Name.Plate,
            (6, (byte)'s') when name[1] == (byte)'o' => Name.Source,
            (6, (byte)'s') => Name.Sensor,
            (6, (byte)'r') when name[3] == (byte)'d' => Name.Reader,
            (6, (byte)'r') => Name.Reason,
            (6, (byte)'m') => Name.Method,
            (6, (byte)'c') => Name.Camera,
            (7, (byte)'g') => Name.Granted,
            (7, (byte)'c') => Name.Country,
            (8, (byte)'m') => Name.Mainport,
            (9, (byte)'d') => Name.Direction,
            (10, (byte)'c') when name[1] == (byte)'a' && name[2] == (byte)'n' => Name.Candidates,
            (10, (byte)'c') when name[1] == (byte)'a' => Name.CarrierEan,
            (10, (byte)'c') => Name.Containers,
            (10, (byte)'d') => Name.DriverCard,
            _ => Name.Unknown,
        };
        return candidate != Name.Unknown && name.SequenceEqual(Spelling(candidate)) ? candidate : Name.Unknown;
    }

    private static ReadOnlySpan<byte> Spelling(Name name) => name switch
    {
        Name.Id => "id"u8,
        Name.Kind => "kind"u8,
        Name.Time => "time"u8,
        Name.Site => "site"u8,
        Name.Pass => "pass"u8,
        Name.Zone => "zone"u8,
        Name.Gate => "gate"u8,
        Name.Label => "label"u8,
        Name.Zones => "zones"u8,
        Name.Score => "score"u8,
        Name.Track => "track"u8,
        Name.Alarm => "alarm"u8,
        Name.Visit => "visit"u8,
        Name.Phase => "phase"u8,
        Name.Plate => "plate"u8,
        Name.Source => "source"u8,
        Name.Sensor => "sensor"u8,
        Name.Reader => "reader"u8,
        Name.Reason => "reason"u8,
        Name.Method => "method"u8,
        Name.Camera => "camera"u8,
        Name.Granted => "granted"u8,
        Name.Country => "country"u8,
        Name.Mainport => "mainport"u8,
        Name.Direction => "direction"u8,
        Name.Candidates => "candidates"u8,
        Name.CarrierEan => "carrierEan"u8,
        Name.Containers => "containers"u8,
        Name.DriverCard => "driverCard"u8,
        _ => default,
    };

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static string? Kind(ref Utf8JsonReader reader, ref Fields f)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return "kind: expected one of access, anpr, video, fence, gate";
        }

        var v = reader.ValueSpan;
        f.Kind = v switch
        {
            _ when v.SequenceEqual("access"u8) => EventKind.Access,
            _ when v.SequenceEqual("anpr"u8) => EventKind.Anpr,
            _ when v.SequenceEqual("video"u8) => EventKind.Video,
            _ when v.SequenceEqual("fence"u8) => EventKind.Fence,
            _ when v.SequenceEqual("gate"u8) => EventKind.Gate,
            _ => null,
        };
        return f.Kind is null ? $"kind: unknown kind '{reader.GetString()}'; expected one of access, anpr, video, fence, gate" : null;
    }

    private static string? Time(ref Utf8JsonReader reader, ref Fields f)
    {
        const string Expected = "time: expected an ISO 8601 time with a UTC offset, for example 2026-11-27T21:05:00Z";
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return Expected;
        }

        // A time without an offset would be read as local time of whichever machine parses it: refuse it.
        var raw = reader.ValueSpan;
        var t = raw.IndexOf((byte)'T');
        var hasOffset = raw.Length > 0 && (raw[^1] is (byte)'Z' or (byte)'z' || (t > 0 && raw[t..].IndexOfAny((byte)'+', (byte)'-') > 0));
        if (!hasOffset || !reader.TryGetDateTimeOffset(out var time))
        {
            return Expected;
        }

        f.Time = time.ToUniversalTime();
        return null;
    }

    private string? Mainport(ref Utf8JsonReader reader, ref Fields f)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return "mainport: expected one of RTM, ZWB, NZK, SCH, FLO";
        }

        var code = MainportCode.Parse(_interner.Get(reader.ValueSpan));
        if (code is null)
        {
            return $"mainport: unknown mainport '{reader.GetString()}'; expected one of RTM, ZWB, NZK, SCH, FLO";
        }

        f.Mainport = code;
        return null;
    }

    private string? Text(ref Utf8JsonReader reader, string field, bool intern, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return $"{field}: expected a string";
        }

        if (reader.ValueSpan.Length > MaxTextBytes)
        {
            return $"{field}: longer than {MaxTextBytes} bytes";
        }

        value = intern && !reader.ValueIsEscaped ? _interner.Get(reader.ValueSpan) : reader.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            value = null;
            return $"{field}: empty";
        }

        return null;
    }

    private static string? Bool(ref Utf8JsonReader reader, string field, out bool? value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return value is null ? $"{field}: expected true or false" : null;
    }

    private static string? Number(ref Utf8JsonReader reader, string field, out double? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var d) || d is < 0 or > 1)
        {
            return $"{field}: expected a number from 0 to 1";
        }

        value = d;
        return null;
    }

    private string? Strings(ref Utf8JsonReader reader, string field, ref Range? range)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return $"{field}: expected an array of strings";
        }

        var start = _strings.Count;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = _strings.Count - start;
            if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length is 0 or > MaxTextBytes)
            {
                return $"{field}[{index}]: expected a non-empty string of at most {MaxTextBytes} bytes";
            }

            if (index >= 32)
            {
                return $"{field}: at most 32 values";
            }

            _strings.Add(reader.ValueIsEscaped ? reader.GetString()! : _interner.Get(reader.ValueSpan));
        }

        range = new Range(start, _strings.Count);
        return null;
    }

    private string? Candidates(ref Utf8JsonReader reader, ref Fields f)
    {
        const string Expected = "candidates: expected an array of {\"plate\",\"confidence\"}";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Expected;
        }

        _candidates.Clear();
        f.RawCandidates = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = _candidates.Count;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Expected;
            }

            if (index >= 16)
            {
                return "candidates: at most 16 candidates";
            }

            string? plate = null;
            double? confidence = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPlate = reader.ValueTextEquals("plate"u8);
                var isConfidence = reader.ValueTextEquals("confidence"u8);
                reader.Read();
                string? problem = null;
                if (isPlate)
                {
                    problem = Text(ref reader, "plate", false, out plate);
                }
                else if (isConfidence)
                {
                    problem = Number(ref reader, "confidence", out confidence);
                }
                else
                {
                    reader.Skip();
                }

                if (problem is not null)
                {
                    // The field name goes into the message only when there is one: nothing is built per candidate.
                    return $"candidates[{index}].{problem}";
                }
            }

            if (plate is null)
            {
                return $"candidates[{index}].plate: required";
            }

            if (confidence is null)
            {
                return $"candidates[{index}].confidence: required";
            }

            // Normalised once the country is known (it may come after the candidates).
            _candidates.Add(new PlateCandidate(plate, confidence.Value));
        }

        return null;
    }

    private EventParseResult Build(ref Fields f)
    {
        if (f.Kind is not { } kind)
        {
            return EventParseResult.Invalid("kind: required (access, anpr, video, fence or gate)");
        }

        if (f.Time is not { } time)
        {
            return EventParseResult.Invalid("time: required (ISO 8601 with a UTC offset)");
        }

        if (f.Mainport is null)
        {
            return EventParseResult.Invalid("mainport: required (RTM, ZWB, NZK, SCH or FLO)");
        }

        if (f.Source is null)
        {
            return EventParseResult.Invalid("source: required");
        }

        return kind switch
        {
            EventKind.Access => Access(ref f, time),
            EventKind.Anpr => Anpr(ref f, time),
            EventKind.Video => Video(ref f, time),
            EventKind.Fence => Fence(ref f, time),
            _ => Gate(ref f, time),
        };
    }

    private static EventParseResult Required(string field, EventKind kind) =>
        EventParseResult.Invalid($"{field}: required for {(kind == EventKind.Access ? "an" : "a")} {kind.ToString().ToLowerInvariant()} event");

    private static EventParseResult Access(ref Fields f, DateTimeOffset time)
    {
        if (f.Pass is null)
        {
            return Required("pass", EventKind.Access);
        }

        if (f.Reader is null)
        {
            return Required("reader", EventKind.Access);
        }

        if (f.Granted is not { } granted)
        {
            return Required("granted", EventKind.Access);
        }

        AccessMethod method;
        switch (f.Method)
        {
            case null or "badge":
                method = AccessMethod.Badge;
                break;
            case "biometric":
                method = AccessMethod.Biometric;
                break;
            default:
                return EventParseResult.Invalid($"method: expected badge or biometric, not '{f.Method}'");
        }

        return EventParseResult.Valid(new AccessEvent
        {
            Time = time, Mainport = f.Mainport!, Source = f.Source!, Site = f.Site, Id = f.Id,
            Pass = f.Pass.Trim(), Reader = f.Reader, Zone = f.Zone, Granted = granted, Reason = granted ? null : f.Reason, Method = method,
        });
    }

    private EventParseResult Anpr(ref Fields f, DateTimeOffset time)
    {
        if (f.Camera is null)
        {
            return Required("camera", EventKind.Anpr);
        }

        if (!f.RawCandidates || _candidates.Count == 0)
        {
            return EventParseResult.Invalid("candidates: required for an anpr event, at least one {\"plate\",\"confidence\"}");
        }

        string? country = null;
        if (f.Country is not null)
        {
            country = f.Country.Trim().ToUpperInvariant();
            if (!CountryCode.IsAssigned(country))
            {
                return EventParseResult.Invalid($"country: unknown country '{f.Country}'; expected an ISO 3166-1 alpha-2 code such as NL or DE");
            }
        }

        if (!TryDirection(f.Direction, allowUnknown: true, out var direction))
        {
            return EventParseResult.Invalid($"direction: expected in, out or unknown, not '{f.Direction}'");
        }

        var candidates = new PlateCandidate[_candidates.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            var plate = NormalizePlate(_candidates[i].Plate, country, out var problem);
            if (plate is null)
            {
                return EventParseResult.Invalid($"candidates[{i}].plate: {problem}");
            }

            candidates[i] = new PlateCandidate(plate, _candidates[i].Confidence);
        }

        // Best first; a stable insertion sort (a handful of candidates) keeps the source's order among equals.
        for (var i = 1; i < candidates.Length; i++)
        {
            var c = candidates[i];
            var j = i - 1;
            while (j >= 0 && candidates[j].Confidence < c.Confidence)
            {
                candidates[j + 1] = candidates[j];
                j--;
            }

            candidates[j + 1] = c;
        }

        return EventParseResult.Valid(new AnprEvent
        {
            Time = time, Mainport = f.Mainport!, Source = f.Source!, Site = f.Site, Id = f.Id,
            Camera = f.Camera, Direction = direction, Country = country, Candidates = candidates,
        });
    }

    private EventParseResult Video(ref Fields f, DateTimeOffset time)
    {
        if (f.Camera is null)
        {
            return Required("camera", EventKind.Video);
        }

        VideoLabel label;
        switch (f.Label)
        {
            case null:
                return Required("label", EventKind.Video);
            case "person":
                label = VideoLabel.Person;
                break;
            case "vehicle" or "car" or "truck":
                label = VideoLabel.Vehicle;
                break;
            case "boat":
                label = VideoLabel.Boat;
                break;
            case "drone":
                label = VideoLabel.Drone;
                break;
            default:
                return EventParseResult.Invalid($"label: expected person, vehicle, boat or drone, not '{f.Label}'");
        }

        if (f.Score is not { } score)
        {
            return Required("score", EventKind.Video);
        }

        VideoPhase phase;
        switch (f.Phase)
        {
            case null:
                return Required("phase", EventKind.Video);
            case "start" or "new":
                phase = VideoPhase.Start;
                break;
            case "update":
                phase = VideoPhase.Update;
                break;
            case "end":
                phase = VideoPhase.End;
                break;
            default:
                return EventParseResult.Invalid($"phase: expected start, update or end, not '{f.Phase}'");
        }

        return EventParseResult.Valid(new VideoEvent
        {
            Time = time, Mainport = f.Mainport!, Source = f.Source!, Site = f.Site, Id = f.Id,
            Camera = f.Camera, Label = label, Zones = Collect(f.Zones), Score = score, Phase = phase, Track = f.Track,
        });
    }

    private static EventParseResult Fence(ref Fields f, DateTimeOffset time)
    {
        if (f.Sensor is null)
        {
            return Required("sensor", EventKind.Fence);
        }

        if (f.Zone is null)
        {
            return Required("zone", EventKind.Fence);
        }

        FenceAlarm alarm;
        switch (f.Alarm)
        {
            case null:
                return Required("alarm", EventKind.Fence);
            case "cut":
                alarm = FenceAlarm.Cut;
                break;
            case "climb":
                alarm = FenceAlarm.Climb;
                break;
            case "tamper":
                alarm = FenceAlarm.Tamper;
                break;
            case "fault":
                alarm = FenceAlarm.Fault;
                break;
            default:
                return EventParseResult.Invalid($"alarm: expected cut, climb, tamper or fault, not '{f.Alarm}'");
        }

        return EventParseResult.Valid(new FenceEvent
        {
            Time = time, Mainport = f.Mainport!, Source = f.Source!, Site = f.Site, Id = f.Id,
            Sensor = f.Sensor, Zone = f.Zone, Alarm = alarm,
        });
    }

    private EventParseResult Gate(ref Fields f, DateTimeOffset time)
    {
        if (f.Site is null)
        {
            return EventParseResult.Invalid("site: required for a gate event (the terminal)");
        }

        if (f.Gate is null)
        {
            return Required("gate", EventKind.Gate);
        }

        if (f.Direction is null)
        {
            return Required("direction", EventKind.Gate);
        }

        if (!TryDirection(f.Direction, allowUnknown: false, out var direction))
        {
            return EventParseResult.Invalid($"direction: expected in or out, not '{f.Direction}'");
        }

        IReadOnlyList<string> containers = NoStrings;
        if (f.Containers is { } range)
        {
            var (offset, length) = range.GetOffsetAndLength(_strings.Count);
            var numbers = new string[length];
            for (var i = 0; i < length; i++)
            {
                var text = _strings[offset + i];
                if (!ContainerNumber.TryParse(text, out var number, out var problem))
                {
                    return EventParseResult.Invalid($"containers[{i}]: {problem}");
                }

                // The value as sent when it is already in normal form (one string less to keep).
                numbers[i] = string.Equals(number.Value, text, StringComparison.Ordinal) ? text : number.Value;
            }

            containers = numbers;
        }

        string? plate = null;
        if (f.Plate is not null)
        {
            plate = NormalizeWrittenPlate(f.Plate, out var problem);
            if (plate is null)
            {
                return EventParseResult.Invalid($"plate: {problem}");
            }
        }

        if (f.CarrierEan is not null && !IsGs1Number(f.CarrierEan))
        {
            return EventParseResult.Invalid("carrierEan: expected a GS1 number (8, 12, 13 or 14 digits) with a valid check digit");
        }

        return EventParseResult.Valid(new GateEvent
        {
            Time = time, Mainport = f.Mainport!, Source = f.Source!, Site = f.Site, Id = f.Id,
            Gate = f.Gate, Direction = direction, Containers = containers, Plate = plate, CarrierEan = f.CarrierEan,
            DriverCard = f.DriverCard?.Trim(), Visit = f.Visit,
        });
    }

    private IReadOnlyList<string> Collect(Range? range)
    {
        if (range is not { } r)
        {
            return NoStrings;
        }

        var (offset, length) = r.GetOffsetAndLength(_strings.Count);
        return length == 0 ? NoStrings : CollectionsMarshal.AsSpan(_strings).Slice(offset, length).ToArray();
    }

    private static bool TryDirection(string? text, bool allowUnknown, out Direction direction)
    {
        (direction, var ok) = text switch
        {
            null or "unknown" => (Direction.Unknown, allowUnknown),
            "in" => (Direction.In, true),
            "out" => (Direction.Out, true),
            _ => (Direction.Unknown, false),
        };
        return ok;
    }

    private static readonly SearchValues<char> PlateCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    /// <summary>
    /// A plate read with a known or unknown country. With a country it is the <c>plate</c> observable form
    /// <c>CC:CHARACTERS</c> (through <see cref="IdentifierChecker"/>); without, the characters alone, compacted and
    /// upper case. The fast path (already compact, upper case) gives exactly what the checker gives.
    /// </summary>
    internal static string? NormalizePlate(string text, string? country, out string? problem)
    {
        problem = null;
        var compact = text.Length is > 0 and <= 12 && !text.AsSpan().ContainsAnyExcept(PlateCharacters);
        if (country is null)
        {
            if (compact)
            {
                return text;
            }

            var chars = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    chars.Append(char.ToUpperInvariant(c));
                }
                else if (!char.IsWhiteSpace(c) && c is not ('-' or '.'))
                {
                    problem = $"a plate holds only letters and digits, not '{c}'";
                    return null;
                }
            }

            problem = chars.Length switch
            {
                0 => "empty",
                > 12 => $"expected at most 12 letters and digits on a plate, got {chars.Length}",
                _ => null,
            };
            return problem is null ? chars.ToString() : null;
        }

        if (compact)
        {
            return string.Concat(country, ":", text);
        }

        var check = IdentifierChecker.Check(IdentifierType.Plate, $"{country}:{text}");
        problem = check.Message;
        return check.Normalized;
    }

    /// <summary>A plate written by a gate system: <c>CC:PLATE</c>, or a Dutch plate (sidecode checked) without a country.</summary>
    internal static string? NormalizeWrittenPlate(string text, out string? problem)
    {
        // Fast path: already CC:CHARACTERS (assigned country, 1–12 upper-case letters and digits) is what the checker gives.
        if (text.Length is >= 4 and <= 15 && text[2] == ':' && CountryCode.IsAssigned(text.AsSpan(0, 2)) && !text.AsSpan(3).ContainsAnyExcept(PlateCharacters))
        {
            problem = null;
            return text;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            var check = IdentifierChecker.Check(IdentifierType.Plate, text);
            problem = check.Message;
            return check.Normalized;
        }

        var dutch = IdentifierChecker.Check(IdentifierType.DutchPlate, text);
        if (!dutch.Valid)
        {
            problem = $"expected CC:PLATE (for example DE:HHAB1234) or a Dutch plate; as a Dutch plate: {dutch.Message}";
            return null;
        }

        problem = null;
        return "NL:" + dutch.Normalized!.Replace("-", "", StringComparison.Ordinal);
    }

    /// <summary>True for a GS1 number (EAN-8, UPC-12, EAN/GLN-13, GTIN-14) whose mod-10 check digit is right.</summary>
    public static bool IsGs1Number(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is not (8 or 12 or 13 or 14) || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var sum = 0;
        var weight = 3;
        for (var i = text.Length - 2; i >= 0; i--, weight = 4 - weight)
        {
            sum += (text[i] - '0') * weight;
        }

        return (10 - (sum % 10)) % 10 == text[^1] - '0';
    }

    private struct Fields
    {
        public EventKind? Kind;
        public DateTimeOffset? Time;
        public string? Mainport, Source, Site, Id;
        public string? Pass, Reader, Zone, Reason, Method;
        public bool? Granted;
        public string? Camera, Direction, Country, Label, Phase, Track, Sensor, Alarm, Gate, Plate, CarrierEan, DriverCard, Visit;
        public bool RawCandidates;
        public double? Score;
        public Range? Zones, Containers;
    }
}
