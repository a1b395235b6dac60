using System.Security.Claims;
using Slagboom.Core.Errors;
using Slagboom.Core.RuleBook;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Rules;

/// <summary>
/// Stored rules and watch lists as JSON (docs/rules.md, "Stored rules"). Members and analysts of organisations in
/// the mainport read; analysts and their organisation's security officer (member and org-admin) change. Anyone
/// else gets 404. YAML errors are a validation problem whose <c>yaml</c> messages read <c>LINE:COLUMN: text</c>.
/// </summary>
public static class RulesApi
{
    public sealed record NewRule(string Mainport, string Yaml, string? Comment);

    public sealed record NewVersion(string Yaml, string? Comment);

    public sealed record Publish(int? Version);

    public sealed record Backtest(int? Version, DateTime? From, DateTime? To);

    public sealed record NewWatchlist(string Mainport, string Name, string Type, string? Description);

    public sealed record WatchlistEdit(string Name, string? Description);

    public sealed record NewEntry(string Value, string? Note, DateTime? ExpiresAt);

    public sealed record BacktestAlertView(string RuleId, string Key, DateTimeOffset Time, string? Site, IReadOnlyList<string?> EventIds);

    public sealed record BacktestView(int Version, DateTime From, DateTime To, int Events, bool Capped, int EventCap, int Alerts, IReadOnlyList<BacktestAlertView> First);

    public static void MapRules(this IEndpointRouteBuilder api)
    {
        var rules = api.MapGroup("/rules").WithTags("rules").RequireAuthorization(Policies.Content);
        rules.MapGet("/", List).WithSummary("A mainport's stored rules; 404 for a mainport outside the caller's organisation.");
        rules.MapPost("/", Create).WithSummary("A new rule (draft, version 1) from YAML; its id is the YAML id.");
        rules.MapGet("/{id}", Get).WithSummary("A rule with all its versions, newest first.");
        rules.MapPost("/{id}/versions", Save).WithSummary("Saves a new draft version; the active version keeps running.");
        rules.MapPost("/{id}/publish", PublishVersion).WithSummary("Makes a version (default the latest) the active one.");
        rules.MapPost("/{id}/retire", Retire).WithSummary("Takes the rule out of service.");
        rules.MapPost("/{id}/backtest", Run).WithSummary($"Runs a version over stored events of a period (default the last 7 days, at most {RuleBookService.BacktestEventCap} events); stores nothing.");

        var lists = api.MapGroup("/watchlists").WithTags("rules").RequireAuthorization(Policies.Content);
        lists.MapGet("/", Lists).WithSummary("A mainport's watch lists.");
        lists.MapPost("/", CreateList).WithSummary("A new watch list (plates, passes, containers, carriers).");
        lists.MapPut("/{id}", EditList).WithSummary("Renames a watch list and/or changes its description (null keeps it); 409 for a name in use in the mainport, or while active or draft rules name the list (their ids in usedBy).");
        lists.MapDelete("/{id}", DeleteList).WithSummary("Deletes a watch list with its entries; 409 while active or draft rules name it (their ids in usedBy).");
        lists.MapGet("/{id}/entries", Entries).WithSummary("A watch list's entries (the read is audited).");
        lists.MapPost("/{id}/entries", AddEntry).WithSummary("Adds a value (normalised as events are), or changes its note and expiry.");
        lists.MapDelete("/{id}/entries/{entryId:long}", RemoveEntry).WithSummary("Removes an entry.");
        lists.MapPost("/{id}/import", Import).Accepts<string>("text/csv").WithSummary("Imports CSV rows value[,note[,expires]]; bad rows come back with line and reason, good rows go in.");
    }

    private static IResult Answer<T>(Result<T> result) => result.Ok ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();

    public static async Task<IResult> List(string mainport, ClaimsPrincipal user, RuleBookService book, CancellationToken cancellationToken) =>
        Answer(await book.ListAsync(user.ToActor(), mainport.ToUpperInvariant(), cancellationToken));

    public static async Task<IResult> Create(NewRule body, ClaimsPrincipal user, RuleBookService book, CancellationToken cancellationToken)
    {
        var made = await book.CreateAsync(user.ToActor(), (body.Mainport ?? "").ToUpperInvariant(), body.Yaml ?? "", body.Comment, cancellationToken);
        return made.Ok ? TypedResults.Created($"/api/v1/rules/{Uri.EscapeDataString(made.Value!.Rule.Id)}", made.Value) : made.Error!.ToProblem();
    }

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, RuleBookService book, CancellationToken cancellationToken) =>
        Answer(await book.GetAsync(user.ToActor(), id, cancellationToken));

    public static async Task<IResult> Save(string id, NewVersion body, ClaimsPrincipal user, RuleBookService book, CancellationToken cancellationToken) =>
        Answer(await book.SaveAsync(user.ToActor(), id, body.Yaml ?? "", body.Comment, cancellationToken));

    public static async Task<IResult> PublishVersion(string id, Publish? body, ClaimsPrincipal user, RuleBookService book, CancellationToken cancellationToken) =>
        Answer(await book.PublishAsync(user.ToActor(), id, body?.Version, cancellationToken));

    public static async Task<IResult> Retire(string id, ClaimsPrincipal user, RuleBookService book, CancellationToken cancellationToken) =>
        Answer(await book.RetireAsync(user.ToActor(), id, cancellationToken));

    public static async Task<IResult> Run(string id, Backtest? body, ClaimsPrincipal user, RuleBookService book, CancellationToken cancellationToken)
    {
        var result = await book.BacktestAsync(user.ToActor(), id, body?.Version, body?.From, body?.To, cancellationToken);
        if (!result.Ok)
        {
            return result.Error!.ToProblem();
        }

        var r = result.Value!;
        return TypedResults.Ok(new BacktestView(r.Version, r.From, r.To, r.Events, r.Capped, RuleBookService.BacktestEventCap, r.Alerts,
            [.. r.First.Select(a => new BacktestAlertView(a.RuleId, a.Key, a.Time, a.Site, a.EventIds))]));
    }

    public static async Task<IResult> Lists(string mainport, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken) =>
        Answer(await lists.ListAsync(user.ToActor(), mainport.ToUpperInvariant(), cancellationToken));

    public static async Task<IResult> CreateList(NewWatchlist body, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken)
    {
        var made = await lists.CreateAsync(user.ToActor(), (body.Mainport ?? "").ToUpperInvariant(), body.Name ?? "", body.Type ?? "", body.Description, cancellationToken);
        return made.Ok ? TypedResults.Created($"/api/v1/watchlists/{made.Value!.Id}/entries", made.Value) : made.Error!.ToProblem();
    }

    public static async Task<IResult> EditList(string id, WatchlistEdit body, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken) =>
        Answer(await lists.EditAsync(user.ToActor(), id, body.Name ?? "", body.Description, cancellationToken));

    public static async Task<IResult> DeleteList(string id, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken)
    {
        var deleted = await lists.DeleteAsync(user.ToActor(), id, cancellationToken);
        return deleted.Ok ? TypedResults.NoContent() : deleted.Error!.ToProblem();
    }

    public static async Task<IResult> Entries(string id, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken) =>
        Answer(await lists.GetAsync(user.ToActor(), id, cancellationToken));

    public static async Task<IResult> AddEntry(string id, NewEntry body, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken) =>
        Answer(await lists.AddAsync(user.ToActor(), id, body.Value ?? "", body.Note, body.ExpiresAt?.ToUniversalTime(), cancellationToken));

    public static async Task<IResult> RemoveEntry(string id, long entryId, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken)
    {
        var removed = await lists.RemoveAsync(user.ToActor(), id, entryId, cancellationToken);
        return removed.Ok ? TypedResults.NoContent() : removed.Error!.ToProblem();
    }

    public static async Task<IResult> Import(string id, HttpRequest request, ClaimsPrincipal user, WatchlistService lists, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return Answer(await lists.ImportAsync(user.ToActor(), id, reader, cancellationToken));
    }
}
