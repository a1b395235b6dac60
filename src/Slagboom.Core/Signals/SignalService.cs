using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Data;
using Slagboom.Core.Errors;
using Slagboom.Core.Sharing;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Sharing;
using Slagboom.Domain.Signals;

namespace Slagboom.Core.Signals;

/// <summary>
/// Signals: create, change, publish, read, list and search — every read through <see cref="SharingPolicy"/>, every
/// change and every opening written to the audit trail.
/// </summary>
public sealed class SignalService(AppDbContext db, Viewers viewers, Pseudonyms pseudonyms, AuditTrail audit, ObservableCatalogue observables, Slagboom.Core.Search.SearchIndex search, TimeProvider clock)
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 25;

    private HashSet<string>? _catalogue;

    public async Task<Result<SignalView>> CreateAsync(Actor actor, SignalInput input, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        if (!viewer.SeesContent)
        {
            return new Forbidden("Only members and analysts create signals.");
        }

        var checkedInput = await CheckAsync(viewer, input, cancellationToken);
        if (!checkedInput.Ok)
        {
            return checkedInput.Error!;
        }

        var signal = NewSignal(actor, viewer, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await ApplyAsync(signal, checkedInput.Value!, cancellationToken);
        db.Signals.Add(signal);
        await db.SaveChangesAsync(cancellationToken);
        await search.IndexAsync([signal], cancellationToken);
        await audit.AppendAsync(Event(actor, "signal.create", signal), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await PresentAsync(viewer, signal, checkedInput.Value!.Warnings, cancellationToken);
    }

    /// <summary>Replaces what the owner wrote. Only the owner organisation changes a signal.</summary>
    public async Task<Result<SignalView>> UpdateAsync(Actor actor, string id, SignalInput input, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await LoadVisibleAsync(viewer, id, cancellationToken);
        if (signal is null || !SharingPolicy.CanChange(viewer, signal))
        {
            await audit.AppendAsync(new AuditEvent("signal.update", VisibleSignals.Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such signal.");
        }

        var checkedInput = await CheckAsync(viewer, input, cancellationToken);
        if (!checkedInput.Ok)
        {
            return checkedInput.Error!;
        }

        var before = (signal.Distribution, signal.SharingGroupId, signal.Tlp, signal.PersonalDataLegalBasis);
        await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
        await ApplyAsync(signal, checkedInput.Value!, cancellationToken);
        signal.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await search.IndexAsync([signal], cancellationToken);
        await audit.AppendAsync(Event(actor, "signal.update", signal), cancellationToken);
        if (before != (signal.Distribution, signal.SharingGroupId, signal.Tlp, signal.PersonalDataLegalBasis))
        {
            await audit.AppendAsync(Event(actor, "signal.share-change", signal) with
            {
                Recipients = $"{signal.Distribution.ToText()} {signal.SharingGroupId} {signal.Tlp.ToLabel()}{(signal.PersonalDataLegalBasis is null ? "" : " personal data disclosed")}".Trim(),
            }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return await PresentAsync(viewer, signal, checkedInput.Value!.Warnings, cancellationToken);
    }

    public async Task<Result<SignalView>> PublishAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await LoadVisibleAsync(viewer, id, cancellationToken);
        if (signal is null || !SharingPolicy.CanChange(viewer, signal))
        {
            await audit.AppendAsync(new AuditEvent("signal.publish", VisibleSignals.Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId), cancellationToken);
            return new NotFound("No such signal.");
        }

        if (signal.Status != SignalStatus.Published)
        {
            var audience = await AudienceOfAsync(signal, cancellationToken);
            await using var transaction = await UnitOfWork.BeginAsync(db, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            signal.Status = SignalStatus.Published;
            signal.PublishedAt = now;
            signal.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(Event(actor, "signal.publish", signal) with { Recipients = string.Join(",", audience.Select(a => a.OrganisationId)) }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return await PresentAsync(viewer, signal, null, cancellationToken);
    }

    /// <summary>
    /// Opens a signal: the caller's view of it, or not found — the same answer for a signal that does not exist and
    /// one the caller may not see. Every opening is logged with its purpose; a refused one too.
    /// </summary>
    public async Task<Result<SignalView>> GetAsync(Actor actor, string id, string? purpose, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await LoadVisibleAsync(viewer, id, cancellationToken);
        if (signal is null)
        {
            await audit.AppendAsync(new AuditEvent("signal.read", VisibleSignals.Subject(id), AuditOutcome.Refused, actor.UserId, actor.OrganisationId, purpose), cancellationToken);
            return new NotFound("No such signal.");
        }

        await audit.AppendAsync(Event(actor, "signal.read", signal) with { Purpose = purpose }, cancellationToken);
        return await PresentAsync(viewer, signal, null, cancellationToken);
    }

    /// <summary>
    /// The signals the caller may see, newest first, filtered in the database by the sharing policy and by
    /// <paramref name="q"/>: every word must occur in the title, the text or an observable value as this caller
    /// receives them.
    /// </summary>
    public async Task<Result<SignalPage>> ListAsync(Actor actor, string? q, string? mainport, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var size = Math.Clamp(limit ?? DefaultPageSize, 1, MaxPageSize);
        var query = db.Signals.AsNoTracking().Where(SharingPolicy.Visible(viewer)).Where(Triage.SignalMerges.Listed(db));
        if (!string.IsNullOrWhiteSpace(mainport))
        {
            var code = MainportCode.Parse(mainport);
            if (code is null)
            {
                return new Invalid("mainport", $"Unknown mainport '{mainport}'.");
            }

            query = query.Where(s => s.Mainport == code);
        }

        foreach (var word in Words(q))
        {
            query = query.Where(Matches(viewer, word));
        }

        if (cursor is not null)
        {
            if (!Cursor.TryRead(cursor, out var at, out var afterId))
            {
                return new Invalid("cursor", "The cursor is not valid; start again without one.");
            }

#pragma warning disable CA1309 // string.Compare without a comparison is what EF translates to SQL's ordinal '<'
            query = query.Where(s => s.CreatedAt < at || (s.CreatedAt == at && string.Compare(s.Id, afterId) < 0));
#pragma warning restore CA1309
        }

        var rows = await query.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Take(size + 1)
            .Include(s => s.Observables).ThenInclude(o => o.Observable)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        var items = new List<SignalView>();
        foreach (var signal in page)
        {
            items.Add(await PresentAsync(viewer, signal, null, cancellationToken));
        }

        var next = rows.Count > size ? Cursor.Write(page[^1].CreatedAt, page[^1].Id) : null;
        return new SignalPage(items, next);
    }

    /// <summary>The organisations a signal reaches once published (the owner included), for the preview before publishing.</summary>
    public async Task<Result<IReadOnlyList<AudienceMember>>> AudienceAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        var viewer = await viewers.ForAsync(actor, cancellationToken);
        var signal = await LoadVisibleAsync(viewer, id, cancellationToken);
        if (signal is null || !SharingPolicy.CanChange(viewer, signal))
        {
            return new NotFound("No such signal.");
        }

        return Result.Of<IReadOnlyList<AudienceMember>>(await AudienceOfAsync(signal, cancellationToken));
    }

    private async Task<IReadOnlyList<AudienceMember>> AudienceOfAsync(Signal signal, CancellationToken cancellationToken)
    {
        // The same policy that decides reads, applied to every organisation as if the signal were published.
        var published = Copy(signal);
        published.Status = SignalStatus.Published;
        var audience = new List<AudienceMember>();
        foreach (var (name, organisation) in await viewers.AllOrganisationsAsync(cancellationToken))
        {
            if (SharingPolicy.CanSee(organisation, published))
            {
                audience.Add(new AudienceMember(organisation.OrganisationId, name, organisation.IsPublic, !SharingPolicy.ReceivesInClear(organisation, published)));
            }
        }

        return audience;
    }

    private Task<Signal?> LoadVisibleAsync(Viewer viewer, string id, CancellationToken cancellationToken) =>
        db.VisibleSignal(viewer, id)
            .Include(s => s.Observables).ThenInclude(o => o.Observable)
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<SignalView> PresentAsync(Viewer viewer, Signal signal, IReadOnlyList<string>? warnings, CancellationToken cancellationToken)
    {
        var clear = SharingPolicy.ReceivesInClear(viewer, signal);
        var ordered = signal.Observables.OrderBy(o => o.Position).Select(o => o.Observable!).ToList();
        var shown = clear ? [] : await pseudonyms.ShowAsync(viewer.OrganisationId, ordered.Where(o => o.IsPersonalData), cancellationToken);
        var owner = signal.OwnerOrganisationId == viewer.OrganisationId;
        return new SignalView(
            signal.Id,
            signal.Title,
            clear ? signal.Description : signal.PartnerSummary,
            signal.PartnerSummary,
            signal.Mainport,
            signal.Location,
            signal.Latitude,
            signal.Longitude,
            signal.OccurredAt,
            signal.Category.ToText(),
            SplitCodes(signal.ModusOperandi),
            signal.ProcessStep,
            [.. ordered.Select(o => new ObservableView(o.Type, o.IsPersonalData && !clear ? shown[o.Id] : o.Value))],
            new DistributionView(signal.Distribution.ToText(), signal.SharingGroupId),
            signal.Tlp.ToText(),
            signal.Status == SignalStatus.Published ? "published" : "draft",
            signal.OwnerOrganisationId,
            owner && signal.PersonalDataLegalBasis is not null ? new PersonalDataDisclosure(signal.PersonalDataLegalBasis) : null,
            signal.CreatedAt,
            signal.UpdatedAt,
            signal.PublishedAt,
            warnings is { Count: > 0 } ? warnings : null)
        {
            Restricted = !clear,
        };
    }

    /// <summary>One word of a search, matched against what <paramref name="viewer"/> receives of each signal.</summary>
#pragma warning disable CA1862 // ToLower().Contains is what both providers translate to a case-insensitive LIKE
    private System.Linq.Expressions.Expression<Func<Signal, bool>> Matches(Viewer viewer, string word)
    {
        var organisation = viewer.OrganisationId;
        System.Linq.Expressions.Expression<Func<Signal, bool>> everyone = s =>
            s.Title.ToLower().Contains(word)
            || (s.PartnerSummary != null && s.PartnerSummary.ToLower().Contains(word))
            || s.Observables.Any(o => !o.Observable!.IsPersonalData && o.Observable.MatchKey.Contains(word));
        System.Linq.Expressions.Expression<Func<Signal, bool>> inClear = s =>
            s.Description.ToLower().Contains(word)
            || s.Observables.Any(o => o.Observable!.IsPersonalData && o.Observable.MatchKey.Contains(word));
        System.Linq.Expressions.Expression<Func<Signal, bool>> byPseudonym = s =>
            s.Observables.Any(o => o.Observable!.IsPersonalData
                && db.Pseudonyms.Any(p => p.OrganisationId == organisation && p.ObservableId == o.ObservableId && p.Value == word));
        var clear = SharingPolicy.ReceivedInClear(viewer);
        return everyone.Or(clear.And(inClear)).Or(clear.Not().And(byPseudonym));
    }
#pragma warning restore CA1862

    /// <summary>
    /// Loads the modus-operandi catalogue once: it is small and fixed within a request, and an import checks many rows
    /// against it — after this, checking a row touches no database.
    /// </summary>
    internal async Task LoadCatalogueAsync(CancellationToken cancellationToken) =>
        _catalogue ??= (await db.ModusOperandi.Select(m => m.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The identifier checks of a signal's observables (at most 200): each value checked and normalised
    /// (<see cref="ObservableCatalogue.Normalize"/>) and named once per type and value, case aside. What is wrong goes to
    /// <paramref name="errors"/> by field, what is doubtful to <paramref name="warnings"/>. Public for the import floor
    /// benchmark, which measures this step alone.
    /// </summary>
    public static List<(string Type, string Value, bool PersonalData)> CheckObservables(IReadOnlyList<ObservableInput?> list, FieldErrors errors, List<string> warnings)
    {
        var normalized = new List<(string Type, string Value, bool PersonalData)>(Math.Min(list.Count, 200));
        if (list.Count > 200)
        {
            errors.Add("observables", "A signal names at most 200 observables.");
        }

        for (var i = 0; i < list.Count && i < 200; i++)
        {
            var checkedValue = ObservableCatalogue.Normalize(list[i]?.Type, list[i]?.Value);
            if (checkedValue.Error is not null)
            {
                errors.Add($"observables[{i}].{checkedValue.Field}", checkedValue.Error);
                continue;
            }

            if (checkedValue.Warning is not null)
            {
                warnings.Add($"observables[{i}].value: {checkedValue.Warning}");
            }

            if (!normalized.Any(n => n.Type == checkedValue.Type && string.Equals(n.Value, checkedValue.Value, StringComparison.OrdinalIgnoreCase)))
            {
                normalized.Add((checkedValue.Type!, checkedValue.Value!, checkedValue.PersonalData));
            }
        }

        return normalized;
    }

    internal async Task<Result<CheckedSignal>> CheckAsync(Viewer viewer, SignalInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            errors.Add("title", "A title of 1 to 200 characters is required.");
        }

        var description = input.Description?.Trim();
        if (string.IsNullOrEmpty(description) || description.Length > 20_000)
        {
            errors.Add("description", "A description of 1 to 20,000 characters is required.");
        }

        var summary = string.IsNullOrWhiteSpace(input.PartnerSummary) ? null : input.PartnerSummary.Trim();
        if (summary?.Length > 5_000)
        {
            errors.Add("partnerSummary", "A partner summary has at most 5,000 characters.");
        }

        var mainport = MainportCode.Parse(input.Mainport);
        if (mainport is null)
        {
            errors.Add("mainport", $"A mainport is required: one of {string.Join(", ", MainportCode.All)}.");
        }

        var now = clock.GetUtcNow();
        if (input.OccurredAt is null)
        {
            errors.Add("occurredAt", "The time of occurrence is required (ISO 8601).");
        }
        else if (input.OccurredAt > now.AddDays(1) || input.OccurredAt < new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero))
        {
            errors.Add("occurredAt", "The time of occurrence must lie between 1990 and now.");
        }

        var category = SignalCategories.Parse(input.Category);
        if (category is null)
        {
            errors.Add("category", $"A category is required: one of {string.Join(", ", SignalCategories.Names)}.");
        }

        var codes = (input.ModusOperandi ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        if (codes.Count > 0)
        {
            await LoadCatalogueAsync(cancellationToken);
            foreach (var unknown in codes.Where(c => !_catalogue!.Contains(c)))
            {
                errors.Add("modusOperandi", $"Unknown modus-operandi code '{unknown}'.");
            }
        }

        if (input.ProcessStep is < 0 or > 9)
        {
            errors.Add("processStep", "A process step is a number from 0 to 9.");
        }

        var location = string.IsNullOrWhiteSpace(input.Location) ? null : input.Location.Trim();
        if (location?.Length > 300)
        {
            errors.Add("location", "A location has at most 300 characters.");
        }

        if (input.Latitude is < -90 or > 90 || (input.Latitude is null) != (input.Longitude is null))
        {
            errors.Add("latitude", "Give latitude (−90…90) and longitude together, or neither.");
        }

        if (input.Longitude is < -180 or > 180)
        {
            errors.Add("longitude", "Longitude lies between −180 and 180.");
        }

        var warnings = new List<string>();
        var normalized = CheckObservables(input.Observables ?? [], errors, warnings);

        var level = SharingTerms.ParseLevel(input.Distribution?.Level);
        string? groupId = null;
        if (level is null)
        {
            errors.Add("distribution.level", $"A distribution level is required: one of {string.Join(", ", SharingTerms.LevelNames)}.");
        }
        else if (level == DistributionLevel.Group)
        {
            groupId = input.Distribution?.GroupId?.Trim();
            var usable = groupId is not null && viewer.SharingGroupIds.Contains(groupId);
            if (!usable)
            {
                errors.Add("distribution.groupId", "Distribution 'group' needs the id of a sharing group your organisation belongs to.");
            }
        }

        var tlp = SharingTerms.ParseTlp(input.Tlp);
        if (tlp is null)
        {
            errors.Add("tlp", $"A TLP marking is required: one of {string.Join(", ", SharingTerms.TlpNames)}.");
        }
        else if (level is not null && SharingPolicy.CheckMarking(level.Value, tlp.Value) is { } clash)
        {
            errors.Add("tlp", clash);
        }

        string? legalBasis = null;
        if (input.PersonalDataToPrivatePartners is not null)
        {
            legalBasis = input.PersonalDataToPrivatePartners.LegalBasis?.Trim();
            if (string.IsNullOrEmpty(legalBasis) || legalBasis.Length > 1000)
            {
                errors.Add("personalDataToPrivatePartners.legalBasis", "Name the legal basis for disclosing personal data to private partners (1 to 1,000 characters).");
            }
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        return new CheckedSignal(title!, description!, summary, mainport!, input.OccurredAt!.Value.UtcDateTime, category!.Value, codes, input.ProcessStep,
            location, input.Latitude, input.Longitude, normalized, level!.Value, groupId, tlp!.Value, legalBasis, warnings);
    }

    private async Task ApplyAsync(Signal signal, CheckedSignal input, CancellationToken cancellationToken) =>
        Apply(signal, input, await observables.StoreAsync(input.Observables, cancellationToken));

    private static void Apply(Signal signal, CheckedSignal input, List<Observable> stored)
    {
        signal.Title = input.Title;
        signal.Description = input.Description;
        signal.PartnerSummary = input.PartnerSummary;
        signal.Mainport = input.Mainport;
        signal.OccurredAt = input.OccurredAt;
        signal.Category = input.Category;
        signal.ModusOperandi = string.Join(';', input.ModusOperandi);
        signal.ProcessStep = input.ProcessStep;
        signal.Location = input.Location;
        signal.Latitude = input.Latitude;
        signal.Longitude = input.Longitude;
        signal.Distribution = input.Distribution;
        signal.SharingGroupId = input.GroupId;
        signal.Tlp = input.Tlp;
        signal.PersonalDataLegalBasis = input.LegalBasis;
        signal.Observables.Clear();
        for (var i = 0; i < stored.Count; i++)
        {
            signal.Observables.Add(SignalObservable.Of(signal, stored[i].Id, i, stored[i]));
        }
    }

    private static Signal NewSignal(Actor actor, Viewer viewer, DateTime now) => new()
    {
        Id = Ids.New(),
        OwnerOrganisationId = viewer.OrganisationId,
        CreatedByUserId = actor.UserId ?? "",
        Title = "",
        Description = "",
        Mainport = "",
        Status = SignalStatus.Draft,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static AuditEvent Event(Actor actor, string action, Signal signal) =>
        new(action, $"signal:{signal.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId);

    private static Signal Copy(Signal s) => new()
    {
        Id = s.Id,
        OwnerOrganisationId = s.OwnerOrganisationId,
        CreatedByUserId = s.CreatedByUserId,
        Title = s.Title,
        Description = s.Description,
        Mainport = s.Mainport,
        Distribution = s.Distribution,
        SharingGroupId = s.SharingGroupId,
        Tlp = s.Tlp,
        Status = s.Status,
        PersonalDataLegalBasis = s.PersonalDataLegalBasis,
    };

    private static string[] SplitCodes(string codes) => codes.Split(';', StringSplitOptions.RemoveEmptyEntries);

    private static List<string> Words(string? q) =>
        string.IsNullOrWhiteSpace(q) ? [] : [.. q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).Where(w => w.Length <= 200).Distinct().Take(10)];


    /// <summary>A signal input that passed every check, normalised.</summary>
    internal sealed record CheckedSignal(
        string Title, string Description, string? PartnerSummary, string Mainport, DateTime OccurredAt, SignalCategory Category,
        IReadOnlyList<string> ModusOperandi, int? ProcessStep, string? Location, double? Latitude, double? Longitude,
        IReadOnlyList<(string Type, string Value, bool PersonalData)> Observables, DistributionLevel Distribution, string? GroupId,
        Tlp Tlp, string? LegalBasis, IReadOnlyList<string> Warnings);
}
