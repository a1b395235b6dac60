using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Slagboom.Core.Accounts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Account;

/// <summary>The one-time setup link printed on first start: creates the first platform admin.</summary>
[AllowAnonymous]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class SetupModel(OneTimeLinks links, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Organisation { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public bool LinkValid { get; private set; }

    public string InvalidMessage => texts["setup.invalid"];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        LinkValid = await links.IsValidAsync(OneTimeLinks.SetupPurpose, Token, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        LinkValid = await links.IsValidAsync(OneTimeLinks.SetupPurpose, Token, cancellationToken);
        if (!LinkValid)
        {
            return Page();
        }

        if (Password != Confirm)
        {
            Error = texts["password.mismatch"];
            return Page();
        }

        var done = await links.CompleteSetupAsync(Token, new OneTimeLinks.SetupRequest(Organisation, Email, Password), cancellationToken);
        if (!done.Ok)
        {
            Error = done.Error!.Message;
            return Page();
        }

        return RedirectToPage("/Account/Login", new { setup = true });
    }
}
