using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Slagboom.Core.Events;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Events;

/// <summary>
/// <c>POST /api/v1/events</c> (CONTRACT.md §6): a JSON array of events, or NDJSON with
/// <c>Content-Type: application/x-ndjson</c>. Members and analysts post for the mainports of their organisation;
/// the answer is 202 with the counts and an error per refused event, which is also kept as a dead letter.
/// </summary>
public static class EventsApi
{
    /// <summary>The largest body accepted (16 MB: some 50,000 events).</summary>
    public const long MaxBodyBytes = 16L * 1024 * 1024;

    /// <summary>The most events in one request.</summary>
    public const int MaxEvents = 50_000;

    public const string NdjsonMediaType = "application/x-ndjson";

    public sealed record Answer(int Accepted, int Rejected, IReadOnlyList<EventError> Errors);

    public static void MapEvents(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events", Post).WithTags("events").RequireAuthorization(Policies.Content)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            // Bearer clients only: sensors and integrations, not browser forms.
            .DisableAntiforgery()
            .Accepts<JsonElement>("application/json", NdjsonMediaType)
            .Produces<Answer>(StatusCodes.Status202Accepted)
            .WithSummary("Stores barrier events (a JSON array, or NDJSON with Content-Type application/x-ndjson) for the mainports of the caller's organisation; good events are kept even when others are refused (docs/events.md).");
    }

    public static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, EventIngestion ingestion, CancellationToken cancellationToken)
    {
        var sender = await ingestion.SenderForAsync(user.ToActor(), EventChannels.Api, cancellationToken);
        if (!sender.Ok)
        {
            return sender.Error!.ToProblem();
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(statusCode: 413, title: "Payload Too Large", detail: $"A request body may hold at most {MaxBodyBytes} bytes here.");
        }

        var ndjson = request.ContentType is { } type && type.StartsWith(NdjsonMediaType, StringComparison.OrdinalIgnoreCase);
        var split = ndjson ? EventBatches.SplitLines(body) : EventBatches.SplitArray(body);
        if (split.Error is not null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Bad Request", detail: split.Error);
        }

        if (split.Events.Count > MaxEvents)
        {
            return TypedResults.Problem(statusCode: 413, title: "Payload Too Large", detail: $"At most {MaxEvents} events per request; send the rest in another.");
        }

        var outcome = await ingestion.IngestAsync(sender.Value!, split.Events, cancellationToken);
        return TypedResults.Json(new Answer(outcome.Accepted, outcome.Rejected, outcome.Errors), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and <= MaxBodyBytes ? (int)request.ContentLength.Value : 64 * 1024);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(64 * 1024), cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
            {
                throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }
}
