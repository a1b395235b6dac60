using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Cases;

public sealed record TemplateTaskInput(string? Sector, string? Text, int? DueDays);

public sealed record TemplateTaskView(string Sector, string Text, int DueDays);

/// <summary>A template as it applies to one organisation: its own, or the built-in default.</summary>
public sealed record CaseTemplateView(string Kind, bool IsDefault, IReadOnlyList<TemplateTaskView> Tasks, DateTime? UpdatedAt);

/// <summary>
/// Case templates per kind of signal. Built-in defaults ship with the program; an organisation's analysts and
/// org admins may replace the template of a kind for their own organisation (and go back to the default by
/// saving an empty list). A template only proposes: the owner still picks the organisation and may change the text.
/// </summary>
public sealed class CaseTemplates(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxTasks = 20;

    /// <summary>The defaults: who usually acts on what, in the words of DOMAIN.md §3.3.</summary>
    public static IReadOnlyDictionary<SignalCategory, IReadOnlyList<TemplateTaskView>> Defaults { get; } = new Dictionary<SignalCategory, IReadOnlyList<TemplateTaskView>>
    {
        [SignalCategory.Intrusion] =
        [
            new("terminal", "Bekijk de camerabeelden rond het tijdstip en de plaats van de indringing en meld wat u ziet.", 3),
            new("police", "Onderzoek de indringing (art. 138aa Sr) en deel wat gedeeld mag worden.", 14),
        ],
        [SignalCategory.ApproachOfStaff] =
        [
            new("police", "Onderzoek de benadering van de medewerker.", 14),
            new("terminal", "Spreek met de medewerker, bied steun en leg vast wat er gevraagd is.", 3),
        ],
        [SignalCategory.Integrity] =
        [
            new("municipality", "Start een Bibob-toets voor de betrokken onderneming.", 28),
            new("police", "Onderzoek de integriteitskwestie.", 14),
        ],
        [SignalCategory.Seizure] =
        [
            new("customs", "Registreer de vondst en onderzoek herkomst en route van de container.", 7),
            new("police", "Onderzoek wie betrokken zijn bij de zending.", 14),
        ],
        [SignalCategory.Observation] =
        [
            new("terminal", "Bekijk de camerabeelden van de genoemde plaats en tijd.", 3),
            new("customs", "Beoordeel of de genoemde container gescand moet worden.", 3),
        ],
        [SignalCategory.Incident] =
        [
            new("police", "Onderzoek het incident.", 14),
        ],
        [SignalCategory.ModusOperandiAlert] =
        [
            new("customs", "Neem de werkwijze mee in de risicoselectie.", 14),
            new("terminal", "Informeer de beveiliging over de werkwijze en meld gelijksoortige waarnemingen.", 7),
        ],
        [SignalCategory.Other] =
        [
            new("police", "Beoordeel het signaal en onderneem zo nodig actie.", 14),
        ],
    };

    public static bool MayEdit(Actor actor) => actor.OrganisationId is not null && (actor.Has(Role.Analyst) || actor.Has(Role.OrgAdmin));

    /// <summary>The template of <paramref name="kind"/> for the actor's organisation.</summary>
    public async Task<CaseTemplateView> ForAsync(string? organisationId, SignalCategory kind, CancellationToken cancellationToken = default)
    {
        var own = organisationId is null ? null : await db.Set<CaseTemplate>().AsNoTracking().Include(t => t.Tasks)
            .FirstOrDefaultAsync(t => t.OrganisationId == organisationId && t.Kind == kind, cancellationToken);
        return own is null
            ? new CaseTemplateView(kind.ToText(), true, Defaults[kind], null)
            : new CaseTemplateView(kind.ToText(), false, [.. own.Tasks.OrderBy(t => t.Position).Select(t => new TemplateTaskView(t.Sector, t.Text, t.DueDays))], own.UpdatedAt);
    }

    public async Task<IReadOnlyList<CaseTemplateView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var all = new List<CaseTemplateView>();
        foreach (var kind in Enum.GetValues<SignalCategory>())
        {
            all.Add(await ForAsync(actor.OrganisationId, kind, cancellationToken));
        }

        return all;
    }

    /// <summary>Replaces the organisation's template of a kind; an empty list returns to the default.</summary>
    public async Task<Result<CaseTemplateView>> SaveAsync(Actor actor, string? kindText, IReadOnlyList<TemplateTaskInput>? tasks, CancellationToken cancellationToken = default)
    {
        if (!MayEdit(actor))
        {
            return new Forbidden("Only analysts and organisation admins change their organisation's case templates.");
        }

        var kind = SignalCategories.Parse(kindText);
        if (kind is null)
        {
            return new NotFound("No such kind of signal.");
        }

        var errors = new FieldErrors();
        var list = tasks ?? [];
        if (list.Count > MaxTasks)
        {
            errors.Add("tasks", $"A template proposes at most {MaxTasks} tasks.");
        }

        for (var i = 0; i < list.Count && i < MaxTasks; i++)
        {
            var sector = list[i]?.Sector?.Trim();
            if (string.IsNullOrEmpty(sector) || sector.Length > 64)
            {
                errors.Add($"tasks[{i}].sector", "A sector of 1 to 64 characters is required (for example police, customs, terminal).");
            }

            var text = list[i]?.Text?.Trim();
            if (string.IsNullOrEmpty(text) || text.Length > CaseService.MaxTaskText)
            {
                errors.Add($"tasks[{i}].text", $"A text of 1 to {CaseService.MaxTaskText} characters is required.");
            }

            if (list[i]?.DueDays is < 1 or > 365)
            {
                errors.Add($"tasks[{i}].dueDays", "Days until due lie between 1 and 365.");
            }
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var existing = await db.Set<CaseTemplate>().Include(t => t.Tasks)
            .FirstOrDefaultAsync(t => t.OrganisationId == actor.OrganisationId && t.Kind == kind, cancellationToken);
        if (existing is not null)
        {
            db.RemoveRange(existing.Tasks);
            db.Remove(existing);
        }

        if (list.Count > 0)
        {
            var template = new CaseTemplate
            {
                Id = Ids.New(), OrganisationId = actor.OrganisationId!, Kind = kind.Value,
                UpdatedAt = clock.GetUtcNow().UtcDateTime, UpdatedByUserId = actor.UserId ?? "",
            };
            for (var i = 0; i < list.Count; i++)
            {
                template.Tasks.Add(new CaseTemplateTask
                {
                    Id = Ids.New(), TemplateId = template.Id, Position = i, Sector = list[i].Sector!.Trim().ToLowerInvariant(),
                    Text = list[i].Text!.Trim(), DueDays = list[i].DueDays ?? 7,
                });
            }

            db.Add(template);
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("case-template.update", $"case-template:{actor.OrganisationId}:{kind.Value.ToText()}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ForAsync(actor.OrganisationId, kind.Value, cancellationToken);
    }
}
