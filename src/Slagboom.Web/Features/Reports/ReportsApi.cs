using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Core.Signals;
using Slagboom.Domain.Accounts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>
/// The anonymous channel of CONTRACT.md §4 (no account; the receipt in the <c>X-Receipt</c> header, never in a URL)
/// and the receiving analysts' API over the same reports.
/// </summary>
public static class ReportsApi
{
    public const string ReceiptHeader = "X-Receipt";

    public sealed record MessageInput(string? Text);

    public sealed record StatusInput(string? Status);

    public static void MapReports(this IEndpointRouteBuilder api)
    {
        var anonymous = api.MapGroup("/anonymous/reports").WithTags("anonymous reports").AllowAnonymous();
        anonymous.MapPost("/", Submit).RequireRateLimiting(SubmissionRateLimit.Name)
            .WithSummary("Sends an anonymous report; 201 with the receipt, shown once. Also when no receiving organisation is configured yet (the report waits).");
        anonymous.MapGet("/current", Current).WithSummary("The report the X-Receipt header opens: text, status, messages. 404 for any receipt that opens nothing; 429 with Retry-After after too many misses.");
        anonymous.MapPost("/current/messages", Reply).WithSummary("The reporter writes to the analysts (X-Receipt header).");
        anonymous.MapPost("/current/receipt", Replace).WithSummary("Replaces the receipt (X-Receipt header); the old one stops working. 201 with the new receipt.");

        var received = api.MapGroup("/reports").WithTags("reports").RequireAuthorization(Policies.SignedIn);
        received.MapGet("/", List).WithSummary("Reports the caller's organisation receives (analysts of receiving organisations), without content.");
        received.MapGet("/{id}", Read).WithSummary("One report with its content and messages; the read is logged with the token's purpose. 404 for anyone but the receiving analysts.");
        received.MapPost("/{id}/messages", Ask).WithSummary("The analyst writes to the reporter.");
        received.MapPut("/{id}/status", SetStatus).WithSummary("Sets the status: received, being-handled or closed.");
        received.MapPost("/{id}/signal", ToSignal).WithSummary("Makes a draft signal of the caller's organisation from the body (a signal body) and links the report to it.");

        var staff = api.MapGroup("/staff-reports").WithTags("reports").RequireAuthorization(Policies.Content);
        staff.MapPost("/", SubmitStaff).WithSummary("A member or analyst reports; it goes to the receiving organisations of the mainport with the reporter's identity.");
        staff.MapGet("/mine", Mine).WithSummary("The caller's own staff reports with their status.");
    }

    public static async Task<IResult> Submit(AnonymousReportInput input, ReportService reports, CancellationToken cancellationToken)
    {
        var made = await reports.SubmitAnonymousAsync(input, null, cancellationToken);
        return made.Ok ? TypedResults.Created((string?)null, new { receipt = made.Value }) : made.Error!.ToProblem();
    }

    public static Task<IResult> Current([FromHeader(Name = ReceiptHeader)] string? receipt, HttpContext context, ReportService reports, ReceiptGuard guard, CancellationToken cancellationToken) =>
        Guarded(context, guard, async () =>
        {
            var opened = await reports.OpenAsync(receipt, cancellationToken);
            return (opened.Error, opened.Ok ? TypedResults.Ok(opened.Value) : null);
        });

    public static Task<IResult> Reply([FromHeader(Name = ReceiptHeader)] string? receipt, MessageInput input, HttpContext context, ReportService reports, ReceiptGuard guard, CancellationToken cancellationToken) =>
        Guarded(context, guard, async () =>
        {
            var replied = await reports.ReplyAsync(receipt, input.Text, cancellationToken);
            return (replied.Error, replied.Ok ? TypedResults.Created() : null);
        });

    public static Task<IResult> Replace([FromHeader(Name = ReceiptHeader)] string? receipt, HttpContext context, ReportService reports, ReceiptGuard guard, CancellationToken cancellationToken) =>
        Guarded(context, guard, async () =>
        {
            var replaced = await reports.ReplaceReceiptAsync(receipt, cancellationToken);
            return (replaced.Error, replaced.Ok ? TypedResults.Created((string?)null, new { receipt = replaced.Value }) : null);
        });

    /// <summary>429 while the client's misses are used up; a miss (not found) counts against it.</summary>
    private static async Task<IResult> Guarded(HttpContext context, ReceiptGuard guard, Func<Task<(Error? Error, IResult? Ok)>> work)
    {
        if (guard.Blocked(context) is { } wait)
        {
            context.Response.Headers.RetryAfter = RateLimitRejection.RetryAfterSeconds(wait);
            return TypedResults.Problem(statusCode: 429, title: "Too Many Requests", detail: "Too many receipts that open nothing; wait and try again.");
        }

        var (error, ok) = await work();
        if (error is NotFound)
        {
            guard.Miss(context);
            return ApiProblems.NotFoundProblem("No report opens with this receipt.");
        }

        return error is not null ? error.ToProblem() : ok!;
    }

    public static async Task<IResult> List(ClaimsPrincipal user, ReportService reports, string? status, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.ListAsync(user.ToActor(), status, cancellationToken));

    public static async Task<IResult> Read(string id, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken)
    {
        var read = await reports.ReadAsync(user.ToActor(), id, user.FindFirstValue(SlagboomClaims.Purpose) ?? "api", cancellationToken);
        return read.Ok ? TypedResults.Ok(read.Value) : read.Error!.ToProblem();
    }

    public static async Task<IResult> Ask(string id, MessageInput input, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken)
    {
        var asked = await reports.AskAsync(user.ToActor(), id, input.Text, cancellationToken);
        return asked.Ok ? TypedResults.Created((string?)null, asked.Value) : asked.Error!.ToProblem();
    }

    public static async Task<IResult> SetStatus(string id, StatusInput input, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken)
    {
        var set = await reports.SetStatusAsync(user.ToActor(), id, input.Status, cancellationToken);
        return set.Ok ? TypedResults.Ok(new { id, status = set.Value }) : set.Error!.ToProblem();
    }

    public static async Task<IResult> ToSignal(string id, SignalInput input, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken)
    {
        var made = await reports.ToSignalAsync(user.ToActor(), id, input, cancellationToken);
        return made.Ok ? TypedResults.Created($"/api/v1/signals/{made.Value!.Id}", made.Value) : made.Error!.ToProblem();
    }

    public static async Task<IResult> SubmitStaff(StaffReportInput input, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken)
    {
        var made = await reports.SubmitStaffAsync(user.ToActor(), input, cancellationToken);
        return made.Ok ? TypedResults.Created((string?)null, new { id = made.Value }) : made.Error!.ToProblem();
    }

    public static async Task<IResult> Mine(ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.MineAsync(user.ToActor(), cancellationToken));
}
