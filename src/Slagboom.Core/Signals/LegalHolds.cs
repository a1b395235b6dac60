using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Signals;

/// <summary>
/// Legal holds: a signal under hold is not deleted by retention or by its owner until the hold is lifted. The owner
/// organisation's members and analysts, auditors (privacy officers) and platform admins place and lift holds; the
/// reason is recorded in the audit trail.
/// </summary>
public sealed class LegalHolds(AppDbContext db, Viewers viewers, AuditTrail audit)
{
    public async Task<Result<bool>> SetAsync(Actor actor, string signalId, bool hold, string? reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return new Invalid("reason", "Give the reason for placing or lifting a legal hold (1 to 500 characters).");
        }

        var signal = string.IsNullOrEmpty(signalId) || signalId.Length > VisibleSignals.MaxIdLength ? null : await db.Signals.FirstOrDefaultAsync(s => s.Id == signalId, cancellationToken);
        var allowed = signal is not null && (actor.IsPlatformAdmin || actor.Has(Role.Auditor)
            || SharingPolicy.CanChange(await viewers.ForAsync(actor, cancellationToken), signal));
        if (!allowed)
        {
            await audit.AppendAsync(new AuditEvent("signal.legal-hold", VisibleSignals.Subject(signalId), AuditOutcome.Refused, actor.UserId, actor.OrganisationId, reason), cancellationToken);
            return new NotFound("No such signal.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        signal!.LegalHold = hold;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(hold ? "signal.legal-hold" : "signal.legal-hold-lifted", $"signal:{signal.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId, reason.Trim()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return hold;
    }
}
