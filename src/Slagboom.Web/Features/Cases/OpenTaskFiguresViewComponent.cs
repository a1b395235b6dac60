using Microsoft.AspNetCore.Mvc;
using Slagboom.Core.Cases;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Cases;

/// <summary>Open tasks on a mainport's home page, as far as the viewer may know them (see <see cref="TaskFigures"/>).</summary>
public sealed class OpenTaskFiguresViewComponent(TaskFigures figures) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string mainport)
    {
        var set = await figures.ForMainportAsync(((System.Security.Claims.ClaimsPrincipal)User).ToActor(), mainport, HttpContext.RequestAborted);
        return set is null ? Content("") : View("~/Features/Cases/_OpenTaskFigures.cshtml", set);
    }
}
