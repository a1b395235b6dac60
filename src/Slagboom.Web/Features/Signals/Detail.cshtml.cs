using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Signals;
using Slagboom.Domain.Identifiers;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

/// <summary>
/// One signal as the user's organisation receives it. Personal data received in clear stays masked until the user
/// states a purpose, which the service logs with the opening. The owner organisation edits, previews the audience of
/// a draft and publishes it here.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class DetailModel(SignalService signals, AppDbContext db, Texts texts) : PageModel
{
    public const string MessageKey = "signal.saved";
    public const string WarningKey = "signal.warnings";

    /// <summary>The audit trail keeps purposes up to this length.</summary>
    public const int MaxPurposeLength = 400;

    public SignalView Signal { get; private set; } = null!;
    public bool IsOwner { get; private set; }
    public bool Revealed { get; private set; }
    public string? Purpose { get; private set; }
    public string? PurposeError { get; private set; }
    public IReadOnlyList<AudienceMember> Audience { get; private set; } = [];
    public string OwnerName { get; private set; } = "";
    public string MainportName { get; private set; } = "";
    public string? GroupName { get; private set; }
    public string? ProcessStepName { get; private set; }
    public IReadOnlyDictionary<string, string> ModusOperandiNames { get; private set; } = new Dictionary<string, string>();
    public string? Message { get; private set; }
    public string? Warning { get; private set; }

    /// <summary>True for a personal-data value this viewer receives in clear but has not asked to see yet.</summary>
    public bool Masks(ObservableView observable) => !Signal.Restricted && !Revealed && IdentifierChecker.IsPersonalData(observable.Type);

    public bool HasMaskedValues => Signal.Observables.Any(Masks);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Message = TempData[MessageKey] as string;
        Warning = TempData[WarningKey] as string;
        return await LoadAsync(id, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevealAsync(string id, string? purpose, CancellationToken cancellationToken)
    {
        Purpose = purpose?.Trim();
        if (string.IsNullOrEmpty(Purpose) || Purpose.Length > MaxPurposeLength)
        {
            PurposeError = texts["signal.purposeRequired"];
            return await LoadAsync(id, null, cancellationToken);
        }

        Revealed = true;
        return await LoadAsync(id, Purpose, cancellationToken);
    }

    public async Task<IActionResult> OnPostPublishAsync(string id, CancellationToken cancellationToken)
    {
        var published = await signals.PublishAsync(User.ToActor(), id, cancellationToken);
        if (!published.Ok)
        {
            return NotFound();
        }

        TempData[MessageKey] = texts["signal.published"];
        return Redirect($"/signals/{Uri.EscapeDataString(published.Value!.Id)}");
    }

    private async Task<IActionResult> LoadAsync(string id, string? purpose, CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        var found = await signals.GetAsync(actor, id, purpose, cancellationToken);
        if (!found.Ok)
        {
            return NotFound();
        }

        Signal = found.Value!;
        IsOwner = Signal.OwnerOrganisationId == actor.OrganisationId;
        if (IsOwner && Signal.Status == "draft")
        {
            var audience = await signals.AudienceAsync(actor, Signal.Id, cancellationToken);
            Audience = audience.Ok ? audience.Value! : [];
        }

        OwnerName = await db.Organisations.AsNoTracking().Where(o => o.Id == Signal.OwnerOrganisationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
        var mainport = await db.Mainports.AsNoTracking().FirstOrDefaultAsync(m => m.Code == Signal.Mainport, cancellationToken);
        MainportName = mainport is null ? Signal.Mainport : $"{texts.Pick(mainport.NameNl, mainport.NameEn)} ({mainport.Code})";
        if (Signal.Distribution.GroupId is { } groupId)
        {
            GroupName = await db.SharingGroups.AsNoTracking().Where(g => g.Id == groupId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken);
        }

        if (Signal.ProcessStep is { } number)
        {
            // The steps of the airport chain where the signal is about an airport, else those of the port chain.
            var chain = mainport?.Type == "airport" ? "airport" : "port";
            var step = await db.ProcessSteps.AsNoTracking().FirstOrDefaultAsync(s => s.Chain == chain && s.Number == number, cancellationToken);
            ProcessStepName = step is null ? $"{number}" : $"{number} – {texts.Pick(step.NameNl, step.NameEn)}";
        }

        var codes = Signal.ModusOperandi.ToList();
        ModusOperandiNames = await db.ModusOperandi.AsNoTracking().Where(m => codes.Contains(m.Code))
            .ToDictionaryAsync(m => m.Code, m => texts.Pick(m.NameNl, m.NameEn), cancellationToken);
        return Page();
    }
}
