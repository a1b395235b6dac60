using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Domain.Accounts;

namespace Slagboom.Core.Programme;

/// <summary>
/// Loads the reference data compiled into this assembly (the national plan's mainports, budgets, strategy lines
/// and measures; the modus-operandi catalogue; the process steps). Idempotent: rows are matched on their natural
/// keys and updated in place, so running it again changes nothing.
/// </summary>
public sealed class ReferenceDataSeeder(AppDbContext db)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var mainports = ReferenceData.Mainports();
        var existing = await db.Mainports
            .Include(m => m.Budgets)
            .Include(m => m.StrategyLines).ThenInclude(s => s.Measures)
            .AsSplitQuery()
            .ToDictionaryAsync(m => m.Code, cancellationToken);

        foreach (var source in mainports)
        {
            if (!existing.TryGetValue(source.Code, out var target))
            {
                target = new Mainport { Code = source.Code, NameNl = source.NameNl, NameEn = source.NameEn, Type = source.Type };
                db.Mainports.Add(target);
            }

            target.NameNl = source.NameNl;
            target.NameEn = source.NameEn;
            target.Type = source.Type;
            target.SummaryNl = source.SummaryNl;
            target.SummaryEn = source.SummaryEn;

            foreach (var budget in source.Budgets)
            {
                var row = target.Budgets.FirstOrDefault(b => b.Year == budget.Year);
                if (row is null)
                {
                    target.Budgets.Add(new Budget { MainportCode = source.Code, Year = budget.Year, MillionEuro = budget.MillionEuro });
                }
                else if (row.MillionEuro != budget.MillionEuro)
                {
                    row.MillionEuro = budget.MillionEuro;
                }
            }

            foreach (var line in source.StrategyLines)
            {
                var row = target.StrategyLines.FirstOrDefault(s => s.Number == line.Number);
                if (row is null)
                {
                    row = new StrategyLine { MainportCode = source.Code, Number = line.Number, TitleNl = line.TitleNl, TitleEn = line.TitleEn };
                    target.StrategyLines.Add(row);
                }

                row.TitleNl = line.TitleNl;
                row.TitleEn = line.TitleEn;
                row.DescriptionNl = line.DescriptionNl;
                row.DescriptionEn = line.DescriptionEn;
                foreach (var measure in line.Measures)
                {
                    var m = row.Measures.FirstOrDefault(x => x.Number == measure.Number);
                    if (m is null)
                    {
                        row.Measures.Add(new Measure { Number = measure.Number, NameNl = measure.NameNl, NameEn = measure.NameEn });
                    }
                    else
                    {
                        m.NameNl = measure.NameNl;
                        m.NameEn = measure.NameEn;
                    }
                }
            }
        }

        var steps = await db.ProcessSteps.ToDictionaryAsync(p => (p.Chain, p.Number), cancellationToken);
        foreach (var step in ReferenceData.ProcessSteps())
        {
            if (steps.TryGetValue((step.Chain, step.Number), out var row))
            {
                row.NameNl = step.NameNl;
                row.NameEn = step.NameEn;
                row.DescriptionEn = step.DescriptionEn;
            }
            else
            {
                db.ProcessSteps.Add(step);
            }
        }

        var methods = await db.ModusOperandi.ToDictionaryAsync(m => m.Code, cancellationToken);
        foreach (var method in ReferenceData.ModusOperandi())
        {
            if (methods.TryGetValue(method.Code, out var row))
            {
                row.NameNl = method.NameNl;
                row.NameEn = method.NameEn;
                row.DescriptionEn = method.DescriptionEn;
                row.MainportTypes = method.MainportTypes;
                row.ProcessSteps = method.ProcessSteps;
            }
            else
            {
                db.ModusOperandi.Add(method);
            }
        }

        var roles = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var role in Role.All.Where(r => !roles.Contains(r)))
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The reference data as compiled into the assembly (copied from the national plan and the catalogue).</summary>
public static class ReferenceData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<MainportSource> Mainports()
    {
        using var stream = Open("mainports.json");
        return JsonSerializer.Deserialize<List<MainportSource>>(stream, Json)
            ?? throw new InvalidOperationException("mainports.json is empty.");
    }

    public static IReadOnlyList<ProcessStep> ProcessSteps() => ReadCsv("process-steps.csv", row => new ProcessStep
    {
        Chain = row.GetField("chain")!,
        Number = int.Parse(row.GetField("number")!, CultureInfo.InvariantCulture),
        NameNl = row.GetField("name_nl")!,
        NameEn = row.GetField("name_en")!,
        DescriptionEn = row.GetField("description_en") ?? "",
    });

    public static IReadOnlyList<ModusOperandi> ModusOperandi() => ReadCsv("modus-operandi.csv", row => new ModusOperandi
    {
        Code = row.GetField("code")!,
        NameNl = row.GetField("name_nl")!,
        NameEn = row.GetField("name_en")!,
        DescriptionEn = row.GetField("description_en") ?? "",
        MainportTypes = row.GetField("mainport_types") ?? "",
        ProcessSteps = row.GetField("process_steps") ?? "",
    });

    private static List<T> ReadCsv<T>(string name, Func<CsvReader, T> map)
    {
        using var reader = new StreamReader(Open(name));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var rows = new List<T>();
        while (csv.Read())
        {
            rows.Add(map(csv));
        }

        return rows;
    }

    private static Stream Open(string name) =>
        typeof(ReferenceData).Assembly.GetManifestResourceStream("Slagboom.Seed." + name)
        ?? throw new InvalidOperationException($"Reference data {name} is missing from the build.");

    public sealed record MainportSource(
        string Code, string NameNl, string NameEn, string Type, string SummaryNl, string SummaryEn,
        List<BudgetSource> Budgets, List<StrategyLineSource> StrategyLines);

    public sealed record BudgetSource(int Year, decimal MillionEuro);

    public sealed record StrategyLineSource(int Number, string TitleNl, string TitleEn, string DescriptionNl, string DescriptionEn, List<MeasureSource> Measures);

    public sealed record MeasureSource(int Number, string NameNl, string NameEn);
}
