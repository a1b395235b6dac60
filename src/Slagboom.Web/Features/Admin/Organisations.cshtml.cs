using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Organisations;
using Slagboom.Core.Programme;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Admin;

/// <summary>Organisations: a platform admin sees and adds all; an org admin sees their own.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class OrganisationsModel(OrganisationAdministration organisations, ProgrammeQueries programme, Texts texts) : PageModel
{
    public List<Organisation> Organisations { get; private set; } = [];
    public List<Mainport> Mainports { get; private set; } = [];
    public bool CanAdd => User.ToActor().IsPlatformAdmin;
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? name, string? kind, string? sector, List<string>? mainports, CancellationToken cancellationToken)
    {
        var added = await organisations.AddAsync(User.ToActor(), new AddOrganisationRequest(name, kind, sector, mainports ?? []), cancellationToken: cancellationToken);
        if (added.Ok)
        {
            Message = texts.Format("orgs.added", added.Value!.Name);
        }
        else
        {
            Error = added.Error!.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Organisations = await organisations.ListAsync(User.ToActor(), cancellationToken);
        Mainports = await programme.ListAsync(cancellationToken);
    }
}
