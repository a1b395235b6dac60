using Slagboom.Domain.Identifiers;

namespace Slagboom.Domain.Tests.Identifiers;

/// <summary>The identifier checker against the contract's test vectors, its worked examples and its messages.</summary>
public sealed class IdentifierTests
{
    /// <summary>Every row of <c>../shared/testdata/identifiers.tsv</c>: type, input, valid, normalized (empty when invalid).</summary>
    public static TheoryData<string, string, bool, string?> TestVectors
    {
        get
        {
            var data = new TheoryData<string, string, bool, string?>();
            foreach (var row in SharedTestData.IdentifierRows())
            {
                data.Add(row.Type, row.Input, row.Valid, row.Normalized);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TestVectors))]
    public void Check_MatchesTheSharedTestVector(string type, string input, bool valid, string? normalized)
    {
        var result = IdentifierChecker.Check(type, input);

        Assert.Equal(valid, result.Valid);
        Assert.Equal(normalized, result.Normalized);
        Assert.Equal(type, result.Type);
        Assert.Equal(input, result.Input);
        if (valid)
        {
            Assert.Null(result.Message);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Message));
        }
    }

    [Fact]
    public void TestVectors_CoverEveryCheckedType()
    {
        var rows = SharedTestData.IdentifierRows();

        Assert.True(rows.Count >= 80, $"only {rows.Count} rows");
        Assert.Equal(IdentifierChecker.CheckedTypes.Order(), rows.Select(r => r.Type).Distinct().Order());
        Assert.All(IdentifierChecker.CheckedTypes, type => Assert.Contains(rows, r => r.Type == type && !r.Valid));
    }

    [Theory]
    [InlineData("container", "CSQU3054384", "check digit should be 3")]
    [InlineData("container", "MAEX3557552", "the category (fourth character) must be U, J or Z, not X")]
    [InlineData("container", "SUDU163751", "expected 11 characters (owner code, category, 6-digit serial, check digit), got 10")]
    [InlineData("imo", "8814274", "check digit should be 5")]
    [InlineData("imo", "244525116", "expected 7 digits, got 9 (a nine-digit number is an MMSI, not an IMO number)")]
    [InlineData("awb", "016-12345674", "check digit should be 5")]
    [InlineData("awb", "406-0991567", "expected 11 digits, got 10")]
    [InlineData("plate-nl", "E1-95-X5", "letters and digits in no Dutch sidecode pattern (X999X9)")]
    [InlineData("plate-nl", "N/A", "a Dutch plate holds only letters and digits (and dashes)")]
    [InlineData("iban", "NL92ABNA0417164300", "check digits should be 91")]
    [InlineData("iban", "ZZ3805923273983590", "unknown country ZZ (not in the IBAN registry)")]
    [InlineData("iban", "IE47 AIBK 8822 4957 7440 7", "expected 22 characters for IE, got 21")]
    [InlineData("lei", "213800KUD8LAJWSQ9D16", "check digits should be 15")]
    [InlineData("lei", "35700FOIIDLEMNXKI42", "expected 20 characters, got 19")]
    [InlineData("rsin", "111252333", "fails the 11-proof (last digit should be 7)")]
    [InlineData("rsin", "000000000", "cannot be all zeros")]
    [InlineData("rsin", "2302537", "expected 9 digits (or 8 without the leading zero), got 7")]
    [InlineData("eori", "US94066761064", "unknown country US (an EORI starts with an EU member state or XI)")]
    [InlineData("eori", "NL59868272", "a Dutch EORI is NL and 9 digits (the RSIN), got 8")]
    [InlineData("unlocode", "ZZZWR", "unknown country ZZ")]
    [InlineData("unlocode", "PTLI1", "the last 3 characters must be letters or digits 2–9")]
    [InlineData("kvk", "6649952", "expected 8 digits, got 7")]
    [InlineData("kvk", "000024582361", "expected 8 digits, got 12 (a twelve-digit number is a branch number, not a KvK number)")]
    [InlineData("kvk", "", "empty")]
    public void Check_SaysWhatIsWrongInPlainEnglish(string type, string input, string message)
    {
        var result = IdentifierChecker.Check(type, input);

        Assert.False(result.Valid);
        Assert.Null(result.Normalized);
        Assert.Equal(message, result.Message);
    }

    // DOMAIN.md §5, worked examples.
    [Theory]
    [InlineData("container", "CSQU3054383", true)]
    [InlineData("container", "CSQU3054384", false)]
    [InlineData("container", "GYOU4047990", true)] // S = 8579, remainder 10 → check digit 0
    [InlineData("imo", "9319466", true)]
    [InlineData("imo", "8814274", false)]
    [InlineData("awb", "016-12345675", true)]
    [InlineData("awb", "016-12345674", false)]
    [InlineData("eori", "NL000123456", true)]
    [InlineData("iban", "NL91ABNA0417164300", true)]
    [InlineData("lei", "213800KUD8LAJWSQ9D15", true)]
    [InlineData("lei", "213800KUD8LXJWSQ9D15", false)]
    [InlineData("kvk", "12345678", true)]
    [InlineData("rsin", "111222333", true)]
    [InlineData("rsin", "111252333", false)]
    [InlineData("unlocode", "NLRTM", true)]
    [InlineData("unlocode", "NLVLI", true)]
    [InlineData("unlocode", "NLTNZ", true)]
    [InlineData("unlocode", "NLMOE", true)]
    [InlineData("unlocode", "NLAMS", true)]
    [InlineData("unlocode", "NLIJM", true)]
    public void Check_AgreesWithTheWorkedExamples(string type, string input, bool valid) =>
        Assert.Equal(valid, IdentifierChecker.Check(type, input).Valid);

    [Fact]
    public void Iban_CheckDigitsOfTheWorkedExampleAre98Minus7()
    {
        // 98 − (ABNA0417164300 NL00 converted) mod 97 = 98 − 7 = 91.
        Assert.Equal("check digits should be 91", IdentifierChecker.Check("iban", "NL00ABNA0417164300").Message);
    }

    [Theory]
    [InlineData("BT1234", 1, "BT-12-34")]
    [InlineData("1234BT", 2, "12-34-BT")]
    [InlineData("12BT34", 3, "12-BT-34")]
    [InlineData("BT12BT", 4, "BT-12-BT")]
    [InlineData("BTBT12", 5, "BT-BT-12")]
    [InlineData("12BTBT", 6, "12-BT-BT")]
    [InlineData("12BTF3", 7, "12-BTF-3")]
    [InlineData("1BTF23", 8, "1-BTF-23")]
    [InlineData("BT123F", 9, "BT-123-F")]
    [InlineData("B123TF", 10, "B-123-TF")]
    [InlineData("BTF12G", 11, "BTF-12-G")]
    [InlineData("B12TFG", 12, "B-12-TFG")]
    [InlineData("1BT234", 13, "1-BT-234")]
    [InlineData("123BT4", 14, "123-BT-4")]
    public void DutchPlate_WritesEachSidecodeWithItsDashes(string characters, int sidecode, string written)
    {
        Assert.True(DutchPlate.TryParse(characters.ToLowerInvariant(), out var plate, out _));
        Assert.Equal(sidecode, plate.Sidecode);
        Assert.Equal(written, plate.Value);
        Assert.Null(plate.Warning);
        Assert.Equal(written, IdentifierChecker.Check("plate-nl", characters).Normalized);
    }

    [Fact]
    public void DutchPlate_LettersTheRdwDoesNotIssue_AreAWarningOnly()
    {
        var result = IdentifierChecker.Check("plate-nl", "AB-12-34");

        Assert.True(result.Valid);
        Assert.Equal("AB-12-34", result.Normalized);
        Assert.Contains("letter A", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Imo_FailingCheckDigit_IsInvalidButKeptForObservablesWithAWarning()
    {
        var result = IdentifierChecker.Check("imo", "IMO 8814274");

        Assert.False(result.Valid);
        Assert.Null(result.Normalized);
        Assert.Equal("check digit should be 5", result.Message);
        Assert.Equal("IMO8814274", result.ObservableValue);
        Assert.True(result.Keepable);
        Assert.Contains("many real ships", result.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imo", "IMO 954374")]
    [InlineData("container", "CSQU3054384")]
    [InlineData("iban", "BE76 2130 5248 2995")]
    public void OtherFailures_AreNotKept(string type, string input)
    {
        var result = IdentifierChecker.Check(type, input);

        Assert.False(result.Keepable);
        Assert.Null(result.ObservableValue);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void ValidValue_IsKeptAsItsNormalizedForm()
    {
        var result = IdentifierChecker.Check("container", "csqu 305438-3");

        Assert.Equal("CSQU3054383", result.Normalized);
        Assert.Equal(result.Normalized, result.ObservableValue);
    }

    [Theory]
    [InlineData("bsn")]
    [InlineData("mmsi")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownTypes_AreNotKnownAndCannotBeChecked(string? type)
    {
        Assert.False(IdentifierChecker.IsKnownType(type));
        Assert.Null(IdentifierChecker.ParseType(type));
        Assert.Throws<ArgumentException>(() => IdentifierChecker.Check(type!, "111222333"));
    }

    [Theory]
    [InlineData(" IMO ", "imo")]
    [InlineData("Plate-NL", "plate-nl")]
    [InlineData("xs-id", "xs-id")]
    public void TypeNames_ForgiveCaseAndSpaces(string written, string type)
    {
        Assert.Equal(type, IdentifierChecker.ParseType(written));
        Assert.Equal(type, IdentifierChecker.Check(written, "x").Type);
    }

    [Theory]
    [InlineData("010 123 4567", "+31101234567")]
    [InlineData("06 1234 5678", "+31612345678")]
    [InlineData("0031 10 123 4567", "+31101234567")]
    [InlineData("+31 (0)10-123 45 67", "+31101234567")]
    [InlineData("+32 3 229 18 11", "+3232291811")]
    public void Phone_IsWrittenInE164WithTheNetherlandsAsDefault(string input, string e164)
    {
        var result = IdentifierChecker.Check("phone", input);

        Assert.True(result.Valid, result.Message);
        Assert.Equal(e164, result.Normalized);
        Assert.Matches(@"^\+[1-9][0-9]{1,14}$", result.Normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("call me")]
    [InlineData("12")]
    public void Phone_ThatCannotBeANumber_IsInvalid(string input)
    {
        var result = IdentifierChecker.Check("phone", input);

        Assert.False(result.Valid);
        Assert.NotNull(result.Message);
    }

    [Theory]
    [InlineData("email", "  Jan.Jansen@Politie.NL ", "jan.jansen@politie.nl")]
    [InlineData("person", "  Jan   de\tVries ", "Jan de Vries")]
    [InlineData("company", "Rotterdam  Shipping   B.V.", "Rotterdam Shipping B.V.")]
    [InlineData("vessel", " MSC  Gülsün ", "MSC Gülsün")]
    [InlineData("plate", "de: hh-ab 1234", "DE:HHAB1234")]
    [InlineData("pass", " RTM-00123 ", "RTM-00123")]
    [InlineData("bl", " MEDU1234567 ", "MEDU1234567")]
    [InlineData("text", "  een  vrije tekst ", "een  vrije tekst")]
    [InlineData("url", " https://example.org/x ", "https://example.org/x")]
    public void UncheckedTypes_AreNormalisedAsTheContractSays(string type, string input, string normalized)
    {
        var result = IdentifierChecker.Check(type, input);

        Assert.True(result.Valid, result.Message);
        Assert.Equal(normalized, result.Normalized);
    }

    [Theory]
    [InlineData("email", "jan.politie.nl")]
    [InlineData("email", "jan@")]
    [InlineData("plate", "HHAB1234")]
    [InlineData("plate", "ZZ:HHAB1234")]
    [InlineData("person", "   ")]
    [InlineData("text", "")]
    public void UncheckedTypes_StillRefuseWhatIsNoValueAtAll(string type, string input) =>
        Assert.False(IdentifierChecker.Check(type, input).Valid);

    [Fact]
    public void Types_AreTheContractLists()
    {
        Assert.Equal(["container", "imo", "awb", "plate-nl", "iban", "lei", "rsin", "eori", "unlocode", "kvk"], IdentifierChecker.CheckedTypes);
        Assert.Equal(24, IdentifierChecker.ObservableTypes.Distinct().Count());
        Assert.All(["phone", "email", "person", "company", "vessel", "plate", "pass", "ean", "xs-id", "bl", "seal", "flight", "url", "text"],
            type => Assert.True(IdentifierChecker.IsKnownType(type) && !IdentifierChecker.HasCheck(type), type));
        Assert.All(IdentifierChecker.CheckedTypes, type => Assert.True(IdentifierChecker.HasCheck(type), type));
    }

    [Fact]
    public void PersonalData_IsExactlyTheContractSet()
    {
        string[] personal = ["person", "phone", "email", "plate-nl", "plate", "pass", "xs-id", "iban"];

        Assert.Equal(personal.Order(), IdentifierChecker.PersonalDataTypes.Order());
        Assert.All(IdentifierChecker.ObservableTypes, type => Assert.Equal(personal.Contains(type), IdentifierChecker.IsPersonalData(type)));
    }

    [Fact]
    public void Registries_HoldTheRuleSets()
    {
        Assert.Equal(249, CountryCode.Assigned.Count);
        Assert.False(CountryCode.IsAssigned("XK"));
        Assert.Equal(89, Iban.LengthByCountry.Count);
        Assert.Equal(18, Iban.LengthByCountry["NL"]);
        Assert.Equal(28, Eori.Countries.Count);
        Assert.All(Eori.Countries.Where(c => c != "XI"), c => Assert.True(CountryCode.IsAssigned(c), c));
    }
}

/// <summary>Reads the shared test data beside the repository (<c>../shared/testdata</c>).</summary>
internal static class SharedTestData
{
    public sealed record IdentifierRow(string Type, string Input, bool Valid, string? Normalized);

    public static IReadOnlyList<IdentifierRow> IdentifierRows()
    {
        var path = Path.Combine(RepositoryRoot(), "..", "shared", "testdata", "identifiers.tsv");
        return File.ReadAllLines(path)
            .Skip(1) // header: type, input, valid, normalized
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cells => new IdentifierRow(cells[0], cells[1], bool.Parse(cells[2]), cells.Length > 3 && cells[3].Length > 0 ? cells[3] : null))
            .ToList();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Slagboom.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Slagboom.slnx not found above " + AppContext.BaseDirectory);
    }
}
