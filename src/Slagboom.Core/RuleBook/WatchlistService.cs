using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Alerts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;

namespace Slagboom.Core.RuleBook;

public sealed record WatchlistSummary(string Id, string Mainport, string Name, string Type, string Description, int Entries);

public sealed record WatchlistEntryView(long Id, string Value, string Note, DateTime? ExpiresAt, DateTime AddedAt, string AddedBy, bool Expired);

/// <summary>A list with its entries, whether the caller may change it, and the ids of the stored rules that name it (<see cref="WatchlistService.RulesNamingAsync"/>).</summary>
public sealed record WatchlistDetail(WatchlistSummary List, IReadOnlyList<WatchlistEntryView> Entries, bool CanEdit, IReadOnlyList<string> UsedBy);

/// <summary>A refused row of an import: its line in the file and why.</summary>
public sealed record ImportProblem(int Line, string Reason);

/// <summary>What an import did: values added, values whose note or expiry changed, values already there as given, refused rows.</summary>
public sealed record WatchlistImport(int Added, int Updated, int Unchanged, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Watch lists of a mainport (plates, passes, containers, carriers) kept in the database: created, filled by hand
/// or by CSV import, read by watch-list rules by name. Values are normalised as events are (plates and containers
/// through the identifier checker); an import keeps its good rows and names each bad one by line and reason, and
/// importing the same file twice changes nothing. Reads of the entries (plates and passes are personal data) and
/// every change are audited; every change reloads the mainport's running rules. Rules name a list by its name, so a
/// list that an active or draft rule names (<see cref="RulesNamingAsync"/>) is neither renamed nor deleted: the
/// refusal names those rules (docs/rules.md, "Renaming and deleting a watch list").
/// </summary>
public sealed partial class WatchlistService(AppDbContext db, AuditTrail audit, RuleBookAccess access, RulesRuntime runtime, TimeProvider clock)
{
    public const string CreateAction = "watchlist.create";
    public const string ReadAction = "watchlist.read";
    public const string ChangeAction = "watchlist.change";
    public const string ImportAction = "watchlist.import";
    public const string EditAction = "watchlist.edit";
    public const string DeleteAction = "watchlist.delete";

    /// <summary>The most rows one import takes.</summary>
    public const int MaxImportRows = 100_000;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex NamePattern();

    public async Task<Result<IReadOnlyList<WatchlistSummary>>> ListAsync(Actor actor, string mainport, CancellationToken cancellationToken = default)
    {
        if (!await access.ReadsAsync(actor, mainport, cancellationToken))
        {
            return new NotFound("No such mainport among yours.");
        }

        var rows = await db.Watchlists.AsNoTracking().Where(w => w.Mainport == mainport).OrderBy(w => w.Name)
            .Select(w => new WatchlistSummary(w.Id, w.Mainport, w.Name, w.Type, w.Description, w.Entries.Count)).ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>A list with its entries; the read is audited.</summary>
    public async Task<Result<WatchlistDetail>> GetAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var list = await db.Watchlists.AsNoTracking().Include(w => w.Entries).FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (list is null || !await access.ReadsAsync(actor, list.Mainport, cancellationToken))
        {
            return new NotFound("No such watch list.");
        }

        await audit.AppendAsync(new AuditEvent(ReadAction, $"watchlist:{id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return new WatchlistDetail(new WatchlistSummary(list.Id, list.Mainport, list.Name, list.Type, list.Description, list.Entries.Count),
            [.. list.Entries.OrderBy(e => e.Value, StringComparer.Ordinal).Select(e => new WatchlistEntryView(e.Id, e.Value, e.Note, e.ExpiresAt, e.AddedAt, e.AddedBy, e.ExpiresAt <= now))],
            await access.EditsAsync(actor, list.Mainport, cancellationToken), await RulesNamingAsync(list.Mainport, list.Name, cancellationToken));
    }

    public async Task<Result<WatchlistSummary>> CreateAsync(Actor actor, string mainport, string name, string type, string? description, CancellationToken cancellationToken = default)
    {
        if (!await access.EditsAsync(actor, mainport, cancellationToken))
        {
            return new NotFound("No such mainport among yours.");
        }

        var errors = CheckNameAndDescription(ref name, description);
        if (!RuleText.WatchlistTypes.Contains(type))
        {
            errors.Add("type", "Expected plates, passes, containers or carriers.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        if (await db.Watchlists.AnyAsync(w => w.Mainport == mainport && w.Name == name, cancellationToken))
        {
            return new Conflict($"The mainport has a watch list named '{name}' already.");
        }

        var list = new StoredWatchlist { Id = Ids.New(), Mainport = mainport, Name = name, Type = type, Description = description?.Trim() ?? "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Watchlists.Add(list);
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(CreateAction, $"watchlist:{list.Id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId, Purpose: $"{mainport} {name}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        runtime.Changed(mainport);
        return new WatchlistSummary(list.Id, list.Mainport, list.Name, list.Type, list.Description, 0);
    }

    /// <summary>
    /// Renames a list and/or changes its description (<paramref name="description"/> null keeps it). The type stays:
    /// the entries were normalised for it. A new name must be free in the mainport, and is refused while an active or
    /// draft rule names the list (<see cref="InUse"/> with those rules' ids), since rules name lists by name.
    /// </summary>
    public async Task<Result<WatchlistSummary>> EditAsync(Actor actor, string id, string name, string? description, CancellationToken cancellationToken = default)
    {
        var list = await EditableAsync(actor, id, cancellationToken);
        if (list is null)
        {
            return new NotFound("No such watch list.");
        }

        var errors = CheckNameAndDescription(ref name, description);
        if (errors.Any)
        {
            return errors.ToError();
        }

        description = description?.Trim() ?? list.Description;
        var renamed = !string.Equals(name, list.Name, StringComparison.Ordinal);
        var entries = await db.WatchlistEntries.CountAsync(e => e.WatchlistId == id, cancellationToken);
        if (!renamed && description == list.Description)
        {
            return Summary(list, entries);
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        if (renamed)
        {
            if (await db.Watchlists.AnyAsync(w => w.Mainport == list.Mainport && w.Name == name && w.Id != id, cancellationToken))
            {
                return new Conflict($"The mainport has a watch list named '{name}' already.");
            }

            if (await RulesNamingAsync(list.Mainport, list.Name, cancellationToken) is { Count: > 0 } rules)
            {
                return new InUse($"Rules name this list by its name: {string.Join(", ", rules)}. Retire them, or save versions without the list (and publish them, for an active rule), before renaming it.", rules);
            }
        }

        var purpose = renamed ? $"{list.Mainport} {list.Name} renamed {name}" : $"{list.Mainport} {list.Name}";
        purpose += description == list.Description ? "" : ", description changed";
        list.Name = name;
        list.Description = description;
        db.Watchlists.Update(list);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(EditAction, $"watchlist:{id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId, Purpose: purpose), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (renamed)
        {
            runtime.Changed(list.Mainport);
        }

        return Summary(list, entries);
    }

    /// <summary>
    /// Deletes a list with all its entries; refused (<see cref="InUse"/> with the rules' ids) while an active or draft
    /// rule names it. The audit entry names the list and counts the entries, never their values (personal data).
    /// </summary>
    public async Task<Result<WatchlistSummary>> DeleteAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var list = await EditableAsync(actor, id, cancellationToken);
        if (list is null)
        {
            return new NotFound("No such watch list.");
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        if (await RulesNamingAsync(list.Mainport, list.Name, cancellationToken) is { Count: > 0 } rules)
        {
            return new InUse($"Rules use this list: {string.Join(", ", rules)}. Retire them, or save versions without the list (and publish them, for an active rule), before deleting it.", rules);
        }

        var entries = await db.WatchlistEntries.Where(e => e.WatchlistId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Watchlists.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(DeleteAction, $"watchlist:{id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId,
            Purpose: $"{list.Mainport} {list.Name} ({list.Type}), {entries} entries"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        runtime.Changed(list.Mainport);
        return Summary(list, entries);
    }

    /// <summary>
    /// The ids of the mainport's active and draft rules whose active or latest version names the list
    /// <paramref name="name"/> (<see cref="RuleText.ListsNamed"/>); a version that no longer loads counts when its text
    /// holds the name, to be safe. Retired rules do not count: publishing one again checks its text anew.
    /// </summary>
    public async Task<IReadOnlyList<string>> RulesNamingAsync(string mainport, string name, CancellationToken cancellationToken = default)
    {
        var versions = await (
            from r in db.Rules.AsNoTracking()
            where r.Mainport == mainport && (r.Status == RuleStatus.Active || r.Status == RuleStatus.Draft)
            from v in db.RuleVersions.AsNoTracking()
            where v.RuleId == r.Id && (v.Number == r.ActiveVersion || v.Number == r.LatestVersion)
            select new { r.Id, v.Yaml }).ToListAsync(cancellationToken);
        versions = [.. versions.Where(v => v.Yaml.Contains(name, StringComparison.OrdinalIgnoreCase))];
        if (versions.Count == 0)
        {
            return [];
        }

        var lists = (await db.Watchlists.AsNoTracking().Where(w => w.Mainport == mainport).Select(w => new { w.Name, w.Type }).ToListAsync(cancellationToken))
            .Select(l => new ListValues(l.Name, l.Type, [])).ToList();
        return [.. versions.Where(v => RuleText.ListsNamed(v.Yaml, mainport, lists)?.Contains(name) ?? true).Select(v => v.Id).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Adds a value (or changes the note and expiry of one already there).</summary>
    public async Task<Result<WatchlistEntryView>> AddAsync(Actor actor, string id, string value, string? note, DateTime? expiresAt, CancellationToken cancellationToken = default)
    {
        var list = await EditableAsync(actor, id, cancellationToken);
        if (list is null)
        {
            return new NotFound("No such watch list.");
        }

        var (normalised, problem) = RuleText.Normalise(list.Type, value);
        if (normalised is null)
        {
            return new Invalid("value", problem!);
        }

        if (note is { Length: > 500 })
        {
            return new Invalid("note", "At most 500 characters.");
        }

        var who = await access.NameOfAsync(actor, cancellationToken);
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var (entry, outcome) = await UpsertAsync(list, normalised, note, expiresAt, who, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(ChangeAction, $"watchlist:{id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId, Purpose: $"{outcome} {normalised}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        runtime.Changed(list.Mainport);
        return View(entry);
    }

    public async Task<Result<bool>> RemoveAsync(Actor actor, string id, long entryId, CancellationToken cancellationToken = default)
    {
        var list = await EditableAsync(actor, id, cancellationToken);
        var entry = list is null ? null : await db.WatchlistEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.WatchlistId == id, cancellationToken);
        if (list is null || entry is null)
        {
            return new NotFound("No such watch-list entry.");
        }

        db.WatchlistEntries.Remove(entry);
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(ChangeAction, $"watchlist:{id}", UserId: actor.UserId, OrganisationId: actor.OrganisationId, Purpose: $"removed {entry.Value}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        runtime.Changed(list.Mainport);
        return true;
    }

    /// <summary>
    /// Imports CSV rows <c>value[,note[,expires]]</c> (a header row <c>value,…</c> is skipped; <c>expires</c> is a
    /// date or an ISO 8601 time, UTC). Good rows go in, bad ones come back with their line and reason.
    /// </summary>
    public async Task<Result<WatchlistImport>> ImportAsync(Actor actor, string id, TextReader csvText, CancellationToken cancellationToken = default)
    {
        var list = await EditableAsync(actor, id, cancellationToken);
        if (list is null)
        {
            return new NotFound("No such watch list.");
        }

        var problems = new List<ImportProblem>();
        var rows = new List<(int Line, string Value, string? Note, DateTime? Expires)>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, DetectColumnCountChanges = false, MissingFieldFound = null, BadDataFound = null, IgnoreBlankLines = true };
        using (var csv = new CsvReader(csvText, configuration))
        {
            var first = true;
            while (await csv.ReadAsync())
            {
                var line = csv.Parser.RawRow;
                var fields = csv.Parser.Record ?? [];
                if (first && fields.Length > 0 && string.Equals(fields[0].Trim(), "value", StringComparison.OrdinalIgnoreCase))
                {
                    first = false;
                    continue;
                }

                first = false;
                if (rows.Count + problems.Count >= MaxImportRows)
                {
                    problems.Add(new ImportProblem(line, $"more than {MaxImportRows} rows; the rest was not read"));
                    break;
                }

                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                var (value, problem) = RuleText.Normalise(list.Type, fields[0]);
                var note = fields.Length > 1 ? fields[1].Trim() : null;
                DateTime? expires = null;
                if (problem is null && note is { Length: > 500 })
                {
                    problem = "note: at most 500 characters";
                }

                if (problem is null && fields.Length > 2 && !string.IsNullOrWhiteSpace(fields[2]))
                {
                    if (DateTime.TryParse(fields[2].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                    {
                        expires = parsed;
                    }
                    else
                    {
                        problem = $"expires: '{fields[2].Trim()}' is not a date (yyyy-mm-dd) or time (ISO 8601)";
                    }
                }

                if (problem is not null)
                {
                    problems.Add(new ImportProblem(line, problem));
                }
                else
                {
                    rows.Add((line, value!, note, expires));
                }
            }
        }

        var who = await access.NameOfAsync(actor, cancellationToken);
        int added = 0, updated = 0, unchanged = 0;
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        var existing = await db.WatchlistEntries.Where(e => e.WatchlistId == id).ToDictionaryAsync(e => e.Value, StringComparer.Ordinal, cancellationToken);
        foreach (var (_, value, note, expires) in rows)
        {
            var outcome = Apply(list, existing, value, note, expires, who);
            added += outcome == "added" ? 1 : 0;
            updated += outcome == "updated" ? 1 : 0;
            unchanged += outcome == "unchanged" ? 1 : 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent(ImportAction, $"watchlist:{id}", problems.Count > 0 && rows.Count == 0 ? AuditOutcome.Refused : AuditOutcome.Ok,
            actor.UserId, actor.OrganisationId, Purpose: $"added {added}, updated {updated}, unchanged {unchanged}, refused {problems.Count}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (added + updated > 0)
        {
            runtime.Changed(list.Mainport);
        }

        return new WatchlistImport(added, updated, unchanged, problems);
    }

    /// <summary>The mainport's lists with their values in force now, as the rules read them.</summary>
    public async Task<IReadOnlyList<ListValues>> CurrentAsync(string mainport, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lists = await db.Watchlists.AsNoTracking().Where(w => w.Mainport == mainport).Select(w => new { w.Name, w.Type, w.Id }).ToListAsync(cancellationToken);
        var values = (await db.WatchlistEntries.AsNoTracking().Where(e => lists.Select(l => l.Id).Contains(e.WatchlistId) && (e.ExpiresAt == null || e.ExpiresAt > now))
            .Select(e => new { e.WatchlistId, e.Value }).ToListAsync(cancellationToken)).ToLookup(e => e.WatchlistId, e => e.Value);
        return [.. lists.Select(l => new ListValues(l.Name, l.Type, [.. values[l.Id].Order(StringComparer.Ordinal)]))];
    }

    /// <summary>The earliest expiry still ahead among the mainport's entries: when the running rules must reload.</summary>
    public async Task<DateTime?> NextExpiryAsync(string mainport, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = db.Watchlists.Where(w => w.Mainport == mainport).Select(w => w.Id);
        return await db.WatchlistEntries.Where(e => ids.Contains(e.WatchlistId) && e.ExpiresAt > now).MinAsync(e => e.ExpiresAt, cancellationToken);
    }

    private static FieldErrors CheckNameAndDescription(ref string name, string? description)
    {
        var errors = new FieldErrors();
        name = (name ?? "").Trim();
        if (!NamePattern().IsMatch(name))
        {
            errors.Add("name", "1–100 lower-case letters, digits, '-' or '_', starting with a letter or digit (rules name the list by it).");
        }

        if (description is { Length: > 1000 })
        {
            errors.Add("description", "At most 1000 characters.");
        }

        return errors;
    }

    private static WatchlistSummary Summary(StoredWatchlist list, int entries) => new(list.Id, list.Mainport, list.Name, list.Type, list.Description, entries);

    private async Task<StoredWatchlist?> EditableAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var list = await db.Watchlists.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        return list is not null && await access.EditsAsync(actor, list.Mainport, cancellationToken) ? list : null;
    }

    private async Task<(WatchlistEntry Entry, string Outcome)> UpsertAsync(StoredWatchlist list, string value, string? note, DateTime? expires, string who, CancellationToken cancellationToken)
    {
        var existing = await db.WatchlistEntries.Where(e => e.WatchlistId == list.Id && e.Value == value).ToDictionaryAsync(e => e.Value, StringComparer.Ordinal, cancellationToken);
        var outcome = Apply(list, existing, value, note, expires, who);
        return (existing[value], outcome);
    }

    private string Apply(StoredWatchlist list, Dictionary<string, WatchlistEntry> existing, string value, string? note, DateTime? expires, string who)
    {
        note = note?.Trim() ?? "";
        if (existing.TryGetValue(value, out var entry))
        {
            if (entry.Note == note && entry.ExpiresAt == expires)
            {
                return "unchanged";
            }

            entry.Note = note;
            entry.ExpiresAt = expires;
            return "updated";
        }

        entry = new WatchlistEntry { WatchlistId = list.Id, Value = value, Note = note, ExpiresAt = expires, AddedAt = clock.GetUtcNow().UtcDateTime, AddedBy = who };
        db.WatchlistEntries.Add(entry);
        existing[value] = entry;
        return "added";
    }

    private WatchlistEntryView View(WatchlistEntry e) =>
        new(e.Id, e.Value, e.Note, e.ExpiresAt, e.AddedAt, e.AddedBy, e.ExpiresAt <= clock.GetUtcNow().UtcDateTime);
}
