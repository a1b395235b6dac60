using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Slagboom.Core.Data;
using Slagboom.Core.Sharing;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

/// <summary>Changes a signal; only its owner organisation may, and to anyone else the page does not exist.</summary>
[Authorize(Policy = Policies.Content)]
public sealed class EditModel(SignalService signals, AppDbContext db, SharingGroups groups, Texts texts) : SignalFormPage(db, groups, texts)
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        var found = await signals.GetAsync(actor, id, null, cancellationToken);
        if (!found.Ok || found.Value!.OwnerOrganisationId != actor.OrganisationId)
        {
            return NotFound();
        }

        SignalId = found.Value.Id;
        Form = SignalForm.From(found.Value);
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(string id, SignalForm form, CancellationToken cancellationToken)
    {
        SignalId = id;
        return SaveAsync(form, input => signals.UpdateAsync(User.ToActor(), id, input, cancellationToken), "signalform.updated", cancellationToken);
    }
}
