using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Alerts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Events;
using Slagboom.Domain.Events;
using Slagboom.Rules;

namespace Slagboom.Core.RuleBook;

public sealed record RuleSummary(string Id, string Mainport, string Title, string Type, string Status, string Sites, int? ActiveVersion, int LatestVersion, DateTime UpdatedAt);

public sealed record RuleVersionView(int Number, string Yaml, string Author, DateTime CreatedAt, string Comment, DateTime? PublishedAt, string? PublishedBy);

/// <summary>A rule with every version, newest first, and whether the caller may change it.</summary>
public sealed record RuleDetail(RuleSummary Rule, IReadOnlyList<RuleVersionView> Versions, bool CanEdit)
{
    public RuleVersionView Latest => Versions[0];

    public RuleVersionView? Active => Versions.FirstOrDefault(v => v.Number == Rule.ActiveVersion);
}

/// <summary>What a backtest found: how many events it read (and whether it stopped at the cap), how many alerts, the first ones.</summary>
public sealed record BacktestResult(int Version, DateTime From, DateTime To, int Events, bool Capped, int Alerts, IReadOnlyList<Alert> First);

/// <summary>
/// Stored rules of a mainport: create, save drafts, publish, retire, read the history, and backtest a version on
/// stored events. Every change is audited; the running rules are told of every publish and retire. Rights:
/// <see cref="RuleBookAccess"/>.
/// </summary>
public sealed class RuleBookService(AppDbContext db, AuditTrail audit, RuleBookAccess access, WatchlistService watchlists, RulesRuntime runtime, TimeProvider clock)
{
    public const int MaxYamlChars = 65_536;

    /// <summary>The most events a backtest reads; the page says so.</summary>
    public const int BacktestEventCap = 1_000_000;

    /// <summary>How many alerts a backtest shows with their events.</summary>
    public const int BacktestShown = 50;

    public const string CreateAction = "rule.create";
    public const string SaveAction = "rule.save";
    public const string PublishAction = "rule.publish";
    public const string RetireAction = "rule.retire";
    public const string BacktestAction = "rule.backtest";

    public async Task<Result<IReadOnlyList<RuleSummary>>> ListAsync(Actor actor, string mainport, CancellationToken cancellationToken = default)
    {
        if (!await access.ReadsAsync(actor, mainport, cancellationToken))
        {
            return new NotFound("No such mainport among yours.");
        }

        var rows = await db.Rules.AsNoTracking().Where(r => r.Mainport == mainport).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return Result.Of<IReadOnlyList<RuleSummary>>([.. rows.Select(Summary)]);
    }

    public async Task<Result<RuleDetail>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var rule = await db.Rules.AsNoTracking().Include(r => r.Versions).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null || !await access.ReadsAsync(actor, rule.Mainport, cancellationToken))
        {
            return new NotFound("No such rule.");
        }

        return Detail(rule, await access.EditsAsync(actor, rule.Mainport, cancellationToken));
    }

    /// <summary>A new rule (a draft, version 1) from its YAML; its id is the YAML <c>id</c>.</summary>
    public async Task<Result<RuleDetail>> CreateAsync(Actor actor, string mainport, string yaml, string? comment, CancellationToken cancellationToken = default)
    {
        if (!await access.EditsAsync(actor, mainport, cancellationToken))
        {
            return new NotFound("No such mainport among yours.");
        }

        var checkedRule = await CheckAsync(yaml, mainport, null, cancellationToken);
        if (!checkedRule.Ok)
        {
            return checkedRule.Error!;
        }

        var parsed = checkedRule.Value!;
        if (await db.Rules.AnyAsync(r => r.Id == parsed.Id, cancellationToken))
        {
            return new Conflict($"A rule with id '{parsed.Id}' exists already.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rule = new StoredRule { Id = parsed.Id, Mainport = mainport, CreatedAt = now };
        await AddVersionAsync(actor, rule, yaml, comment, parsed, now, cancellationToken);
        db.Rules.Add(rule);
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(CreateAction, $"rule:{rule.Id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId, Purpose: $"mainport {mainport}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (await GetAsync(actor, rule.Id, cancellationToken)).Value!;
    }

    /// <summary>Saves a new draft version; the active version (if any) keeps running until a version is published.</summary>
    public async Task<Result<RuleDetail>> SaveAsync(Actor actor, string id, string yaml, string? comment, CancellationToken cancellationToken = default)
    {
        var rule = await db.Rules.Include(r => r.Versions).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null || !await access.EditsAsync(actor, rule.Mainport, cancellationToken))
        {
            return new NotFound("No such rule.");
        }

        var checkedRule = await CheckAsync(yaml, rule.Mainport, rule.Id, cancellationToken);
        if (!checkedRule.Ok)
        {
            return checkedRule.Error!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await AddVersionAsync(actor, rule, yaml, comment, checkedRule.Value!, now, cancellationToken);
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(SaveAction, $"rule:{rule.Id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId, Purpose: $"version {rule.LatestVersion}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (await GetAsync(actor, rule.Id, cancellationToken)).Value!;
    }

    /// <summary>Makes <paramref name="version"/> (default: the latest) the active one; checked again, since watch lists may have changed.</summary>
    public async Task<Result<RuleDetail>> PublishAsync(Actor actor, string id, int? version, CancellationToken cancellationToken = default)
    {
        var rule = await db.Rules.Include(r => r.Versions).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null || !await access.EditsAsync(actor, rule.Mainport, cancellationToken))
        {
            return new NotFound("No such rule.");
        }

        var chosen = rule.Versions.FirstOrDefault(v => v.Number == (version ?? rule.LatestVersion));
        if (chosen is null)
        {
            return new NotFound("No such version.");
        }

        var checkedRule = await CheckAsync(chosen.Yaml, rule.Mainport, rule.Id, cancellationToken);
        if (!checkedRule.Ok)
        {
            return checkedRule.Error!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        chosen.PublishedAt = now;
        chosen.PublishedBy = await access.NameOfAsync(actor, cancellationToken);
        rule.ActiveVersion = chosen.Number;
        rule.Status = RuleStatus.Active;
        rule.Sites = string.Join(",", checkedRule.Value!.Sites);
        rule.UpdatedAt = now;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(PublishAction, $"rule:{rule.Id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId, Purpose: $"version {chosen.Number}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        runtime.Changed(rule.Mainport);
        return (await GetAsync(actor, rule.Id, cancellationToken)).Value!;
    }

    /// <summary>Takes the rule out of service; its versions stay readable and any version can be published again.</summary>
    public async Task<Result<RuleDetail>> RetireAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var rule = await db.Rules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null || !await access.EditsAsync(actor, rule.Mainport, cancellationToken))
        {
            return new NotFound("No such rule.");
        }

        if (rule.Status != RuleStatus.Active)
        {
            return new Conflict("Only an active rule can be retired.");
        }

        rule.Status = RuleStatus.Retired;
        rule.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(RetireAction, $"rule:{rule.Id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        runtime.Changed(rule.Mainport);
        return (await GetAsync(actor, rule.Id, cancellationToken)).Value!;
    }

    /// <summary>
    /// Runs a version (default: the latest) with a fresh evaluator over the mainport's stored events of
    /// [<paramref name="from"/>, <paramref name="to"/>), in time order, at most <see cref="BacktestEventCap"/>
    /// events, with the watch lists as they are now. Stores no alert; the read of events is audited.
    /// </summary>
    public async Task<Result<BacktestResult>> BacktestAsync(Actor actor, string id, int? version, DateTime? from, DateTime? to, CancellationToken cancellationToken = default)
    {
        var rule = await db.Rules.AsNoTracking().Include(r => r.Versions).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null || !await access.EditsAsync(actor, rule.Mainport, cancellationToken))
        {
            return new NotFound("No such rule.");
        }

        var chosen = rule.Versions.FirstOrDefault(v => v.Number == (version ?? rule.LatestVersion));
        if (chosen is null)
        {
            return new NotFound("No such version.");
        }

        var end = (to ?? clock.GetUtcNow().UtcDateTime).ToUniversalTime();
        var start = (from ?? end.AddDays(-7)).ToUniversalTime();
        if (start >= end)
        {
            return new Invalid("from", "The period must start before it ends.");
        }

        var lists = await watchlists.CurrentAsync(rule.Mainport, cancellationToken);
        var (set, _, errors) = RuleText.Check(chosen.Yaml, rule.Mainport, rule.Id, lists);
        if (set is null)
        {
            return YamlErrors(errors);
        }

        var alerts = new List<Alert>();
        var total = 0;
        var evaluator = new RuleEvaluator(set, a =>
        {
            total++;
            if (alerts.Count < BacktestShown)
            {
                alerts.Add(a);
            }
        });
        var parser = new EventParser();
        var read = 0;
        var query = db.Events.AsNoTracking().Where(e => e.Mainport == rule.Mainport && e.Time >= start && e.Time < end)
            .OrderBy(e => e.Time).ThenBy(e => e.Id).Take(BacktestEventCap + 1);
        var capped = false;
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (read == BacktestEventCap)
            {
                capped = true;
                break;
            }

            evaluator.Process(EventJson.Read(row, parser));
            read++;
        }

        // Absence rules fire when time passes their deadline: the end of the period is the last moment known
        // (unless the cap stopped the reading early: then the last event read is).
        if (!capped)
        {
            evaluator.AdvanceTo(new DateTimeOffset(end, TimeSpan.Zero));
        }

        await audit.AppendAsync(new AuditEvent(BacktestAction, $"rule:{rule.Id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId,
            Purpose: $"version {chosen.Number}, {start:O} to {end:O}, {read} events, {total} alerts"), cancellationToken);
        return new BacktestResult(chosen.Number, start, end, read, capped, total, alerts);
    }

    /// <summary>Checks a text without saving it (the editor's "check" button).</summary>
    public async Task<IReadOnlyList<RuleError>> ValidateAsync(string yaml, string mainport, string? id, CancellationToken cancellationToken = default)
    {
        var result = await CheckAsync(yaml, mainport, id, cancellationToken);
        return result.Ok ? [] : Errors(result.Error!);
    }

    /// <summary>The line errors behind an <see cref="Invalid"/> from this service (field <c>yaml</c>, messages <c>LINE:COLUMN: text</c>).</summary>
    public static IReadOnlyList<RuleError> Errors(Error error) =>
        error is Invalid { Fields: var fields } && fields.TryGetValue("yaml", out var messages)
            ? [.. messages.Select(Parse)]
            : [new RuleError(RuleText.RuleFile, 0, 0, error.Message)];

    private static RuleError Parse(string message)
    {
        var parts = message.Split(':', 3);
        return parts.Length == 3 && int.TryParse(parts[0], out var line) && int.TryParse(parts[1], out var column)
            ? new RuleError(RuleText.RuleFile, line, column, parts[2].Trim())
            : new RuleError(RuleText.RuleFile, 0, 0, message);
    }

    private static Invalid YamlErrors(IReadOnlyList<RuleError> errors) =>
        new(new Dictionary<string, string[]> { ["yaml"] = [.. errors.Select(e => $"{e.Line}:{e.Column}: {(e.File == RuleText.RuleFile ? "" : e.File + ": ")}{e.Message}")] });

    private async Task<Result<Rule>> CheckAsync(string yaml, string mainport, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return new Invalid("yaml", "1:1: the rule text is empty");
        }

        if (yaml.Length > MaxYamlChars)
        {
            return new Invalid("yaml", $"1:1: the rule text is longer than {MaxYamlChars} characters");
        }

        var (_, rule, errors) = RuleText.Check(yaml, mainport, id, await watchlists.CurrentAsync(mainport, cancellationToken));
        return rule is null ? YamlErrors(errors) : rule;
    }

    private async Task AddVersionAsync(Actor actor, StoredRule rule, string yaml, string? comment, Rule parsed, DateTime now, CancellationToken cancellationToken)
    {
        rule.LatestVersion++;
        rule.Title = parsed.Title.Length > 300 ? parsed.Title[..300] : parsed.Title;
        rule.Type = TypeWord(parsed.Type);
        if (rule.ActiveVersion is null)
        {
            rule.Sites = string.Join(",", parsed.Sites);
        }

        rule.UpdatedAt = now;
        rule.Versions.Add(new RuleVersion
        {
            RuleId = rule.Id,
            Number = rule.LatestVersion,
            Yaml = yaml.Replace("\r\n", "\n", StringComparison.Ordinal),
            AuthorId = actor.UserId,
            Author = await access.NameOfAsync(actor, cancellationToken),
            CreatedAt = now,
            Comment = (comment ?? "").Trim() is { Length: > 1000 } c ? c[..1000] : (comment ?? "").Trim(),
        });
    }

    public static string TypeWord(RuleType type) => type == RuleType.DistinctCount ? "distinct" : type.ToString().ToLowerInvariant();

    private static RuleSummary Summary(StoredRule r) => new(r.Id, r.Mainport, r.Title, r.Type, r.Status, r.Sites, r.ActiveVersion, r.LatestVersion, r.UpdatedAt);

    private static RuleDetail Detail(StoredRule r, bool canEdit) => new(Summary(r),
        [.. r.Versions.OrderByDescending(v => v.Number).Select(v => new RuleVersionView(v.Number, v.Yaml, v.Author, v.CreatedAt, v.Comment, v.PublishedAt, v.PublishedBy))], canEdit);
}
