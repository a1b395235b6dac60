using Slagboom.Domain.Events;

namespace Slagboom.Rules;

/// <summary>The event fields a rule may name (docs/events.md, "Field names for rules").</summary>
public enum EventField
{
    Kind, Mainport, Source, Site, Id, Pass, Reader, Zone, Granted, Reason, Method, Camera, Direction, Country,
    Plate, PlateBest, Confidence, Label, Zones, Score, Phase, Track, Sensor, Alarm, Gate, Containers, CarrierEan,
    DriverCard, Visit,
}

/// <summary>
/// Reads a field of an event without allocating: a field may hold several values (the candidates of an ANPR read,
/// the containers of a gate transaction, the zones of a video track), so access is by index. A field the event's
/// kind does not have has no values.
/// </summary>
public static class EventFields
{
    private static readonly Dictionary<string, EventField> ByName = new(StringComparer.Ordinal)
    {
        ["kind"] = EventField.Kind, ["mainport"] = EventField.Mainport, ["source"] = EventField.Source,
        ["site"] = EventField.Site, ["id"] = EventField.Id, ["pass"] = EventField.Pass, ["reader"] = EventField.Reader,
        ["zone"] = EventField.Zone, ["granted"] = EventField.Granted, ["reason"] = EventField.Reason,
        ["method"] = EventField.Method, ["camera"] = EventField.Camera, ["direction"] = EventField.Direction,
        ["country"] = EventField.Country, ["plate"] = EventField.Plate, ["plate.best"] = EventField.PlateBest,
        ["confidence"] = EventField.Confidence, ["label"] = EventField.Label, ["zones"] = EventField.Zones,
        ["score"] = EventField.Score, ["phase"] = EventField.Phase, ["track"] = EventField.Track,
        ["sensor"] = EventField.Sensor, ["alarm"] = EventField.Alarm, ["gate"] = EventField.Gate,
        ["containers"] = EventField.Containers, ["carrierEan"] = EventField.CarrierEan,
        ["driverCard"] = EventField.DriverCard, ["visit"] = EventField.Visit,
    };

    /// <summary>The names rules use, for error messages.</summary>
    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>The field of a name written in a rule, or null.</summary>
    public static EventField? Parse(string name) => ByName.TryGetValue(name, out var field) ? field : null;

    /// <summary>The name a rule uses for <paramref name="field"/>.</summary>
    public static string Name(EventField field) => ByName.First(p => p.Value == field).Key;

    /// <summary>True for the fields that hold numbers (compared with gt/gte/lt/lte).</summary>
    public static bool IsNumeric(EventField field) => field is EventField.Score or EventField.Confidence;

    /// <summary>How many values <paramref name="field"/> holds on <paramref name="e"/>.</summary>
    public static int Count(BarrierEvent e, EventField field) => field switch
    {
        EventField.Plate when e is AnprEvent a => a.Candidates.Count,
        EventField.Zones => e is VideoEvent v ? v.Zones.Count : (Text(e, field, 0) is null ? 0 : 1),
        EventField.Containers => e is GateEvent g ? g.Containers.Count : 0,
        EventField.Score => e is VideoEvent ? 1 : 0,
        EventField.Confidence => e is AnprEvent ? 1 : 0,
        _ => Text(e, field, 0) is null ? 0 : 1,
    };

    /// <summary>The <paramref name="index"/>-th value of a text field, or null when there is none.</summary>
    public static string? Text(BarrierEvent e, EventField field, int index)
    {
        switch (field)
        {
            case EventField.Kind: return index == 0 ? KindName(e.Kind) : null;
            case EventField.Mainport: return index == 0 ? e.Mainport : null;
            case EventField.Source: return index == 0 ? e.Source : null;
            case EventField.Site: return index == 0 ? e.Site : null;
            case EventField.Id: return index == 0 ? e.Id : null;
            case EventField.Plate:
                return e switch
                {
                    AnprEvent a => index < a.Candidates.Count ? a.Candidates[index].Plate : null,
                    GateEvent g => index == 0 ? g.Plate : null,
                    _ => null,
                };
            case EventField.PlateBest:
                return index != 0 ? null : e switch
                {
                    AnprEvent a => a.Plate,
                    GateEvent g => g.Plate,
                    _ => null,
                };
            case EventField.Zones when e is VideoEvent v:
                return index < v.Zones.Count ? v.Zones[index] : null;
            case EventField.Containers:
                return e is GateEvent g2 && index < g2.Containers.Count ? g2.Containers[index] : null;
            default:
                break;
        }

        if (index != 0)
        {
            return null;
        }

        return e switch
        {
            AccessEvent a => field switch
            {
                EventField.Pass => a.Pass,
                EventField.Reader => a.Reader,
                EventField.Zone or EventField.Zones => a.Zone,
                EventField.Granted => a.Granted ? "true" : "false",
                EventField.Reason => a.Reason,
                EventField.Method => a.Method == AccessMethod.Badge ? "badge" : "biometric",
                _ => null,
            },
            AnprEvent n => field switch
            {
                EventField.Camera => n.Camera,
                EventField.Direction => DirectionName(n.Direction),
                EventField.Country => n.Country,
                _ => null,
            },
            VideoEvent v => field switch
            {
                EventField.Camera => v.Camera,
                EventField.Label => v.Label switch
                {
                    VideoLabel.Person => "person",
                    VideoLabel.Vehicle => "vehicle",
                    VideoLabel.Boat => "boat",
                    _ => "drone",
                },
                EventField.Phase => v.Phase switch
                {
                    VideoPhase.Start => "start",
                    VideoPhase.Update => "update",
                    _ => "end",
                },
                EventField.Track => v.Track,
                _ => null,
            },
            FenceEvent f => field switch
            {
                EventField.Sensor => f.Sensor,
                EventField.Zone or EventField.Zones => f.Zone,
                EventField.Alarm => f.Alarm switch
                {
                    FenceAlarm.Cut => "cut",
                    FenceAlarm.Climb => "climb",
                    FenceAlarm.Tamper => "tamper",
                    _ => "fault",
                },
                _ => null,
            },
            GateEvent g => field switch
            {
                EventField.Gate => g.Gate,
                EventField.Direction => DirectionName(g.Direction),
                EventField.CarrierEan => g.CarrierEan,
                EventField.DriverCard => g.DriverCard,
                EventField.Visit => g.Visit,
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>The number a numeric field holds (score of a video event, best confidence of an ANPR read), or null.</summary>
    public static double? Number(BarrierEvent e, EventField field) => (field, e) switch
    {
        (EventField.Score, VideoEvent v) => v.Score,
        (EventField.Confidence, AnprEvent a) => a.Candidates[0].Confidence,
        _ => null,
    };

    /// <summary>The name of a kind as events and rules write it.</summary>
    public static string KindName(EventKind kind) => kind switch
    {
        EventKind.Access => "access",
        EventKind.Anpr => "anpr",
        EventKind.Video => "video",
        EventKind.Fence => "fence",
        _ => "gate",
    };

    private static string DirectionName(Direction d) => d switch
    {
        Direction.In => "in",
        Direction.Out => "out",
        _ => "unknown",
    };
}
