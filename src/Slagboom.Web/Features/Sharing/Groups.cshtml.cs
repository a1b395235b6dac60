using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Sharing;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Sharing;

/// <summary>Sharing groups of the user's organisation: list and create (any member or analyst, with any organisations).</summary>
[Authorize(Policy = Policies.Content)]
public sealed class GroupsModel(SharingGroups groups, AppDbContext db, Texts texts) : PageModel
{
    public sealed record OrganisationOption(string Id, string Name, IReadOnlyList<string> Mainports);

    public IReadOnlyList<SharingGroupView> Groups { get; private set; } = [];
    public IReadOnlyList<OrganisationOption> Organisations { get; private set; } = [];
    public string? OwnOrganisationId => User.ToActor().OrganisationId;
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> OrganisationIds { get; set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var created = await groups.CreateAsync(User.ToActor(), new CreateSharingGroupRequest(Name, OrganisationIds), cancellationToken);
        if (created.Ok)
        {
            Message = texts.Format("groups.added", created.Value!.Name);
            Name = null;
            OrganisationIds = [];
        }
        else
        {
            Error = created.Error!.Message;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Groups = await groups.ListAsync(User.ToActor(), cancellationToken);
        // Organisation names and mainports are directory information every partner may see, so that groups can be made.
        Organisations = (await db.Organisations.AsNoTracking().Include(o => o.Mainports).OrderBy(o => o.Name).ToListAsync(cancellationToken))
            .Select(o => new OrganisationOption(o.Id, o.Name, [.. o.Mainports.Select(m => m.MainportCode).Order(StringComparer.Ordinal)])).ToList();
    }
}
