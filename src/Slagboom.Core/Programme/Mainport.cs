namespace Slagboom.Core.Programme;

/// <summary>A mainport of the national plan, with its programme (budgets, strategy lines, measures).</summary>
public sealed class Mainport
{
    public required string Code { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    /// <summary><c>seaport</c>, <c>airport</c> or <c>flowers</c>: the modus-operandi catalogue is typed by it.</summary>
    public required string Type { get; set; }
    public string SummaryNl { get; set; } = "";
    public string SummaryEn { get; set; } = "";
    public List<Budget> Budgets { get; set; } = [];
    public List<StrategyLine> StrategyLines { get; set; } = [];
}

/// <summary>Structural budget in million euro for a year; 2025 stands for "2025 and later".</summary>
public sealed class Budget
{
    public required string MainportCode { get; set; }
    public int Year { get; set; }
    public decimal MillionEuro { get; set; }
}

public sealed class StrategyLine
{
    public int Id { get; set; }
    public required string MainportCode { get; set; }
    public int Number { get; set; }
    public required string TitleNl { get; set; }
    public required string TitleEn { get; set; }
    public string DescriptionNl { get; set; } = "";
    public string DescriptionEn { get; set; } = "";
    public List<Measure> Measures { get; set; } = [];
}

public sealed class Measure
{
    public int Id { get; set; }
    public int StrategyLineId { get; set; }
    public int Number { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>An entry of the modus-operandi catalogue (DOMAIN.md §2).</summary>
public sealed class ModusOperandi
{
    public required string Code { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    public string DescriptionEn { get; set; } = "";
    /// <summary>Mainport types the method applies to, separated by <c>;</c> as in the catalogue.</summary>
    public string MainportTypes { get; set; } = "";
    /// <summary>Process-step numbers, separated by <c>;</c>.</summary>
    public string ProcessSteps { get; set; } = "";
}

/// <summary>A step of the criminal logistics process of one chain (port, airport, flowers).</summary>
public sealed class ProcessStep
{
    public required string Chain { get; set; }
    public int Number { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    public string DescriptionEn { get; set; } = "";
}
