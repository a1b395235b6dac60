using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Programme;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Programme;

public sealed class ReferenceDataTests
{
    private static readonly string PlanPath = Path.Combine(RepositoryRoot.Shared, "seed", "000_57c4b92f16e31bc3.txt");

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Seed_LoadsFiveMainportsWithThePlansBudgets(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var mainports = await instance.RunAsync<ProgrammeQueries, List<Mainport>>(q => q.ListAsync());

        Assert.Equal(["RTM", "ZWB", "NZK", "SCH", "FLO"], mainports.Select(m => m.Code));
        var expected = PlanBudgets();
        foreach (var mainport in mainports)
        {
            Assert.Equal(expected[mainport.NameNl], mainport.Budgets.Select(b => (b.Year, b.MillionEuro)).ToList());
        }

        Assert.Equal(16.5m, mainports.Single(m => m.Code == "RTM").Budgets.Single(b => b.Year == 2025).MillionEuro);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Seed_RunTwice_ChangesNothing(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var before = await CountsAsync(instance);
        await instance.RunAsync<ReferenceDataSeeder>(s => s.SeedAsync());
        var after = await CountsAsync(instance);

        Assert.Equal(before, after);
        Assert.Equal(5, before.Mainports);
        Assert.Equal(15, before.Budgets);
        Assert.Equal(16, before.Lines);
        Assert.Equal(5, before.Roles);
        Assert.True(before.Measures >= 16, "every strategy line names at least one measure");
        Assert.Equal(CsvRows("modus-operandi.csv"), before.Methods);
        Assert.Equal(CsvRows("process-steps.csv"), before.Steps);
    }

    [Fact]
    public void StrategyLines_AreNumberedAsInThePlanWithMeasuresInBothLanguages()
    {
        var mainports = ReferenceData.Mainports();
        Assert.Equal([3, 3, 3, 3, 4], mainports.Select(m => m.StrategyLines.Count));
        foreach (var line in mainports.SelectMany(m => m.StrategyLines))
        {
            Assert.NotEmpty(line.Measures);
            Assert.False(string.IsNullOrWhiteSpace(line.TitleNl));
            Assert.False(string.IsNullOrWhiteSpace(line.TitleEn));
            Assert.All(line.Measures, m => Assert.False(string.IsNullOrWhiteSpace(m.NameNl) || string.IsNullOrWhiteSpace(m.NameEn)));
        }

        Assert.Equal("Internationaal offensief", mainports[0].StrategyLines[0].TitleNl);
    }

    [Fact]
    public void CatalogueAndSteps_MatchTheSharedSeedFiles()
    {
        var methods = ReferenceData.ModusOperandi();
        Assert.Equal(CsvRows("modus-operandi.csv"), methods.Count);
        Assert.Contains(methods, m => m.Code == "SEA-C01" && m.NameEn == "Rip-on/rip-off" && m.ProcessSteps == "1;3;5");
        Assert.Equal(methods.Count, methods.Select(m => m.Code).Distinct().Count());
        var steps = ReferenceData.ProcessSteps();
        Assert.Contains(steps, s => s.Chain == "port" && s.Number == 0 && s.NameNl == "Voorbereiding & werving");
    }

    /// <summary>Reads the budgets straight from the national plan's text, so the seed cannot drift from it.</summary>
    private static Dictionary<string, List<(int, decimal)>> PlanBudgets()
    {
        var lines = File.ReadAllLines(PlanPath);
        var result = new Dictionary<string, List<(int, decimal)>>();
        for (var i = 0; i + 2 < lines.Length; i++)
        {
            if (lines[i + 1].Trim() == "2023 2024 2025 e.v.")
            {
                var figures = Regex.Matches(lines[i + 2], @"(\d+(?:,\d+)?) min\.").Select(m => decimal.Parse(m.Groups[1].Value, new CultureInfo("nl-NL"))).ToList();
                result[lines[i].Trim()] = [(2023, figures[0]), (2024, figures[1]), (2025, figures[2])];
            }
        }

        Assert.Equal(5, result.Count);
        return result;
    }

    private static int CsvRows(string name)
    {
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Shared, "data", name));
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Count();
    }

    private static Task<(int Mainports, int Budgets, int Lines, int Measures, int Methods, int Steps, int Roles)> CountsAsync(TestInstance instance) =>
        instance.QueryAsync(async db => (
            await db.Mainports.CountAsync(), await db.Budgets.CountAsync(), await db.StrategyLines.CountAsync(),
            await db.Measures.CountAsync(), await db.ModusOperandi.CountAsync(), await db.ProcessSteps.CountAsync(), await db.Roles.CountAsync()));
}
