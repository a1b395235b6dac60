using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Data;
using Slagboom.Core.Reports;
using Slagboom.Domain.Mainports;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Reports;

/// <summary>
/// The platform admin's reporting settings per mainport: the organisations whose analysts receive its reports, and
/// the questions of its public reporting page (one per line: Dutch | English).
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class SetupModel(ReportingSetup setup, AppDbContext db, Texts texts) : PageModel
{
    public sealed record OrganisationOption(string Id, string Name, IReadOnlyList<string> Mainports);

    [BindProperty(SupportsGet = true)] public string? Mainport { get; set; }
    [BindProperty] public List<string> OrganisationIds { get; set; } = [];
    [BindProperty] public string? Questions { get; set; }
    public IReadOnlyList<OrganisationOption> Organisations { get; private set; } = [];
    public IReadOnlyList<string> Receivers { get; private set; } = [];
    public string? Ok { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostReceiversAsync(CancellationToken cancellationToken)
    {
        var set = await setup.SetReceiversAsync(User.ToActor(), Mainport, OrganisationIds, cancellationToken);
        Ok = set.Ok ? texts["reportsetup.receiversSaved"] : null;
        Error = set.Ok ? null : set.Error!.Message;
        await LoadAsync(true, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostQuestionsAsync(CancellationToken cancellationToken)
    {
        var lines = (Questions ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new QuestionInput(parts[0], parts.Length > 1 ? parts[1] : null)).ToList();
        var set = await setup.SetQuestionsAsync(User.ToActor(), Mainport, lines, cancellationToken);
        Ok = set.Ok ? texts["reportsetup.questionsSaved"] : null;
        Error = set.Ok ? null : set.Error!.Message;
        await LoadAsync(set.Ok, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(bool reloadQuestions, CancellationToken cancellationToken)
    {
        Mainport = MainportCode.Parse(Mainport) ?? MainportCode.Rotterdam;
        Organisations = (await db.Organisations.AsNoTracking().Include(o => o.Mainports).OrderBy(o => o.Name).ToListAsync(cancellationToken))
            .Select(o => new OrganisationOption(o.Id, o.Name, [.. o.Mainports.Select(m => m.MainportCode).Order(StringComparer.Ordinal)])).ToList();
        Receivers = await setup.ReceiversAsync(Mainport, cancellationToken);
        if (reloadQuestions)
        {
            Questions = string.Join('\n', (await setup.QuestionsAsync(Mainport, cancellationToken)).Select(q => $"{q.Dutch} | {q.English}"));
        }
    }
}
