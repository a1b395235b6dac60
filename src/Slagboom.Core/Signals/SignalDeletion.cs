using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Retention;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Signals;

/// <summary>
/// The owner organisation deletes a signal: with its observable links, attachments (rows and encrypted files),
/// observables no other signal names and their pseudonyms — the same purge retention uses — unless a legal hold
/// stops it. The deletion is audited.
/// </summary>
public sealed class SignalDeletion(AppDbContext db, Viewers viewers, RetentionJob retention, AuditTrail audit)
{
    public const string DeleteAction = "signal.delete";

    public async Task<Result<string>> DeleteAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await db.VisibleSignal(viewer, id).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (signal is null || !SharingPolicy.CanChange(viewer, signal))
        {
            await audit.AppendAsync(new AuditEvent(DeleteAction, VisibleSignals.Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such signal.");
        }

        IReadOnlyList<string> files;
        await using (var transaction = await UnitOfWork.BeginAsync(db, cancellationToken))
        {
            // Read again inside the transaction: a legal hold placed a moment ago must win.
            if (await db.Signals.AnyAsync(s => s.Id == id && s.LegalHold, cancellationToken))
            {
                return new Conflict("The signal is under a legal hold and cannot be deleted.");
            }

            var purged = await retention.PurgeAsync([id], s => new AuditEvent(DeleteAction, $"signal:{s}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            files = purged.AttachmentIds;
        }

        retention.DeleteFiles(files);
        return id;
    }
}
