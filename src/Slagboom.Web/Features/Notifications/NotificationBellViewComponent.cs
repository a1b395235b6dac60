using Microsoft.AspNetCore.Mvc;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Notifications;

/// <summary>The bell in the navigation: a link to the notifications with the number of unread ones.</summary>
public sealed class NotificationBellViewComponent(Core.Notifications.Notifications notifications) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View("~/Features/Notifications/_Bell.cshtml", await notifications.UnreadCountAsync(((System.Security.Claims.ClaimsPrincipal)User).ToActor(), HttpContext.RequestAborted));
}
