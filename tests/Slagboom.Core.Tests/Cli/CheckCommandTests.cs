using System.Text.Json;
using Slagboom.Cli;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Cli;

/// <summary><c>slagboom check</c>: contract output and exit codes, run in-process without any database.</summary>
public sealed class CheckCommandTests
{
    public static TheoryData<string, string, bool, string?> TestVectors
    {
        get
        {
            var data = new TheoryData<string, string, bool, string?>();
            foreach (var cells in File.ReadAllLines(Path.Combine(RepositoryRoot.Shared, "testdata", "identifiers.tsv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')))
            {
                data.Add(cells[0], cells[1], bool.Parse(cells[2]), cells.Length > 3 && cells[3].Length > 0 ? cells[3] : null);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TestVectors))]
    public async Task Json_MatchesTheSharedTestVector(string type, string input, bool valid, string? normalized)
    {
        // A value that starts with '-' goes after '--', as for any command line.
        var result = await RunAsync(input.StartsWith('-') ? ["check", type, "--json", "--", input] : ["check", type, input, "--json"]);

        Assert.Equal(valid ? 0 : 1, result.Code);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(["type", "input", "valid", "normalized", "message"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(type, json.GetProperty("type").GetString());
        Assert.Equal(input, json.GetProperty("input").GetString());
        Assert.Equal(valid, json.GetProperty("valid").GetBoolean());
        Assert.Equal(normalized, json.GetProperty("normalized").GetString());
        Assert.Equal(valid ? JsonValueKind.Null : JsonValueKind.String, json.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task Json_IsExactlyTheContractLine()
    {
        var valid = await RunAsync("check", "container", "CSQU 305438 3", "--json");
        var invalid = await RunAsync("check", "container", "CSQU3054384", "--json");

        Assert.Equal(0, valid.Code);
        Assert.Equal("""{"type":"container","input":"CSQU 305438 3","valid":true,"normalized":"CSQU3054383","message":null}""", valid.Out.Trim());
        Assert.Equal(1, invalid.Code);
        Assert.Equal("""{"type":"container","input":"CSQU3054384","valid":false,"normalized":null,"message":"check digit should be 3"}""", invalid.Out.Trim());
        Assert.Empty(invalid.Err);
    }

    [Fact]
    public async Task Json_WritesAPhoneNumberWithAPlainPlus()
    {
        var result = await RunAsync("check", "phone", "010 123 4567", "--json");

        Assert.Equal(0, result.Code);
        Assert.Contains("\"normalized\":\"+31101234567\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutJson_PrintsOneHumanLine()
    {
        var valid = await RunAsync("check", "imo", "9319466");
        var invalid = await RunAsync("check", "iban", "NL92ABNA0417164300");

        Assert.Equal((0, "valid imo: IMO9319466"), (valid.Code, valid.Out.Trim()));
        Assert.Equal((1, "invalid iban 'NL92ABNA0417164300': check digits should be 91"), (invalid.Code, invalid.Out.Trim()));
    }

    [Fact]
    public async Task ImoWithAFailingCheckDigit_IsInvalidWithAWarningOnStderr()
    {
        var result = await RunAsync("check", "imo", "8814274", "--json");

        Assert.Equal(1, result.Code);
        Assert.Equal("check digit should be 5", JsonDocument.Parse(result.Out).RootElement.GetProperty("message").GetString());
        Assert.Contains("warning:", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bsn")]
    [InlineData("mmsi")]
    public async Task UnknownType_ExitsTwoAndListsTheKnownTypes(string type)
    {
        var result = await RunAsync("check", type, "111222333", "--json");

        Assert.Equal(2, result.Code);
        Assert.Empty(result.Out);
        Assert.Contains($"'{type}'", result.Err, StringComparison.Ordinal);
        Assert.Contains("container, imo, awb, plate-nl, iban, lei, rsin, eori, unlocode, kvk", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check container")]
    [InlineData("check container CSQU3054383 extra")]
    public async Task MissingOrExtraArguments_AreAUsageError(string commandLine)
    {
        var result = await RunAsync(commandLine.Split(' '));

        Assert.Equal(2, result.Code);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DescribesTheCommand()
    {
        var result = await RunAsync("check", "--help");

        Assert.Equal(0, result.Code);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NeedsNoDatabaseOrDataFolder()
    {
        var data = Path.Combine(Path.GetTempPath(), "slagboom-check-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string?>
        {
            ["SLAGBOOM_DATA"] = data,
            ["SLAGBOOM_DB"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=1",
        };
        var output = new StringWriter();

        var code = await CliApp.RunAsync(["check", "kvk", "80569710"], output, new StringWriter(), environment);

        Assert.Equal(0, code);
        Assert.Equal("valid kvk: 80569710", output.ToString().Trim());
        Assert.False(Directory.Exists(data));
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, new Dictionary<string, string?>());
        return (code, output.ToString(), error.ToString());
    }
}
