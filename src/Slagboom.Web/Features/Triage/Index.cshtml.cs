using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Triage;
using Slagboom.Domain.Mainports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Triage;

/// <summary>The triage inbox: everything new from every channel, newest first, filtered by mainport, channel, priority and state.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class IndexModel(TriageService triage, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Mainport { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Priority { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public IReadOnlyList<InboxItem> Items { get; private set; } = [];
    public string? Error { get; private set; }
    public static IReadOnlyList<string> Mainports => MainportCode.All;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var listed = await triage.ListAsync(User.ToActor(), new InboxFilter(Mainport, Channel, Priority, string.IsNullOrWhiteSpace(State) ? InboxState.Open : State), 200, cancellationToken);
        if (listed.Ok)
        {
            Items = listed.Value!;
        }
        else
        {
            Error = texts["triage.badFilter"];
        }
    }

    /// <summary>An age as people say it: minutes, hours or days.</summary>
    public static string Age(Texts t, long seconds) => seconds switch
    {
        < 3600 => t.Format("triage.ageMinutes", Math.Max(0, seconds / 60)),
        < 2 * 86400 => t.Format("triage.ageHours", seconds / 3600),
        _ => t.Format("triage.ageDays", seconds / 86400),
    };
}
