using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Notifications;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Notifications;

/// <summary>The user's notifications; opening one marks it read and goes to the task or case it points to.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(Core.Notifications.Notifications notifications) : PageModel
{
    public IReadOnlyList<NotificationView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Items = await notifications.ListAsync(User.ToActor(), cancellationToken);

    public async Task<IActionResult> OnPostOpenAsync(string? notificationId, CancellationToken cancellationToken)
    {
        var mine = (await notifications.ListAsync(User.ToActor(), cancellationToken)).FirstOrDefault(n => n.Id == notificationId);
        if (mine is null)
        {
            return NotFound();
        }

        await notifications.MarkReadAsync(User.ToActor(), mine.Id, cancellationToken);
        return Redirect(Target(mine));
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        await notifications.MarkReadAsync(User.ToActor(), null, cancellationToken);
        return Redirect("/notifications");
    }

    public static string Target(NotificationView n) => n.CaseId is not null ? $"/cases/{Uri.EscapeDataString(n.CaseId)}" : $"/tasks/{Uri.EscapeDataString(n.TaskId)}";
}
