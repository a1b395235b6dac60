using System.Text;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Events;

/// <summary>One raw event as received: its position in the batch (API index, file line) and its JSON.</summary>
public readonly record struct RawEvent(int Index, ReadOnlyMemory<byte> Json);

/// <summary>A refused event of a batch: its index and why.</summary>
public sealed record EventError(int Index, string Message);

/// <summary>What became of a batch (CONTRACT.md §6's answer).</summary>
public sealed record IngestOutcome(int Accepted, int Rejected, IReadOnlyList<EventError> Errors);

/// <summary>Who sends a batch, and so which mainports its events may name.</summary>
/// <param name="Channel">One of <see cref="EventChannels"/>.</param>
/// <param name="Origin">Where on the channel (topic, file, organisation); kept with dead letters.</param>
/// <param name="Mainports">The mainports its events may name; null for any (the operator, a configured broker).</param>
/// <param name="Actor">The user behind it, for the audit trail; null for the server's own subscriptions.</param>
/// <param name="Kind">The one kind its events must be (an MQTT topic per kind); null for any.</param>
public sealed record EventSender(string Channel, string? Origin, IReadOnlySet<string>? Mainports, Actor? Actor, EventKind? Kind = null);

/// <summary>Told about every batch of stored events (the rules engine listens here).</summary>
public interface IEventListener
{
    ValueTask OnStoredAsync(IReadOnlyList<BarrierEvent> events, CancellationToken cancellationToken);
}

/// <summary>
/// The one ingestion path for the API, MQTT and replay: every event is parsed and checked by
/// <see cref="EventParser"/>, its mainport checked against the sender's, given an id when it has none, and stored
/// with its keys; a refused event goes to the dead-letter store with its reason. Good events of a batch are kept
/// whatever the others are. Stored events are then handed to the <see cref="IEventListener"/>s.
/// </summary>
public sealed class EventIngestion(AppDbContext db, AuditTrail audit, Viewers viewers, TimeProvider clock, IEnumerable<IEventListener> listeners)
{
    public const string IngestAction = "events.ingest";

    /// <summary>Rows per INSERT round (the change tracker is cleared between rounds).</summary>
    public const int InsertChunk = 1000;

    private readonly EventParser _parser = new();

    /// <summary>The sender for a user: members and analysts, for the mainports of their organisation.</summary>
    public async Task<Result<EventSender>> SenderForAsync(Actor actor, string channel, CancellationToken cancellationToken = default)
    {
        if (actor.IsOperator)
        {
            return new EventSender(channel, "operator", null, null);
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent)
        {
            return new Forbidden("Only members and analysts send events.");
        }

        return new EventSender(channel, $"organisation:{viewer.OrganisationId}", viewer.Mainports.ToHashSet(StringComparer.Ordinal), actor);
    }

    public async Task<IngestOutcome> IngestAsync(EventSender sender, IReadOnlyList<RawEvent> batch, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var accepted = new List<BarrierEvent>(batch.Count);
        var rows = new List<StoredEvent>(batch.Count);
        var errors = new List<EventError>();
        var dead = new List<DeadLetter>();
        foreach (var raw in batch)
        {
            var parsed = _parser.Parse(raw.Json.Span);
            var problem = parsed.Error;
            if (parsed.Event is { } e && sender.Mainports is { } allowed && !allowed.Contains(e.Mainport))
            {
                problem = $"mainport: {e.Mainport} is not a mainport of the sender's organisation";
            }
            else if (parsed.Event is { } k && sender.Kind is { } kind && k.Kind != kind)
            {
                problem = $"kind: {sender.Origin} carries {EventJson.Word(kind)} events, not {EventJson.Word(k.Kind)}";
            }

            if (problem is not null)
            {
                errors.Add(new EventError(raw.Index, problem));
                dead.Add(Dead(sender, raw, problem, now));
                continue;
            }

            var good = parsed.Event!.Id is null ? parsed.Event with { Id = Ids.New() } : parsed.Event;
            accepted.Add(good);
            rows.Add(ToRow(good, now));
        }

        await StoreAsync(sender, rows, dead, cancellationToken);
        if (accepted.Count > 0)
        {
            foreach (var listener in listeners)
            {
                await listener.OnStoredAsync(accepted, cancellationToken);
            }
        }

        return new IngestOutcome(accepted.Count, errors.Count, errors);
    }

    /// <summary>Keeps a message that never became a raw event (an MQTT payload that could not be mapped).</summary>
    public async Task DeadLetterAsync(EventSender sender, ReadOnlyMemory<byte> payload, string reason, CancellationToken cancellationToken = default)
    {
        var letter = Dead(sender, new RawEvent(0, payload), reason, clock.GetUtcNow().UtcDateTime);
        letter.Position = null;
        db.EventDeadLetters.Add(letter);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task StoreAsync(EventSender sender, List<StoredEvent> rows, List<DeadLetter> dead, CancellationToken cancellationToken)
    {
        var tracking = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
            for (var i = 0; i < rows.Count; i += InsertChunk)
            {
                db.Events.AddRange(rows.Skip(i).Take(InsertChunk));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            if (dead.Count > 0)
            {
                db.EventDeadLetters.AddRange(dead);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            // A person's batch is accountable; the server's own subscriptions are not audited per message.
            if (sender.Actor is { } actor && (rows.Count > 0 || dead.Count > 0))
            {
                await audit.AppendAsync(new AuditEvent(IngestAction, $"events:{sender.Channel}",
                    dead.Count == 0 ? AuditOutcome.Ok : rows.Count == 0 ? AuditOutcome.Refused : AuditOutcome.Ok,
                    actor.UserId, actor.OrganisationId, Purpose: $"accepted {rows.Count}, rejected {dead.Count}"), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = tracking;
        }
    }

    private static DeadLetter Dead(EventSender sender, RawEvent raw, string reason, DateTime now)
    {
        var text = Encoding.UTF8.GetString(raw.Json.Span);
        var truncated = text.Length > DeadLetter.MaxPayloadChars;
        return new DeadLetter
        {
            ReceivedAt = now,
            Channel = sender.Channel,
            Origin = sender.Origin is { Length: > 300 } o ? o[..300] : sender.Origin,
            Position = raw.Index,
            Reason = reason.Length > DeadLetter.MaxReasonChars ? reason[..DeadLetter.MaxReasonChars] : reason,
            Payload = truncated ? text[..DeadLetter.MaxPayloadChars] : text,
            Truncated = truncated,
        };
    }

    /// <summary>The row and its keys for an event.</summary>
    public static StoredEvent ToRow(BarrierEvent e, DateTime receivedAt)
    {
        var row = new StoredEvent
        {
            EventId = e.Id!,
            Kind = e.Kind,
            Time = e.Time.UtcDateTime,
            ReceivedAt = receivedAt,
            Mainport = e.Mainport,
            Source = e.Source,
            Site = e.Site,
            Payload = EventJson.Payload(e),
        };
        void Key(string type, string? value)
        {
            if (value is not null && !row.Keys.Exists(k => k.Type == type && k.Value == value))
            {
                row.Keys.Add(new EventKey { Type = type, Value = value });
            }
        }

        switch (e)
        {
            case AccessEvent a:
                Key(EventKeyTypes.Pass, a.Pass);
                break;
            case AnprEvent n:
                // Every candidate: a watch-listed plate read as the second guess is still found.
                foreach (var c in n.Candidates)
                {
                    Key(EventKeyTypes.Plate, c.Plate);
                }

                break;
            case VideoEvent v:
                Key(EventKeyTypes.Track, v.Track);
                break;
            case GateEvent g:
                foreach (var c in g.Containers)
                {
                    Key(EventKeyTypes.Container, c);
                }

                Key(EventKeyTypes.Plate, g.Plate);
                Key(EventKeyTypes.DriverCard, g.DriverCard);
                Key(EventKeyTypes.Carrier, g.CarrierEan);
                Key(EventKeyTypes.Visit, g.Visit);
                break;
        }

        return row;
    }
}
