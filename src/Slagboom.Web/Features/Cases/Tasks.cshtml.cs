using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Cases;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>"Mijn taken": the tasks given to the user's organisation, those still to do first.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class TasksModel(CaseService cases) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tasks = await cases.MyTasksAsync(User.ToActor(), !All, cancellationToken);
}
