using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Account;

/// <summary>Sign-in with e-mail and password; a second factor follows where the account has or needs one.</summary>
[AllowAnonymous]
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class LoginModel(SignInManager<User> signIn, AuditTrail audit, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    public void OnGet(bool reset = false, bool setup = false)
    {
        if (reset)
        {
            Message = texts["login.afterReset"];
        }
        else if (setup)
        {
            Message = texts["login.afterSetup"];
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = texts["login.missing"];
            return Page();
        }

        var email = Email.Trim().ToLowerInvariant();
        var result = await signIn.PasswordSignInAsync(email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginTwoFactor", new { returnUrl = SafeReturnUrl() });
        }

        var user = await signIn.UserManager.FindByEmailAsync(email);
        var outcome = result.Succeeded ? AuditOutcome.Ok : result.IsLockedOut ? AuditOutcome.Refused : AuditOutcome.Failed;
        await audit.AppendAsync(new AuditEvent("sign-in", $"user:{email}", outcome, user?.Id, user?.OrganisationId));
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl());
        }

        // One message for a wrong e-mail, a wrong password and a locked account: nothing to learn from it.
        Error = result.IsLockedOut ? texts["login.locked"] : texts["login.failed"];
        return Page();
    }

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
