using Microsoft.AspNetCore.Http.HttpResults;
using Slagboom.Core.Programme;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Programme;

public static class MainportsApi
{
    public static void MapMainports(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/mainports").RequireAuthorization(Policies.SignedIn).WithTags("programme");
        group.MapGet("/", List).WithSummary("The five mainports with budgets (million euro; 2025 stands for 2025 and later), strategy lines and measures.");
        group.MapGet("/{code}", Get).WithSummary("One mainport by code (RTM, ZWB, NZK, SCH, FLO).");
    }

    public static async Task<Ok<List<MainportAnswer>>> List(ProgrammeQueries programme, CancellationToken cancellationToken) =>
        TypedResults.Ok((await programme.ListAsync(cancellationToken)).Select(MainportAnswer.From).ToList());

    public static async Task<Results<Ok<MainportAnswer>, ProblemHttpResult>> Get(string code, ProgrammeQueries programme, CancellationToken cancellationToken) =>
        await programme.FindAsync(code, cancellationToken) is { } mainport
            ? TypedResults.Ok(MainportAnswer.From(mainport))
            : ApiProblems.NotFoundProblem($"No mainport '{code}'.");

    public sealed record MainportAnswer(string Code, string Name, string NameEn, string Type, IReadOnlyList<BudgetAnswer> Budgets, IReadOnlyList<StrategyLineAnswer> StrategyLines)
    {
        public static MainportAnswer From(Mainport m) => new(
            m.Code, m.NameNl, m.NameEn, m.Type,
            [.. m.Budgets.Select(b => new BudgetAnswer(b.Year, (double)b.MillionEuro))],
            [.. m.StrategyLines.Select(s => new StrategyLineAnswer(s.Number, s.TitleNl, s.TitleEn, s.DescriptionNl, s.DescriptionEn,
                [.. s.Measures.Select(x => new MeasureAnswer(x.Number, x.NameNl, x.NameEn))]))]);
    }

    /// <summary>Million euro; a JSON number without trailing zeros (16, not 16.0), whatever the database's decimal scale.</summary>
    public sealed record BudgetAnswer(int Year, double MillionEuro);

    public sealed record StrategyLineAnswer(int Number, string Title, string TitleEn, string Description, string DescriptionEn, IReadOnlyList<MeasureAnswer> Measures);

    public sealed record MeasureAnswer(int Number, string Name, string NameEn);
}
