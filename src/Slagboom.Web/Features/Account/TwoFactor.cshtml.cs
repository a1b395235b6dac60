using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using Slagboom.Core.Accounts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Account;

/// <summary>
/// Enrolment of a TOTP authenticator (QR code and key), recovery codes shown once. Reachable for a user who still
/// has to enrol; everything else is closed to them until they have.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TwoFactorModel(UserManager<User> users, SignInManager<User> signIn, Texts texts) : PageModel
{
    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public string? SharedKey { get; private set; }
    public string? QrPng { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostEnableAsync(string? code)
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        var cleaned = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, cleaned))
        {
            Error = texts["twofactor.wrongCode"];
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!];
        // The session now counts as signed in with a second factor.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SlagboomClaims.AuthenticationMethod, "mfa")]);
        Enabled = true;
        Message = texts["twofactor.enabled"];
        return Page();
    }

    public async Task<IActionResult> OnPostNewRecoveryCodesAsync()
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        if (!user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }

        RecoveryCodes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!];
        return Page();
    }

    private async Task<User?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }

        Enabled = user.TwoFactorEnabled;
        Required = User.HasClaim(SlagboomClaims.SecondFactorRequired, "true");
        if (!Enabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                // The reset changes the security stamp; renew this session's cookie so it stays valid.
                await signIn.RefreshSignInAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }

            SharedKey = string.Join(' ', key!.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
            var uri = $"otpauth://totp/Slagboom:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=Slagboom&digits=6";
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
            QrPng = Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        }

        return user;
    }
}
