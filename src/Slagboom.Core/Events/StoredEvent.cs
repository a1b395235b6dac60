using Microsoft.EntityFrameworkCore;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Events;

/// <summary>
/// One stored barrier event. The common fields are columns (for time, mainport, kind and site queries and for
/// retention); the kind's own fields are the compact JSON in <see cref="Payload"/>, written by
/// <see cref="EventJson"/> and read back through the same <see cref="EventParser"/> that checked it on arrival.
/// Identifiers that rules and lookups search by (passes, plates, containers, driver cards, carriers, visits) are
/// indexed through <see cref="EventKey"/> rows.
/// </summary>
public sealed class StoredEvent
{
    /// <summary>Database number, in arrival order.</summary>
    public long Id { get; set; }

    /// <summary>The event's id: the source's, or one assigned at ingestion. Alerts name events by it.</summary>
    public string EventId { get; set; } = "";

    public EventKind Kind { get; set; }

    /// <summary>When it happened at the source (UTC).</summary>
    public DateTime Time { get; set; }

    /// <summary>When Slagboom stored it (UTC).</summary>
    public DateTime ReceivedAt { get; set; }

    public string Mainport { get; set; } = "";

    public string Source { get; set; } = "";

    public string? Site { get; set; }

    /// <summary>The kind's own fields as one JSON object (without the common fields).</summary>
    public string Payload { get; set; } = "";

    public List<EventKey> Keys { get; set; } = [];
}

/// <summary>An identifier named by a stored event, for lookups ("where was this plate seen") and rules.</summary>
public sealed class EventKey
{
    public long EventId { get; set; }

    /// <summary>One of <see cref="EventKeyTypes"/>.</summary>
    public string Type { get; set; } = "";

    /// <summary>The normalised value (plates <c>CC:CHARACTERS</c>, containers ISO 6346).</summary>
    public string Value { get; set; } = "";
}

/// <summary>The identifier types indexed for stored events.</summary>
public static class EventKeyTypes
{
    public const string Pass = "pass";
    public const string Plate = "plate";
    public const string Container = "container";
    public const string DriverCard = "xs-id";
    public const string Carrier = "ean";
    public const string Visit = "visit";
    public const string Track = "track";
}

/// <summary>An event that was refused, kept with its reason so that nothing sent to Slagboom is silently lost.</summary>
public sealed class DeadLetter
{
    /// <summary>The longest raw payload kept; longer ones are cut (and marked so).</summary>
    public const int MaxPayloadChars = 4000;

    public const int MaxReasonChars = 500;

    public long Id { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>How it came in: <see cref="EventChannels"/>.</summary>
    public string Channel { get; set; } = "";

    /// <summary>Where on that channel: the MQTT topic, the replayed file, the API caller's organisation.</summary>
    public string? Origin { get; set; }

    /// <summary>The event's position in its batch (API index, file line), when it had one.</summary>
    public int? Position { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The raw text as received, cut to <see cref="MaxPayloadChars"/>.</summary>
    public string Payload { get; set; } = "";

    public bool Truncated { get; set; }
}

/// <summary>The ways events come in.</summary>
public static class EventChannels
{
    public const string Api = "api";
    public const string Mqtt = "mqtt";
    public const string Replay = "replay";
}

/// <summary>The table layout of events, keys and dead letters (applied by <c>AppDbContext</c>).</summary>
public static class EventStorage
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<StoredEvent>(e =>
        {
            e.ToTable("Events");
            e.Property(x => x.EventId).HasMaxLength(EventParser.MaxTextBytes);
            e.Property(x => x.Kind).HasConversion<byte>();
            e.Property(x => x.Mainport).HasMaxLength(3);
            e.Property(x => x.Source).HasMaxLength(EventParser.MaxTextBytes);
            e.Property(x => x.Site).HasMaxLength(EventParser.MaxTextBytes);
            e.HasMany(x => x.Keys).WithOne().HasForeignKey(k => k.EventId).OnDelete(DeleteBehavior.Cascade);
            // The control room and the backtest read a mainport's events of a kind over a time span; retention
            // deletes per kind by time.
            e.HasIndex(x => new { x.Mainport, x.Kind, x.Time });
            e.HasIndex(x => new { x.Kind, x.Time });
            e.HasIndex(x => x.EventId);
        });
        builder.Entity<EventKey>(e =>
        {
            e.ToTable("EventKeys");
            e.HasKey(k => new { k.Type, k.Value, k.EventId });
            e.Property(k => k.Type).HasMaxLength(16);
            e.Property(k => k.Value).HasMaxLength(EventParser.MaxTextBytes);
            e.HasIndex(k => k.EventId);
        });
        builder.Entity<DeadLetter>(e =>
        {
            e.ToTable("EventDeadLetters");
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.Origin).HasMaxLength(300);
            e.Property(x => x.Reason).HasMaxLength(DeadLetter.MaxReasonChars);
            e.Property(x => x.Payload).HasMaxLength(DeadLetter.MaxPayloadChars);
            e.HasIndex(x => x.ReceivedAt);
        });
    }
}
