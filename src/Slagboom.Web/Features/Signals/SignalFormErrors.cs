using System.Text.RegularExpressions;
using Slagboom.Core.Errors;
using Slagboom.Domain.Sharing;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Signals;

/// <summary>One error of the signal form: the form field it belongs to, the input to link to and what to tell the user.</summary>
public sealed record FieldError(string Field, string InputId, string Message);

/// <summary>
/// Turns the service's field errors (English, keyed by the API's field names) into the form's: keyed by form field,
/// in form order, in the user's language, with the service's own words kept where they carry a detail (a check digit).
/// </summary>
public static partial class SignalFormErrors
{
    private static readonly string[] Order =
    [
        "title", "description", "partnerSummary", "mainport", "location", "latitude", "longitude", "occurredAt", "category", "modusOperandi",
        "processStep", "observables", "distribution.level", "distribution.groupId", "tlp", "legalBasis",
    ];

    public static IReadOnlyList<FieldError> From(Invalid invalid, IReadOnlyList<int> rows, SignalForm form, Texts texts)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        foreach (var (key, messages) in invalid.Fields)
        {
            var detail = string.Join(" ", messages);
            var row = ObservableField().Match(key);
            FieldError error;
            if (row.Success)
            {
                var sent = int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var index = sent < rows.Count ? rows[sent] : sent;
                var part = row.Groups[2].Value;
                var type = form.Observables is { } list && index < list.Count ? list[index].Type : null;
                var message = part == "type" ? texts["signalform.error.observableType"]
                    : detail == "empty" ? texts["signalform.error.observableEmpty"]
                    : texts.Format("signalform.error.observableValue", ObservableLabel(texts, type), detail);
                error = new FieldError($"observables[{index}].{part}", $"observables-{index}-{part}", message);
            }
            else
            {
                error = key switch
                {
                    "title" or "description" or "partnerSummary" or "mainport" or "location" or "occurredAt" or "category"
                        or "modusOperandi" or "processStep" => new FieldError(key, key, texts["signalform.error." + key]),
                    "latitude" or "longitude" => new FieldError(key, key, texts["signalform.error.coordinates"]),
                    "observables" => new FieldError(key, "observables-0-type", texts["signalform.error.observables"]),
                    "distribution.level" => new FieldError(key, "level-organisation", texts["signalform.error.level"]),
                    "distribution.groupId" => new FieldError(key, "groupId", texts["signalform.error.groupId"]),
                    "tlp" => new FieldError(key, "tlp", SharingTerms.ParseTlp(form.Tlp) is null ? texts["signalform.error.tlp"] : texts["signalform.error.tlpRed"]),
                    "personalDataToPrivatePartners.legalBasis" => new FieldError("legalBasis", "legalBasis", texts["signalform.error.legalBasis"]),
                    _ => new FieldError(key, "", detail),
                };
            }

            errors[error.Field] = errors.TryGetValue(error.Field, out var earlier) && earlier.Message != error.Message
                ? error with { Message = earlier.Message + " " + error.Message }
                : error;
        }

        return [.. errors.Values.OrderBy(Rank)];
    }

    /// <summary>The label of an observable type in the user's language; the type itself when unknown.</summary>
    public static string ObservableLabel(Texts texts, string? type) =>
        type is not null && Texts.Entries.ContainsKey("observable." + type) ? texts["observable." + type] : type ?? "";

    private static int Rank(FieldError error)
    {
        var row = ObservableField().Match(error.Field);
        if (row.Success)
        {
            // After the list-wide observables error, before distribution.
            var observables = Array.IndexOf(Order, "observables");
            return (observables * 1000) + 1 + (int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 2) + (row.Groups[2].Value == "value" ? 1 : 0);
        }

        var at = Array.IndexOf(Order, error.Field);
        return (at < 0 ? Order.Length : at) * 1000;
    }

    [GeneratedRegex(@"^observables\[(\d{1,4})\]\.(type|value)$")]
    private static partial Regex ObservableField();
}
