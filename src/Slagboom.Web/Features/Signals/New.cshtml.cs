using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

/// <summary>Writes a new signal; it is saved as a draft of the author's organisation and published from its page.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class NewModel(SignalService signals, AppDbContext db, SharingGroups groups, Texts texts) : SignalFormPage(db, groups, texts)
{
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // An organisation in one mainport writes about that mainport; others choose.
        var organisation = User.ToActor().OrganisationId;
        var mainports = await Db.OrganisationMainports.AsNoTracking().Where(m => m.OrganisationId == organisation)
            .Select(m => m.MainportCode).OrderBy(c => c).Take(2).ToListAsync(cancellationToken);
        Form = SignalForm.Blank(mainports.Count == 1 ? mainports[0] : null);
        await LoadChoicesAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostAsync(SignalForm form, CancellationToken cancellationToken) =>
        SaveAsync(form, input => signals.CreateAsync(User.ToActor(), input, cancellationToken), "signalform.created", cancellationToken);
}
