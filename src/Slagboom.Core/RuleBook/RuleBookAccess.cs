using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Accounts;

namespace Slagboom.Core.RuleBook;

/// <summary>
/// Who may read and who may change a mainport's rules and watch lists (docs/rules.md, "Editing rights"). Deny by
/// default:
/// <list type="bullet">
/// <item>read: members and analysts of an organisation that takes part in the mainport (the people who see its alerts);</item>
/// <item>edit (write, publish, retire, backtest, watch lists): among those, analysts, and members who also
/// administer their organisation (its security officer); the server's operator at the command line.</item>
/// </list>
/// Platform administrators and auditors see no content by themselves, so they neither read nor edit. Everyone else
/// gets "not found", as for a rule that does not exist.
/// </summary>
public sealed class RuleBookAccess(Viewers viewers, AppDbContext db)
{
    public async Task<bool> ReadsAsync(Actor actor, string mainport, CancellationToken cancellationToken = default)
    {
        if (actor.IsOperator)
        {
            return true;
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        return viewer.SeesContent && viewer.Mainports.Contains(mainport, StringComparer.Ordinal);
    }

    public async Task<bool> EditsAsync(Actor actor, string mainport, CancellationToken cancellationToken = default) =>
        actor.IsOperator || (IsEditorRole(actor) && await ReadsAsync(actor, mainport, cancellationToken));

    /// <summary>The roles that may edit, wherever their organisation takes part.</summary>
    public static bool IsEditorRole(Actor actor) =>
        actor.IsOperator || actor.Has(Role.Analyst) || (actor.Has(Role.Member) && actor.Has(Role.OrgAdmin));

    /// <summary>The mainports whose rules the actor reads.</summary>
    public async Task<IReadOnlyList<string>> MainportsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.IsOperator)
        {
            return Slagboom.Domain.Mainports.MainportCode.All;
        }

        var viewer = await viewers.ForAsync(actor, cancellationToken);
        return viewer.SeesContent ? [.. viewer.Mainports.Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>The name kept with a version or entry: the e-mail address, or "operator".</summary>
    public async Task<string> NameOfAsync(Actor actor, CancellationToken cancellationToken = default) =>
        actor.UserId is null ? "operator"
            : await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? actor.UserId;
}
