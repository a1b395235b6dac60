using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Domain.Mainports;

namespace Slagboom.Core.Reports;

public sealed record ReportQuestionView(string Key, string Dutch, string English);

public sealed record QuestionInput(string? Dutch, string? English);

/// <summary>
/// Per mainport: which organisations' analysts receive its reports, and the short questionnaire of its public
/// reporting page. Only the platform admin changes either; the questionnaire is public by nature.
/// </summary>
public sealed class ReportingSetup(AppDbContext db, AuditTrail audit)
{
    public const int MaxQuestions = 10;
    public const int MaxQuestionLength = 300;

    /// <summary>The questions asked when the platform admin has not set any for a mainport.</summary>
    public static IReadOnlyList<ReportQuestionView> DefaultQuestions { get; } =
    [
        new("where", "Waar gebeurde het? (terminal, kade, loods, gate)", "Where did it happen? (terminal, quay, shed, gate)"),
        new("when", "Wanneer gebeurde het? (datum en ongeveer hoe laat)", "When did it happen? (date and roughly what time)"),
        new("involved", "Om welke container, welk voertuig of welk bedrijf gaat het, als u dat weet?", "Which container, vehicle or company is involved, if you know?"),
    ];

    public async Task<IReadOnlyList<ReportQuestionView>> QuestionsAsync(string mainport, CancellationToken cancellationToken = default)
    {
        var rows = await db.ReportQuestions.AsNoTracking().Where(q => q.MainportCode == mainport).OrderBy(q => q.Position).ToListAsync(cancellationToken);
        return rows.Count == 0 ? DefaultQuestions : [.. rows.Select(q => new ReportQuestionView(q.Id, q.TextNl, q.TextEn))];
    }

    public async Task<IReadOnlyList<string>> ReceiversAsync(string mainport, CancellationToken cancellationToken = default) =>
        await db.ReceivingOrganisations.AsNoTracking().Where(r => r.MainportCode == mainport).Select(r => r.OrganisationId).ToListAsync(cancellationToken);

    public async Task<Result<IReadOnlyList<string>>> SetReceiversAsync(Actor actor, string? mainport, IReadOnlyList<string> organisationIds, CancellationToken cancellationToken = default)
    {
        if (!actor.IsPlatformAdmin)
        {
            return new Forbidden("Only the platform admin names receiving organisations.");
        }

        var code = MainportCode.Parse(mainport);
        if (code is null)
        {
            return new Invalid("mainport", $"Unknown mainport '{mainport}'.");
        }

        var wanted = organisationIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Organisations.Where(o => wanted.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
        if (known.Count != wanted.Count)
        {
            return new Invalid("organisationIds", "Unknown organisation.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        db.ReceivingOrganisations.RemoveRange(await db.ReceivingOrganisations.Where(r => r.MainportCode == code).ToListAsync(cancellationToken));
        db.ReceivingOrganisations.AddRange(wanted.Select(id => new ReceivingOrganisation { MainportCode = code, OrganisationId = id }));
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("reporting.receivers", $"mainport:{code}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId,
            Recipients: string.Join(",", wanted)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Of<IReadOnlyList<string>>(wanted);
    }

    /// <summary>Replaces a mainport's questionnaire; a question whose Dutch text is unchanged keeps its key, so answers keep pointing at it.</summary>
    public async Task<Result<IReadOnlyList<ReportQuestionView>>> SetQuestionsAsync(Actor actor, string? mainport, IReadOnlyList<QuestionInput> questions, CancellationToken cancellationToken = default)
    {
        if (!actor.IsPlatformAdmin)
        {
            return new Forbidden("Only the platform admin edits questionnaires.");
        }

        var code = MainportCode.Parse(mainport);
        if (code is null)
        {
            return new Invalid("mainport", $"Unknown mainport '{mainport}'.");
        }

        var cleaned = questions.Select(q => (Nl: q.Dutch?.Trim() ?? "", En: q.English?.Trim() ?? "")).Where(q => q.Nl.Length > 0 || q.En.Length > 0).ToList();
        var errors = new FieldErrors();
        if (cleaned.Count > MaxQuestions)
        {
            errors.Add("questions", $"A questionnaire has at most {MaxQuestions} questions.");
        }

        for (var i = 0; i < cleaned.Count; i++)
        {
            if (cleaned[i].Nl.Length is 0 or > MaxQuestionLength || cleaned[i].En.Length is 0 or > MaxQuestionLength)
            {
                errors.Add($"questions[{i}]", $"Every question needs a Dutch and an English text of 1 to {MaxQuestionLength} characters.");
            }
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var existing = await db.ReportQuestions.Where(q => q.MainportCode == code).ToListAsync(cancellationToken);
        var keys = existing.GroupBy(q => q.TextNl, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        db.ReportQuestions.RemoveRange(existing);
        await db.SaveChangesAsync(cancellationToken);
        var rows = cleaned.Select((q, i) => new ReportQuestion
        {
            Id = keys.GetValueOrDefault(q.Nl) ?? Ids.New(),
            MainportCode = code,
            Position = i,
            TextNl = q.Nl,
            TextEn = q.En,
        }).DistinctBy(q => q.Id).ToList();
        db.ReportQuestions.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("reporting.questions", $"mainport:{code}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Of<IReadOnlyList<ReportQuestionView>>(rows.Count == 0 ? DefaultQuestions : [.. rows.Select(q => new ReportQuestionView(q.Id, q.TextNl, q.TextEn))]);
    }
}
