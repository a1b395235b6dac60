using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Slagboom.Domain.Identifiers;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom check TYPE VALUE [--json]</c>: normalises and checks one identifier (CONTRACT.md §2–§3). Pure: it
/// needs no database, keys or configuration. Exit 0 valid, 1 invalid, 2 unknown type.
/// </summary>
internal static class CheckCommand
{
    // Relaxed escaping: a phone number prints as "+31…", not "\u002B31…"; the output is read by scripts, not HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliApp app)
    {
        var type = new Argument<string>("type") { Description = $"The identifier type: {string.Join(", ", IdentifierChecker.ObservableTypes)}." };
        var value = new Argument<string>("value") { Description = "The value to check, as written (quote it when it holds spaces; a value starting with '-' goes after '--')." };
        var json = new Option<bool>("--json") { Description = "Print {\"type\",\"input\",\"valid\",\"normalized\",\"message\"} as JSON." };
        var check = new Command("check", "Check and normalise an identifier (container, IMO, air waybill, plate, IBAN, LEI, RSIN, EORI, UN/LOCODE, KvK, …).") { type, value, json };
        check.SetAction((parse, _) => RunAsync(app, parse.GetValue(type)!, parse.GetValue(value) ?? "", parse.GetValue(json)));
        return check;
    }

    private static async Task<int> RunAsync(CliApp app, string type, string value, bool json)
    {
        if (!IdentifierChecker.IsKnownType(type))
        {
            await app.Error.WriteLineAsync($"Unknown identifier type '{type}'. Known types: {string.Join(", ", IdentifierChecker.ObservableTypes)}.");
            return CliApp.Usage;
        }

        var result = IdentifierChecker.Check(type, value);
        if (json)
        {
            await app.Out.WriteLineAsync(JsonSerializer.Serialize(new CheckOutput(result.Type, result.Input, result.Valid, result.Normalized, result.Message), Json));
        }
        else if (result.Valid)
        {
            await app.Out.WriteLineAsync($"valid {result.Type}: {result.Normalized}");
        }
        else
        {
            await app.Out.WriteLineAsync($"invalid {result.Type} '{result.Input}': {result.Message}");
        }

        if (result.Warning is not null)
        {
            await app.Error.WriteLineAsync($"warning: {result.Warning}");
        }

        return result.Valid ? CliApp.Success : CliApp.Negative;
    }

    /// <summary>The contract's five keys, in the contract's order.</summary>
    private sealed record CheckOutput(string Type, string Input, bool Valid, string? Normalized, string? Message);
}
