using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Errors;
using Slagboom.Core.RuleBook;
using Slagboom.Rules;
using Slagboom.Web.Features.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Rules;

/// <summary>
/// The rule editor: a form of the common fields beside the YAML, which is the source of truth. "Apply form"
/// rewrites the YAML on the server; "Check" and "Save" run it through the rule loader and show errors with their
/// line. Editors also publish, retire and backtest; readers see the rule and its history only. <c>/rules/new</c>
/// starts a new rule of a mainport.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class RuleModel(RuleBookService book, RuleBookAccess access, TimeProvider clock, Texts texts) : PageModel
{
    public const string DoneKey = "rules.done";

    public const string NewId = "new";

    public const string Template = """
        id: RTM-NEW-001
        title: Nieuwe regel
        severity: medium
        type: match
        where: { kind: access, granted: false }
        by: pass
        """;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Mainport { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Version { get; set; }

    [BindProperty]
    public string? Yaml { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Severity { get; set; }

    [BindProperty]
    public string? RuleType { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? By { get; set; }

    [BindProperty]
    public string? Within { get; set; }

    [BindProperty]
    public string? Count { get; set; }

    [BindProperty]
    public string? Sites { get; set; }

    [BindProperty]
    public string? Where { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    public RuleDetail? Detail { get; private set; }
    public bool IsNew => Id == NewId;
    public bool CanEdit { get; private set; }
    public IReadOnlyList<RuleError> YamlErrors { get; private set; } = [];
    public string? WhereError { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public BacktestResult? Backtest { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var shown = Version is { } v ? Detail?.Versions.FirstOrDefault(x => x.Number == v) : Detail?.Latest;
        Yaml = shown?.Yaml ?? (IsNew ? Template.Replace("RTM-", Mainport + "-", StringComparison.Ordinal) : "");
        Version = shown?.Number;
        FillForm();
        DefaultPeriod();
        return Page();
    }

    /// <summary>Writes the form's fields into the YAML; nothing is saved.</summary>
    public async Task<IActionResult> OnPostFormAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || !CanEdit)
        {
            return NotFound();
        }

        var (yaml, errors) = RuleText.ApplyForm(Yaml ?? "", new RuleForm(Title, Severity, RuleType, Description, By, Within, Count, Sites, Where), Detail?.Rule.Mainport ?? Mainport!);
        if (yaml is null)
        {
            var e = errors[0];
            if (e.File == "where")
            {
                WhereError = texts.Format("rules.lineError", e.Line, e.Column, e.Message);
            }
            else
            {
                YamlErrors = errors;
            }
        }
        else
        {
            Yaml = yaml;
            Message = texts["rules.formApplied"];
            YamlErrors = await book.ValidateAsync(yaml, Detail?.Rule.Mainport ?? Mainport!, IsNew ? null : Id, cancellationToken);
        }

        ModelState.Clear();
        DefaultPeriod();
        return Page();
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || !CanEdit)
        {
            return NotFound();
        }

        YamlErrors = await book.ValidateAsync(Yaml ?? "", Detail?.Rule.Mainport ?? Mainport!, IsNew ? null : Id, cancellationToken);
        Message = YamlErrors.Count == 0 ? texts["rules.checked"] : null;
        ModelState.Clear();
        FillForm();
        DefaultPeriod();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || !CanEdit)
        {
            return NotFound();
        }

        var saved = IsNew
            ? await book.CreateAsync(User.ToActor(), Mainport!, Yaml ?? "", Comment, cancellationToken)
            : await book.SaveAsync(User.ToActor(), Id, Yaml ?? "", Comment, cancellationToken);
        if (saved.Ok)
        {
            TempData[DoneKey] = texts.Format("rules.saved", saved.Value!.Rule.LatestVersion);
            return Redirect($"/rules/{Uri.EscapeDataString(saved.Value.Rule.Id)}");
        }

        ShowError(saved.Error!);
        ModelState.Clear();
        FillForm();
        DefaultPeriod();
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken)
    {
        var published = await book.PublishAsync(User.ToActor(), Id, Version, cancellationToken);
        if (published.Error is NotFound)
        {
            return NotFound();
        }

        if (published.Ok)
        {
            TempData[DoneKey] = texts.Format("rules.published", published.Value!.Rule.ActiveVersion!);
            return Redirect($"/rules/{Uri.EscapeDataString(Id)}");
        }

        await LoadAsync(cancellationToken);
        Yaml = Detail!.Latest.Yaml;
        ShowError(published.Error!);
        ModelState.Clear();
        FillForm();
        DefaultPeriod();
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(CancellationToken cancellationToken)
    {
        var retired = await book.RetireAsync(User.ToActor(), Id, cancellationToken);
        if (retired.Error is NotFound)
        {
            return NotFound();
        }

        TempData[DoneKey] = retired.Ok ? texts["rules.retired"] : null;
        return Redirect($"/rules/{Uri.EscapeDataString(Id)}");
    }

    public async Task<IActionResult> OnPostBacktestAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || !CanEdit || IsNew)
        {
            return NotFound();
        }

        var from = AmsterdamTime.Parse(From);
        var to = AmsterdamTime.Parse(To);
        var result = await book.BacktestAsync(User.ToActor(), Id, Version, from?.UtcDateTime, to?.UtcDateTime, cancellationToken);
        ModelState.Clear();
        Yaml = Detail!.Latest.Yaml;
        FillForm();
        if (result.Ok)
        {
            Backtest = result.Value;
        }
        else
        {
            ShowError(result.Error!);
        }

        DefaultPeriod();
        return Page();
    }

    /// <summary>How an error line reads on the page: "Regel 4, kolom 3: …".</summary>
    public string Describe(RuleError e) => e.Line > 0 ? texts.Format("rules.lineError", e.Line, e.Column, e.Message) : e.Message;

    private void ShowError(Error error)
    {
        if (error is Invalid { Fields: var f } && f.ContainsKey("yaml"))
        {
            YamlErrors = RuleBookService.Errors(error);
        }
        else
        {
            Error = error.Message;
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var actor = User.ToActor();
        if (IsNew)
        {
            Mainport = Mainport?.ToUpperInvariant();
            CanEdit = Mainport is not null && await access.EditsAsync(actor, Mainport, cancellationToken);
            Message ??= TempData.Peek(DoneKey) as string;
            return CanEdit;
        }

        var detail = await book.GetAsync(actor, Id, cancellationToken);
        if (!detail.Ok)
        {
            return false;
        }

        Detail = detail.Value;
        CanEdit = Detail!.CanEdit;
        Mainport = Detail.Rule.Mainport;
        return true;
    }

    private void FillForm()
    {
        RuleForm form;
        try
        {
            form = RuleText.ReadForm(Yaml ?? "");
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return;
        }

        (Title, Severity, RuleType, Description, By, Within, Count, Sites, Where) =
            (form.Title, form.Severity, form.Type, form.Description, form.By, form.Within, form.Count, form.Sites, form.Where);
    }

    private void DefaultPeriod()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        From = AmsterdamTime.Parse(From) is null ? AmsterdamTime.ToInput(now.AddDays(-7)) : From;
        To = AmsterdamTime.Parse(To) is null ? AmsterdamTime.ToInput(now) : To;
    }

    public static string Number(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "–";
}
