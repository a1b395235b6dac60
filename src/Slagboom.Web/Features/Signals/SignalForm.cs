using System.Globalization;
using Slagboom.Core.Signals;

namespace Slagboom.Web.Features.Signals;

/// <summary>
/// The signal form as posted: every field kept as typed, so that a form with an error comes back exactly as the user
/// left it. Field names match the keys of the service's field errors (<c>title</c>, <c>observables[2].value</c>,
/// <c>distribution.groupId</c>), except the legal basis, which the form calls <c>legalBasis</c>.
/// </summary>
public sealed class SignalForm
{
    /// <summary>Empty observable rows offered at the end of the form; enough for most signals without script.</summary>
    public const int EmptyObservableRows = 5;

    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? PartnerSummary { get; set; }
    public string? Mainport { get; set; }
    public string? Location { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public string? OccurredAt { get; set; }
    public string? Category { get; set; }
    public List<string>? ModusOperandi { get; set; }
    public string? ProcessStep { get; set; }
    public List<ObservableRow>? Observables { get; set; }
    public DistributionChoice? Distribution { get; set; }
    public string? Tlp { get; set; }
    public string? LegalBasis { get; set; }

    /// <summary>A new signal: shared with the own organisation only and marked TLP:AMBER until the author chooses otherwise.</summary>
    public static SignalForm Blank(string? mainport) => new SignalForm
    {
        Mainport = mainport,
        Distribution = new DistributionChoice { Level = "organisation" },
        Tlp = "amber",
    }.WithEmptyRows();

    /// <summary>The form filled with what the owner wrote, for editing.</summary>
    public static SignalForm From(SignalView signal) => new SignalForm
    {
        Title = signal.Title,
        Description = signal.Description,
        PartnerSummary = signal.PartnerSummary,
        Mainport = signal.Mainport,
        Location = signal.Location,
        Latitude = signal.Latitude?.ToString(CultureInfo.InvariantCulture),
        Longitude = signal.Longitude?.ToString(CultureInfo.InvariantCulture),
        OccurredAt = AmsterdamTime.ToInput(signal.OccurredAt),
        Category = signal.Category,
        ModusOperandi = [.. signal.ModusOperandi],
        ProcessStep = signal.ProcessStep?.ToString(CultureInfo.InvariantCulture),
        Observables = [.. signal.Observables.Select(o => new ObservableRow { Type = o.Type, Value = o.Value })],
        Distribution = new DistributionChoice { Level = signal.Distribution.Level, GroupId = signal.Distribution.GroupId },
        Tlp = signal.Tlp,
        LegalBasis = signal.PersonalDataToPrivatePartners?.LegalBasis,
    }.WithEmptyRows();

    /// <summary>Adds empty observable rows at the end (never in between: row numbers name fields in errors).</summary>
    public SignalForm WithEmptyRows()
    {
        Observables ??= [];
        var empty = Observables.Count(r => r.IsEmpty);
        for (var i = empty; i < EmptyObservableRows; i++)
        {
            Observables.Add(new ObservableRow());
        }

        return this;
    }

    public bool HasModusOperandi(string code) => ModusOperandi?.Contains(code, StringComparer.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The service's input, and for each observable sent the form row it came from (empty rows are left out, so the
    /// service's <c>observables[i]</c> is form row <c>Rows[i]</c>). Text the service cannot take (a time or process
    /// step that is no such thing) is passed on in a form the service refuses, so that every error comes from one place.
    /// </summary>
    public (SignalInput Input, IReadOnlyList<int> Rows) ToInput()
    {
        var rows = new List<int>();
        var observables = new List<ObservableInput>();
        for (var i = 0; i < (Observables?.Count ?? 0); i++)
        {
            var row = Observables![i];
            if (!row.IsEmpty)
            {
                rows.Add(i);
                observables.Add(new ObservableInput(row.Type, row.Value));
            }
        }

        int? step = string.IsNullOrWhiteSpace(ProcessStep) ? null
            : int.TryParse(ProcessStep, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 9 ? number : -1;
        var input = new SignalInput(
            Title,
            Description,
            PartnerSummary,
            Mainport,
            AmsterdamTime.Parse(OccurredAt),
            Category,
            ModusOperandi ?? [],
            step,
            observables,
            new DistributionInput(Distribution?.Level, Distribution?.GroupId),
            Tlp,
            string.IsNullOrWhiteSpace(LegalBasis) ? null : new PersonalDataDisclosure(LegalBasis),
            Location,
            Coordinate(Latitude),
            Coordinate(Longitude));
        return (input, rows);
    }

    /// <summary>A decimal degree typed with a point or a Dutch comma; unreadable text becomes a value the service rejects with the field named.</summary>
    private static double? Coordinate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
            : double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees) && double.IsFinite(degrees) ? degrees : 999;
}

public sealed class ObservableRow
{
    public string? Type { get; set; }
    public string? Value { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Type) && string.IsNullOrWhiteSpace(Value);
}

public sealed class DistributionChoice
{
    public string? Level { get; set; }
    public string? GroupId { get; set; }
}
