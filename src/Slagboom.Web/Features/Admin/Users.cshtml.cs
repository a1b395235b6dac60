using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Accounts;
using Slagboom.Core.Organisations;
using Slagboom.Domain.Accounts;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Admin;

/// <summary>Accounts of the organisations the admin administers: add (first password shown once), disable, reset link.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class UsersModel(UserAdministration accounts, OrganisationAdministration organisations, OneTimeLinks links, Texts texts) : PageModel
{
    public List<UserView> Users { get; private set; } = [];
    public List<Organisation> Organisations { get; private set; } = [];
    public IReadOnlyList<string> GrantableRoles => User.ToActor().IsPlatformAdmin ? Role.All : [Role.Member, Role.Analyst, Role.OrgAdmin];
    public string? Secret { get; private set; }
    public string? SecretLabel { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(string? organisationId, string? email, List<string>? roles, CancellationToken cancellationToken)
    {
        var added = await accounts.AddAsync(User.ToActor(), new AddUserRequest(organisationId, email, roles ?? []), cancellationToken: cancellationToken);
        if (added.Ok)
        {
            Secret = added.Value!.Password;
            SecretLabel = texts.Format("users.passwordShownOnce", added.Value.User.Email!);
        }
        else
        {
            Error = added.Error!.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string userId, CancellationToken cancellationToken)
    {
        var disabled = await accounts.DisableAsync(User.ToActor(), userId, cancellationToken);
        if (disabled.Ok)
        {
            Message = texts.Format("users.disabledMessage", disabled.Value!.Email!);
        }
        else
        {
            Error = disabled.Error!.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string userId, CancellationToken cancellationToken)
    {
        var made = await links.CreateResetLinkAsync(User.ToActor(), userId, cancellationToken);
        if (made.Ok)
        {
            Secret = $"{Request.Scheme}://{Request.Host}/account/reset-password?token={made.Value}";
            SecretLabel = texts["users.resetShownOnce"];
        }
        else
        {
            Error = made.Error!.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        Users = await accounts.ListAsync(actor, cancellationToken: cancellationToken);
        Organisations = await organisations.ListAsync(actor, cancellationToken);
    }
}
