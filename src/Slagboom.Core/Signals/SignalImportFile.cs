using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace Slagboom.Core.Signals;

/// <summary>One row of an import file: the file's line number, the source's own id and the signal, or what is wrong with the row.</summary>
public sealed record ImportRow(int Line, string? ExternalId, SignalInput? Input, IReadOnlyList<ImportProblem> Problems);

/// <summary>What is wrong with one row: <c>line N: field: message</c>.</summary>
public sealed record ImportProblem(int Line, string Field, string Message)
{
    public override string ToString() => $"line {Line}: {Field}: {Message}";
}

/// <summary>
/// Reads signals to import from JSON lines (one <see cref="SignalInput"/> per line plus <c>externalId</c>) or CSV
/// (RFC 4180, a header row; lists separated by <c>;</c>, observables written <c>type:value</c>). Only the shape is
/// read here; every rule is checked by <see cref="SignalService"/>.
/// </summary>
public static class SignalImportFile
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";
    public const int MaxExternalIdLength = 100;

    public static readonly IReadOnlyList<string> Formats = [Csv, JsonLines];

    public static readonly IReadOnlyList<string> CsvColumns =
        ["externalId", "title", "description", "partnerSummary", "mainport", "occurredAt", "category", "modusOperandi", "processStep", "observables", "distribution", "groupId", "tlp", "location"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IAsyncEnumerable<ImportRow> ReadAsync(string format, TextReader reader, CancellationToken cancellationToken = default) =>
        format == Csv ? ReadCsvAsync(reader, cancellationToken) : ReadJsonLinesAsync(reader, cancellationToken);

    public static async IAsyncEnumerable<ImportRow> ReadJsonLinesAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseJsonLine(number, line);
        }
    }

    public static async IAsyncEnumerable<ImportRow> ReadCsvAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = false, MissingFieldFound = null, BadDataFound = null };
        using var csv = new CsvReader(reader, configuration);
        if (!await csv.ReadAsync())
        {
            yield break;
        }

        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var missing = CsvColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            yield return new ImportRow(1, null, null, [new ImportProblem(1, "header", $"Missing column(s) {string.Join(", ", missing)}; expected {string.Join(",", CsvColumns)}.")]);
            yield break;
        }

        var column = CsvColumns.ToDictionary(c => c, c => Array.FindIndex(header, h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);
        var lastLine = csv.Parser.RawRow;
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A quoted field may span lines: a record starts on the line after the previous one ended.
            var line = lastLine + 1;
            lastLine = csv.Parser.RawRow;
            string? Field(string name) => csv.TryGetField<string>(column[name], out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
            yield return ParseCsvRecord(line, Field);
        }
    }

    private static ImportRow ParseJsonLine(int line, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Bad(line, "json", "Each line must be one JSON object.");
            }

            string? externalId = null;
            if (document.RootElement.TryGetProperty("externalId", out var id))
            {
                externalId = id.ValueKind == JsonValueKind.String ? id.GetString() : id.ValueKind == JsonValueKind.Number ? id.GetRawText() : null;
            }

            var input = document.RootElement.Deserialize<SignalInput>(Json);
            return Row(line, externalId, input, []);
        }
        catch (JsonException e)
        {
            return Bad(line, string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "json" : e.Path.TrimStart('$', '.'), FirstSentence(e.Message));
        }
    }

    private static ImportRow ParseCsvRecord(int line, Func<string, string?> field)
    {
        var problems = new List<ImportProblem>();
        DateTimeOffset? occurredAt = null;
        if (field("occurredAt") is { } when)
        {
            if (DateTimeOffset.TryParse(when.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                occurredAt = parsed;
            }
            else
            {
                problems.Add(new ImportProblem(line, "occurredAt", $"'{when}' is not an ISO 8601 time."));
            }
        }

        int? processStep = null;
        if (field("processStep") is { } step)
        {
            if (int.TryParse(step.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                processStep = number;
            }
            else
            {
                problems.Add(new ImportProblem(line, "processStep", $"'{step}' is not a number."));
            }
        }

        var observables = new List<ObservableInput>();
        foreach (var pair in List(field("observables")))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add(new ImportProblem(line, "observables", $"'{pair}' is not written type:value."));
                continue;
            }

            observables.Add(new ObservableInput(pair[..colon].Trim(), pair[(colon + 1)..].Trim()));
        }

        var distribution = field("distribution") is null && field("groupId") is null ? null : new DistributionInput(field("distribution"), field("groupId"));
        var input = new SignalInput(field("title"), field("description"), field("partnerSummary"), field("mainport"), occurredAt, field("category"),
            List(field("modusOperandi")), processStep, observables, distribution, field("tlp"), null, field("location"));
        return Row(line, field("externalId")?.Trim(), input, problems);
    }

    private static ImportRow Row(int line, string? externalId, SignalInput? input, List<ImportProblem> problems)
    {
        externalId = externalId?.Trim();
        if (string.IsNullOrEmpty(externalId) || externalId.Length > MaxExternalIdLength)
        {
            problems.Insert(0, new ImportProblem(line, "externalId", $"The source's own id of 1 to {MaxExternalIdLength} characters is required."));
        }

        if (input is null)
        {
            problems.Add(new ImportProblem(line, "json", "Each line must be one JSON object."));
        }

        return new ImportRow(line, externalId, problems.Count == 0 ? input : null, problems);
    }

    private static ImportRow Bad(int line, string field, string message) => new(line, null, null, [new ImportProblem(line, field, message)]);

    private static string[] List(string? text) =>
        text is null ? [] : text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
