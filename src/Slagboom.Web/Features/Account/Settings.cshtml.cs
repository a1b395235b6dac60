using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Accounts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Account;

/// <summary>The signed-in user's own settings: two-factor status and API tokens.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class SettingsModel(ApiTokens tokens, UserManager<User> users, TimeProvider clock, Texts texts) : PageModel
{
    public List<ApiToken> Tokens { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }
    public string? NewSecret { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(string? tokenName, string? tokenPurpose, int? tokenDays, CancellationToken cancellationToken)
    {
        var made = await tokens.CreateAsync(User.ToActor(), UserId, tokenName, tokenDays, tokenPurpose, cancellationToken);
        if (made.Ok)
        {
            NewSecret = made.Value!.Secret;
        }
        else
        {
            Error = made.Error!.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string tokenId, CancellationToken cancellationToken)
    {
        var revoked = await tokens.RevokeAsync(User.ToActor(), tokenId, cancellationToken);
        if (revoked.Ok)
        {
            Message = texts["tokens.revokedMessage"];
        }
        else
        {
            Error = revoked.Error!.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tokens = await tokens.ListAsync(UserId, cancellationToken);
        TwoFactorEnabled = (await users.FindByIdAsync(UserId))?.TwoFactorEnabled == true;
    }
}
