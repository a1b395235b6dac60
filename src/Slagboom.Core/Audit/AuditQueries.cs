using System.Globalization;
using System.Linq.Expressions;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Domain.Accounts;
using Slagboom.Domain.Identifiers;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Audit;

/// <summary>
/// Which entries of the trail to select; every part is optional. Times are UTC, <see cref="From"/> inclusive and
/// <see cref="To"/> exclusive.
/// </summary>
public sealed record AuditFilter(
    DateTime? From = null,
    DateTime? To = null,
    string? UserId = null,
    string? OrganisationId = null,
    string? ActionPrefix = null,
    string? SubjectContains = null,
    string? Outcome = null)
{
    /// <summary>The filter in words, as the subject of the <c>audit.export</c> entry.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        Add("from", From?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add("user", UserId);
        Add("organisation", OrganisationId);
        Add("action", ActionPrefix is null ? null : ActionPrefix + "*");
        Add("subject", SubjectContains is null ? null : "*" + SubjectContains + "*");
        Add("outcome", Outcome);
        return parts.Count == 0 ? "audit:all" : "audit:" + string.Join(' ', parts);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={value}");
            }
        }
    }
}

/// <summary>One entry of the trail with the names of who did it, for people to read.</summary>
public sealed record AuditRow(
    long Id,
    DateTime At,
    string? UserId,
    string? UserEmail,
    string? OrganisationId,
    string? OrganisationName,
    string Action,
    string? Subject,
    string? Purpose,
    string Outcome,
    string? Recipients,
    string PreviousHash,
    string Hash);

/// <summary>A page of the trail, newest first; <see cref="Next"/> continues it (null: no more).</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Items, string? Next);

/// <summary>One opening of a signal's detail: who, from which organisation, when, and the purpose they gave.</summary>
public sealed record SignalOpening(DateTime At, string? UserId, string? UserEmail, string? OrganisationId, string? OrganisationName, string? Purpose);

/// <summary>An observable that matches the value a data subject asked about.</summary>
public sealed record SubjectObservable(string Id, string Type, string Value, bool IsPersonalData);

/// <summary>A signal that names one of the matching observables.</summary>
public sealed record SubjectSignal(string Id, string Title, string OwnerOrganisationId, string? OwnerOrganisationName, string Status,
    DateTime CreatedAt, DateTime UpdatedAt, bool LegalHold, IReadOnlyList<string> ObservableIds);

/// <summary>An organisation that was shown a pseudonym of one of the matching observables.</summary>
public sealed record SubjectPseudonym(string ObservableId, string OrganisationId, string? OrganisationName, string Pseudonym, DateTime ShownAt);

/// <summary>
/// Everything stored about a value, for a data-subject request: the observables, the signals that name them, the
/// pseudonyms shown for them and every audit entry about those signals and observables (newest first; at most
/// <see cref="AuditQueries.MaxSubjectEntries"/>, <see cref="EntriesTruncated"/> says when there were more).
/// </summary>
public sealed record DataSubjectReport(
    string Query,
    IReadOnlyList<SubjectObservable> Observables,
    IReadOnlyList<SubjectSignal> Signals,
    IReadOnlyList<SubjectPseudonym> Pseudonyms,
    IReadOnlyList<AuditRow> Entries,
    bool EntriesTruncated);

/// <summary>
/// Reading the audit trail (no UI here): search and CSV export for auditors, who opened a signal for its owner
/// organisation, and everything about one value for a data-subject request. Searching, exporting and the
/// data-subject lookup are for the <c>auditor</c> role (and the operator at the command line); every export and
/// every lookup is itself written to the trail.
/// </summary>
public sealed class AuditQueries(AppDbContext db, AuditTrail audit)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxSubjectEntries = 10_000;
    public const string ExportAction = "audit.export";
    public const string SubjectLookupAction = "audit.subject-lookup";

    private static readonly string[] CsvHeader =
        ["id", "at", "userId", "userEmail", "organisationId", "organisationName", "action", "subject", "purpose", "outcome", "recipients", "previousHash", "hash"];

    /// <summary>The entries that match <paramref name="filter"/>, newest first, a page at a time.</summary>
    public async Task<Result<AuditPage>> SearchAsync(Actor actor, AuditFilter filter, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        if (!MayAudit(actor))
        {
            return new Forbidden("Only auditors search the audit trail.");
        }

        var checkedFilter = Check(filter);
        if (!checkedFilter.Ok)
        {
            return checkedFilter.Error!;
        }

        var query = Filtered(checkedFilter.Value!);
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                return new Invalid("cursor", "The cursor is not valid; start again without one.");
            }

            query = query.Where(e => e.Id < before);
        }

        var size = Math.Clamp(limit ?? DefaultPageSize, 1, MaxPageSize);
        var rows = await Rows(query.OrderByDescending(e => e.Id).Take(size + 1)).ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        return new AuditPage(page, rows.Count > size ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// Writes every entry that matches <paramref name="filter"/> to <paramref name="output"/> as CSV (RFC 4180, a
    /// header line, newest first), after recording the export in the trail: the filter as subject, the exporting
    /// user as recipient. Returns the number of entries written.
    /// </summary>
    public async Task<Result<long>> ExportCsvAsync(Actor actor, AuditFilter filter, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (!MayAudit(actor))
        {
            return new Forbidden("Only auditors export the audit trail.");
        }

        var checkedFilter = Check(filter);
        if (!checkedFilter.Ok)
        {
            return checkedFilter.Error!;
        }

        // Recorded before anything is disclosed; the export holds what was there when it was asked for.
        var upTo = await db.AuditEntries.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        await audit.AppendAsync(new AuditEvent(ExportAction, checkedFilter.Value!.Describe(), AuditOutcome.Ok, actor.UserId, actor.OrganisationId,
            Recipients: actor.UserId is null ? "operator" : $"user:{actor.UserId}"), cancellationToken);

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            NewLine = "\r\n",
            // A purpose typed by a user must not become a formula in the auditor's spreadsheet.
            InjectionOptions = InjectionOptions.Escape,
        };
        await using var csv = new CsvWriter(output, configuration, leaveOpen: true);
        foreach (var name in CsvHeader)
        {
            csv.WriteField(name);
        }

        await csv.NextRecordAsync();
        long count = 0;
        var query = Filtered(checkedFilter.Value!).Where(e => e.Id <= upTo);
        await foreach (var row in Rows(query).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(row.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            csv.WriteField(row.UserId);
            csv.WriteField(row.UserEmail);
            csv.WriteField(row.OrganisationId);
            csv.WriteField(row.OrganisationName);
            csv.WriteField(row.Action);
            csv.WriteField(row.Subject);
            csv.WriteField(row.Purpose);
            csv.WriteField(row.Outcome);
            csv.WriteField(row.Recipients);
            csv.WriteField(row.PreviousHash);
            csv.WriteField(row.Hash);
            await csv.NextRecordAsync();
            count++;
        }

        await csv.FlushAsync();
        return count;
    }

    /// <summary>
    /// Who opened the detail of a signal, newest first — for the organisation that owns it only: for any other
    /// organisation (and for a signal that does not exist) the answer is not found.
    /// </summary>
    public async Task<Result<IReadOnlyList<SignalOpening>>> OpenedByAsync(string signalId, string ownerOrganisationId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(signalId) || signalId.Length > Sharing.VisibleSignals.MaxIdLength
            || !await db.Signals.AnyAsync(s => s.Id == signalId && s.OwnerOrganisationId == ownerOrganisationId, cancellationToken))
        {
            return new NotFound("No such signal.");
        }

        var subject = $"signal:{signalId}";
        var rows = await Rows(db.AuditEntries.AsNoTracking()
                .Where(e => e.Subject == subject && e.Action == "signal.read" && e.Outcome == AuditOutcome.Ok))
            .ToListAsync(cancellationToken);
        return Result.Of<IReadOnlyList<SignalOpening>>([.. rows.Select(r => new SignalOpening(r.At, r.UserId, r.UserEmail, r.OrganisationId, r.OrganisationName, r.Purpose))]);
    }

    /// <summary>
    /// Everything stored about <paramref name="text"/> (a name, a plate, a phone number …), for a privacy officer
    /// answering a data-subject request: every observable whose match key equals or contains the value — as typed
    /// and as normalised by each identifier type that accepts it — the signals naming them, the pseudonyms shown for
    /// them, and every audit entry about those signals and observables. The lookup itself is written to the trail
    /// (by observable ids, never the value, which would otherwise stay in the trail for years).
    /// </summary>
    public async Task<Result<DataSubjectReport>> AboutValueAsync(Actor actor, string text, string? purpose = null, CancellationToken cancellationToken = default)
    {
        if (!MayAudit(actor))
        {
            return new Forbidden("Only auditors look up what is stored about a value.");
        }

        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value.Length > 500)
        {
            return new Invalid("value", "A value of 1 to 500 characters is required.");
        }

        Expression<Func<Observable, bool>>? matches = null;
        foreach (var key in MatchKeys(value))
        {
            // Short keys match exactly only: "nl" must not list half the database.
            Expression<Func<Observable, bool>> one = key.Length >= 3 ? o => o.MatchKey.Contains(key) : o => o.MatchKey == key;
            matches = matches is null ? one : matches.Or(one);
        }

        var observables = await db.Observables.AsNoTracking().Where(matches!)
            .OrderBy(o => o.Type).ThenBy(o => o.MatchKey)
            .Select(o => new SubjectObservable(o.Id, o.Type, o.Value, o.IsPersonalData))
            .ToListAsync(cancellationToken);
        var observableIds = observables.Select(o => o.Id).ToList();

        var links = await db.SignalObservables.AsNoTracking().Where(l => observableIds.Contains(l.ObservableId))
            .Select(l => new { l.SignalId, l.ObservableId }).ToListAsync(cancellationToken);
        var signalIds = links.Select(l => l.SignalId).Distinct().ToList();
        var linksBySignal = links.ToLookup(l => l.SignalId, l => l.ObservableId);
        var signals = (await (from s in db.Signals.AsNoTracking()
                              where signalIds.Contains(s.Id)
                              join o in db.Organisations on s.OwnerOrganisationId equals o.Id into owners
                              from o in owners.DefaultIfEmpty()
                              orderby s.CreatedAt descending, s.Id
                              select new { s.Id, s.Title, s.OwnerOrganisationId, OwnerName = o == null ? null : o.Name, s.Status, s.CreatedAt, s.UpdatedAt, s.LegalHold })
                .ToListAsync(cancellationToken))
            .Select(s => new SubjectSignal(s.Id, s.Title, s.OwnerOrganisationId, s.OwnerName, s.Status == SignalStatus.Published ? "published" : "draft",
                s.CreatedAt, s.UpdatedAt, s.LegalHold, [.. linksBySignal[s.Id].Order(StringComparer.Ordinal)]))
            .ToList();

        var pseudonyms = await (from p in db.Pseudonyms.AsNoTracking()
                                where observableIds.Contains(p.ObservableId)
                                join o in db.Organisations on p.OrganisationId equals o.Id into organisations
                                from o in organisations.DefaultIfEmpty()
                                orderby p.ObservableId, p.OrganisationId
                                select new SubjectPseudonym(p.ObservableId, p.OrganisationId, o == null ? null : o.Name, p.Value, p.CreatedAt))
            .ToListAsync(cancellationToken);

        var subjects = signalIds.Select(id => $"signal:{id}").Concat(observableIds.Select(id => $"observable:{id}")).ToList();
        var entries = subjects.Count == 0
            ? []
            : await Rows(db.AuditEntries.AsNoTracking().Where(e => e.Subject != null && subjects.Contains(e.Subject)).OrderByDescending(e => e.Id).Take(MaxSubjectEntries + 1))
                .ToListAsync(cancellationToken);

        await audit.AppendAsync(new AuditEvent(SubjectLookupAction,
            observableIds.Count == 0 ? "observables:none" : "observables:" + string.Join(',', observableIds),
            AuditOutcome.Ok, actor.UserId, actor.OrganisationId, purpose), cancellationToken);
        return new DataSubjectReport(value, observables, signals, pseudonyms, [.. entries.Take(MaxSubjectEntries)], entries.Count > MaxSubjectEntries);
    }

    /// <summary>The value lower-cased as typed, and as normalised by every identifier type that accepts it.</summary>
    internal static IReadOnlyList<string> MatchKeys(string value)
    {
        var keys = new List<string> { value.ToLowerInvariant() };
        foreach (var type in IdentifierChecker.ObservableTypes)
        {
            if (IdentifierChecker.Check(type, value).ObservableValue is { } normalised)
            {
                keys.Add(normalised.ToLowerInvariant());
            }
        }

        return [.. keys.Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private static bool MayAudit(Actor actor) => actor.IsOperator || actor.Has(Role.Auditor);

    private static Result<AuditFilter> Check(AuditFilter filter)
    {
        var errors = new FieldErrors();
        var from = filter.From is { } f ? Utc(f) : (DateTime?)null;
        var to = filter.To is { } t ? Utc(t) : (DateTime?)null;
        if (from > to)
        {
            errors.Add("to", "The end of the period lies before its start.");
        }

        foreach (var (name, text) in new[] { ("userId", filter.UserId), ("organisationId", filter.OrganisationId), ("action", filter.ActionPrefix), ("subject", filter.SubjectContains), ("outcome", filter.Outcome) })
        {
            if (text?.Length > 400)
            {
                errors.Add(name, "At most 400 characters.");
            }
        }

        return errors.Any
            ? errors.ToError()
            : filter with
            {
                From = from,
                To = to,
                UserId = Blank(filter.UserId),
                OrganisationId = Blank(filter.OrganisationId),
                ActionPrefix = Blank(filter.ActionPrefix),
                SubjectContains = Blank(filter.SubjectContains),
                Outcome = Blank(filter.Outcome),
            };

        static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Utc ? t : t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);

        static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        if (filter.UserId is { } user)
        {
            query = query.Where(e => e.UserId == user);
        }

        if (filter.OrganisationId is { } organisation)
        {
            query = query.Where(e => e.OrganisationId == organisation);
        }

        if (filter.ActionPrefix is { } action)
        {
            query = query.Where(e => e.Action.StartsWith(action));
        }

        if (filter.SubjectContains is { } subject)
        {
            query = query.Where(e => e.Subject != null && e.Subject.Contains(subject));
        }

        if (filter.Outcome is { } outcome)
        {
            query = query.Where(e => e.Outcome == outcome);
        }

        return query;
    }

    /// <summary>Entries, newest first, with the e-mail address of the user and the name of the organisation where these still exist.</summary>
    private IQueryable<AuditRow> Rows(IQueryable<AuditEntry> entries) =>
        from e in entries
        join u in db.Users on e.UserId equals u.Id into users
        from u in users.DefaultIfEmpty()
        join o in db.Organisations on e.OrganisationId equals o.Id into organisations
        from o in organisations.DefaultIfEmpty()
        orderby e.Id descending
        select new AuditRow(e.Id, e.At, e.UserId, u == null ? null : u.Email, e.OrganisationId, o == null ? null : o.Name,
            e.Action, e.Subject, e.Purpose, e.Outcome, e.Recipients, e.PreviousHash, e.Hash);
}
