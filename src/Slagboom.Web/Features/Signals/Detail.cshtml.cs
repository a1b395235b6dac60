using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Attachments;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Observables;
using Slagboom.Core.Signals;
using Slagboom.Domain.Identifiers;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

/// <summary>
/// One signal as the user's organisation receives it. Personal data received in clear stays masked until the user
/// states a purpose, which the service logs with the opening. The owner organisation edits, previews the audience of
/// a draft and publishes it here. Those who receive the signal in clear list and download its attachments (with a
/// purpose, as for personal data); the owner organisation also adds and deletes them, sees who opened the signal,
/// places or lifts a legal hold and deletes the signal after a confirmation step.
/// </summary>
[Authorize(Policy = Policies.Content)]
// The upload form posts files of up to 10 MB; Razor Pages declare body limits per page, not per handler.
[RequestSizeLimit(AttachmentStore.MaxBytes + (64 * 1024))]
public sealed class DetailModel(
    SignalService signals,
    AttachmentStore attachments,
    AuditQueries audits,
    LegalHolds legalHolds,
    SignalDeletion deletion,
    Correlations correlations,
    AppDbContext db,
    Texts texts) : PageModel
{
    /// <summary>Per observable, the other signals the viewer may see that name the same value.</summary>
    public IReadOnlyList<Correlation> Correlated { get; private set; } = [];

    public const string MessageKey = "signal.saved";
    public const string WarningKey = "signal.warnings";

    /// <summary>The status message for the signal list after a deletion.</summary>
    public const string DeletedKey = "signal.deleted";

    /// <summary>The audit trail keeps purposes up to this length.</summary>
    public const int MaxPurposeLength = 400;

    /// <summary>Legal holds keep reasons up to this length.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The owner sees this many of the latest openings; the audit trail holds them all.</summary>
    public const int MaxOpeningsShown = 100;

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
    public string? Error { get; private set; }

    /// <summary>Empty for a viewer who does not receive the signal in clear (the store lists nothing for them).</summary>
    public IReadOnlyList<AttachmentView> Attachments { get; private set; } = [];
    public string? FileError { get; private set; }

    /// <summary>The attachment whose download waits for a purpose (the first step of a download); null otherwise.</summary>
    public AttachmentView? DownloadAttachment { get; private set; }
    public string? DownloadPurpose { get; private set; }
    public string? DownloadPurposeError { get; private set; }

    /// <summary>The latest openings of the signal (owner only), at most <see cref="MaxOpeningsShown"/>; <see cref="OpeningsTotal"/> counts all.</summary>
    public IReadOnlyList<SignalOpening> Openings { get; private set; } = [];
    public int OpeningsTotal { get; private set; }

    public bool LegalHold { get; private set; }
    public string? HoldReason { get; private set; }
    public string? HoldReasonError { get; private set; }

    /// <summary>True on the confirmation step of deleting the signal.</summary>
    public bool ConfirmingDelete { get; private set; }

    /// <summary>The download link of an attachment: straight to the file when the user gave a purpose on this page, else to the purpose step.</summary>
    public string DownloadUrl(AttachmentView attachment)
    {
        var url = $"/signals/{Uri.EscapeDataString(Signal.Id)}?handler=Download&attachmentId={Uri.EscapeDataString(attachment.Id)}";
        return Revealed && !string.IsNullOrEmpty(Purpose) ? $"{url}&purpose={Uri.EscapeDataString(Purpose)}" : url + "#download";
    }

    /// <summary>True for a personal-data value this viewer receives in clear but has not asked to see yet.</summary>
    public bool Masks(ObservableView observable) => !Signal.Restricted && !Revealed && IdentifierChecker.IsPersonalData(observable.Type);

    public bool HasMaskedValues => Signal.Observables.Any(Masks);

    /// <summary>The link graph from this signal; personal-data values stay masked until the user gave a purpose here.</summary>
    public Graph.LinkGraphView GraphView => new(
        Revealed ? Graph.GraphApi.Build(Signal, Correlated) : Graph.GraphApi.Mask(Graph.GraphApi.Build(Signal, Correlated)),
        $"/api/v1/signals/{Uri.EscapeDataString(Signal.Id)}/graph" + (Revealed ? "" : "?mask=personal"),
        texts["graph.leadSignal"],
        "signal-" + Signal.Id);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Message = TempData[MessageKey] as string;
        Warning = TempData[WarningKey] as string;
        return await PageAsync(id, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevealAsync(string id, string? purpose, CancellationToken cancellationToken)
    {
        Purpose = purpose?.Trim();
        if (string.IsNullOrEmpty(Purpose) || Purpose.Length > MaxPurposeLength)
        {
            PurposeError = texts["signal.purposeRequired"];
            return await PageAsync(id, null, cancellationToken);
        }

        Revealed = true;
        return await PageAsync(id, Purpose, cancellationToken);
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

    /// <summary>
    /// An attachment as a file. Without a purpose this is the first step: the page asks for one, as it does before
    /// showing personal data. The download is logged with the purpose; anyone who may not open it gets 404.
    /// </summary>
    public async Task<IActionResult> OnGetDownloadAsync(string id, string? attachmentId, string? purpose, CancellationToken cancellationToken)
    {
        var given = purpose?.Trim();
        if (string.IsNullOrEmpty(given) || given.Length > MaxPurposeLength)
        {
            if (!await LoadAsync(id, null, cancellationToken))
            {
                return NotFound();
            }

            DownloadAttachment = Attachments.FirstOrDefault(a => a.Id == attachmentId);
            if (DownloadAttachment is null)
            {
                return NotFound();
            }

            DownloadPurpose = purpose;
            DownloadPurposeError = Request.Query.ContainsKey("purpose") ? texts["signaldetail.downloadPurposeRequired"] : null;
            return Page();
        }

        var opened = await attachments.OpenAsync(User.ToActor(), id, attachmentId ?? "", given, cancellationToken);
        if (!opened.Ok)
        {
            return NotFound();
        }

        var file = opened.Value!;
        return File(file.Bytes, file.Attachment.ContentType, file.Attachment.FileName);
    }

    public async Task<IActionResult> OnPostUploadAsync(string id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            FileError = texts["signaldetail.fileMissing"];
            return await PageAsync(id, null, cancellationToken);
        }

        Result<AttachmentView> added;
        await using (var content = file.OpenReadStream())
        {
            added = await attachments.AddAsync(User.ToActor(), id, file.FileName, content, cancellationToken);
        }

        switch (added.Error)
        {
            case null:
                TempData[MessageKey] = texts.Format("signaldetail.fileAddedMessage", added.Value!.FileName);
                return Redirect(SignalUrl(id) + "#attachments");
            case Slagboom.Core.Errors.NotFound:
                return NotFound();
            case Conflict:
                FileError = texts.Format("signaldetail.tooManyFiles", AttachmentStore.MaxPerSignal);
                break;
            case Invalid:
                // The store says what is wrong in English; the page knows the size, and otherwise it is the type.
                FileError = file.Length == 0 ? texts["signaldetail.fileEmpty"]
                    : file.Length > AttachmentStore.MaxBytes ? texts["signaldetail.fileTooLarge"]
                    : texts["signaldetail.fileType.invalid"];
                break;
            default:
                FileError = added.Error.Message;
                break;
        }

        return await PageAsync(id, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAttachmentAsync(string id, string? attachmentId, CancellationToken cancellationToken)
    {
        var deleted = await attachments.DeleteAsync(User.ToActor(), id, attachmentId ?? "", cancellationToken);
        if (!deleted.Ok)
        {
            return NotFound();
        }

        TempData[MessageKey] = texts.Format("signaldetail.fileDeleted", deleted.Value!.FileName);
        return Redirect(SignalUrl(id) + "#attachments");
    }

    public async Task<IActionResult> OnPostLegalHoldAsync(string id, bool hold, string? reason, CancellationToken cancellationToken)
    {
        HoldReason = reason?.Trim();
        if (string.IsNullOrEmpty(HoldReason) || HoldReason.Length > MaxReasonLength)
        {
            HoldReasonError = texts["signaldetail.legalHoldReasonRequired"];
            return await PageAsync(id, null, cancellationToken);
        }

        var set = await legalHolds.SetAsync(User.ToActor(), id, hold, HoldReason, cancellationToken);
        switch (set.Error)
        {
            case null:
                TempData[MessageKey] = set.Value ? texts["signaldetail.holdPlaced"] : texts["signaldetail.holdLifted"];
                return Redirect(SignalUrl(id) + "#legal-hold");
            case Invalid:
                HoldReasonError = texts["signaldetail.legalHoldReasonRequired"];
                return await PageAsync(id, null, cancellationToken);
            default:
                return NotFound();
        }
    }

    /// <summary>The first step of deleting the signal: the page asks to confirm.</summary>
    public async Task<IActionResult> OnGetDeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, null, cancellationToken) || !IsOwner)
        {
            return NotFound();
        }

        ConfirmingDelete = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await deletion.DeleteAsync(User.ToActor(), id, cancellationToken);
        switch (deleted.Error)
        {
            case null:
                TempData[DeletedKey] = texts["signaldetail.deleted"];
                return Redirect("/signals");
            case Conflict:
                Error = texts["signaldetail.deleteRefused"];
                return await PageAsync(id, null, cancellationToken);
            default:
                return NotFound();
        }
    }

    private static string SignalUrl(string id) => $"/signals/{Uri.EscapeDataString(id)}";

    private async Task<IActionResult> PageAsync(string id, string? purpose, CancellationToken cancellationToken) =>
        await LoadAsync(id, purpose, cancellationToken) ? Page() : NotFound();

    /// <summary>Loads the signal as this viewer receives it (the read is audited with <paramref name="purpose"/>); false when they may not see it.</summary>
    private async Task<bool> LoadAsync(string id, string? purpose, CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        var found = await signals.GetAsync(actor, id, purpose, cancellationToken);
        if (!found.Ok)
        {
            return false;
        }

        Signal = found.Value!;
        IsOwner = Signal.OwnerOrganisationId == actor.OrganisationId;
        var correlated = await correlations.ForSignalAsync(actor, Signal.Id, cancellationToken);
        Correlated = correlated.Ok ? correlated.Value! : [];
        if (IsOwner && Signal.Status == "draft")
        {
            var audience = await signals.AudienceAsync(actor, Signal.Id, cancellationToken);
            Audience = audience.Ok ? audience.Value! : [];
        }

        if (!Signal.Restricted)
        {
            var listed = await attachments.ListAsync(actor, Signal.Id, cancellationToken);
            Attachments = listed.Ok ? listed.Value! : [];
        }

        if (IsOwner)
        {
            // The view carries no hold; the viewer owns this signal, whose id the read above has just confirmed.
            LegalHold = await db.Signals.AsNoTracking().Where(x => x.Id == Signal.Id).Select(x => x.LegalHold).FirstOrDefaultAsync(cancellationToken);
            var openings = await audits.OpenedByAsync(Signal.Id, Signal.OwnerOrganisationId, cancellationToken);
            var all = openings.Ok ? openings.Value! : [];
            OpeningsTotal = all.Count;
            Openings = [.. all.Take(MaxOpeningsShown)];
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
        return true;
    }
}
