using Microsoft.AspNetCore.Localization;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// <c>/taal?lang=en&amp;returnUrl=/…</c>: remembers the language in a first-party cookie (a preference, not a
/// tracker) and goes back to a local page. Dutch is the default.
/// </summary>
public static class CultureSwitch
{
    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/taal", (string? lang, string? returnUrl, HttpContext context) =>
        {
            var culture = lang == "en" ? "en" : "nl";
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.MaxValue, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
                && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
}
