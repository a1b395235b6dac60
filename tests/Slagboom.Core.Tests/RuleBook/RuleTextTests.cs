using Slagboom.Core.RuleBook;

namespace Slagboom.Core.Tests.RuleBook;

/// <summary>The editor's form ⇄ YAML round trip: the form's fields land in the YAML, other keys stay, bad conditions are refused.</summary>
public sealed class RuleTextTests
{
    private const string Yaml = "id: RTM-ACC-9\ntitle: Oud\ntype: match\nwhere: { kind: access }\nby: pass\nsuppress: { by: pass, window: 1h }\n";

    [Fact]
    public void ApplyForm_WritesTheFields_KeepsOtherKeys_AndTheResultLoads()
    {
        var form = new RuleForm("Pas op veel lezers", "high", "distinct", "Eén pas, veel lezers", "pass", "15m", "4", "ECT-DELTA, APMT-MV2",
            "kind: access\ngranted: false");
        var (yaml, errors) = RuleText.ApplyForm(Yaml, form, "RTM");
        Assert.Empty(errors);
        Assert.Contains("suppress:", yaml, StringComparison.Ordinal);
        Assert.Contains("count: 4", yaml, StringComparison.Ordinal);

        // distinct needs a field: the loader says so with a line, and after adding it the rule loads with the form's values.
        var (_, _, missing) = RuleText.Check(yaml!, "RTM", "RTM-ACC-9", []);
        Assert.Contains(missing, e => e.Message.Contains("field", StringComparison.Ordinal));
        var (_, rule, none) = RuleText.Check(yaml + "field: reader\n", "RTM", "RTM-ACC-9", []);
        Assert.Empty(none);
        Assert.Equal(("Pas op veel lezers", Slagboom.Rules.Severity.High, 4, TimeSpan.FromMinutes(15)), (rule!.Title, rule.Severity, rule.Count, rule.Within));
        Assert.Equal(["ECT-DELTA", "APMT-MV2"], rule.Sites);
        Assert.Equal(["RTM"], rule.Mainports);

        var back = RuleText.ReadForm(yaml!);
        Assert.Equal(("Pas op veel lezers", "distinct", "ECT-DELTA, APMT-MV2", "15m"), (back.Title, back.Type, back.Sites, back.Within));
        Assert.Contains("granted: false", back.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyForm_ConditionsThatAreNoMapping_AreRefused_AndAnEmptyFieldRemovesItsKey()
    {
        var (bad, errors) = RuleText.ApplyForm(Yaml, new RuleForm("T", "low", "match", null, null, null, null, null, "- kind"), "RTM");
        Assert.Null(bad);
        Assert.Equal("where", Assert.Single(errors).File);

        var (yaml, _) = RuleText.ApplyForm(Yaml, new RuleForm("T", "low", "match", null, null, null, null, null, null), "RTM");
        var read = RuleText.ReadForm(yaml!);
        Assert.Equal((null, null, "low"), (read.By, read.Where, read.Severity));
        Assert.Contains("suppress:", yaml, StringComparison.Ordinal);
    }
}
