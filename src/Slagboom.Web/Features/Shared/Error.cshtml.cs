using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Shared;

/// <summary>
/// Error answers. For API paths (and clients that ask for JSON) the answer is ProblemDetails; for people, a page.
/// Reached by re-execution from the status-code and exception middleware, never with details of the failure.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IProblemDetailsService problems, Texts texts) : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(int code) => HandleAsync(code);

    public Task<IActionResult> OnPostAsync(int code) => HandleAsync(code);

    public Task<IActionResult> OnPutAsync(int code) => HandleAsync(code);

    public Task<IActionResult> OnDeleteAsync(int code) => HandleAsync(code);

    public Task<IActionResult> OnPatchAsync(int code) => HandleAsync(code);

    private async Task<IActionResult> HandleAsync(int code)
    {
        var status = code is >= 400 and <= 599 ? code : 404;
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        var isApi = original is not null && (original.StartsWith("/api", StringComparison.Ordinal) || original.StartsWith("/taxii2", StringComparison.Ordinal));
        Response.StatusCode = status;
        if (isApi || Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = HttpContext,
                ProblemDetails = { Status = status, Title = ReasonPhrase(status) },
            });
            return new EmptyResult();
        }

        var key = status switch { 401 or 403 => "error.forbidden", 404 => "error.notFound", 429 => "error.tooMany", >= 500 => "error.server", _ => "error.bad" };
        Title = texts[key + ".title"];
        Explanation = texts[key + ".text"];
        return Page();
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
