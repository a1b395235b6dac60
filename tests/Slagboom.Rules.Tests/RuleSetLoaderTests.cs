namespace Slagboom.Rules.Tests;

public sealed class RuleSetLoaderTests
{
    private static IReadOnlyList<RuleError> Errors(string yaml)
    {
        var result = RuleSetLoader.Load([("bad.yaml", yaml)]);
        Assert.Null(result.RuleSet);
        return result.Errors;
    }

    [Fact]
    public void UnknownKey_IsNamedWithItsLine()
    {
        var error = Assert.Single(Errors("""
            id: R1
            title: t
            type: threshold
            where: { kind: video }
            by: camera
            count: 3
            withn: 10m
            within: 10m
            """));

        Assert.Equal(("bad.yaml", 7), (error.File, error.Line));
        Assert.Contains("unknown key 'withn'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id: R1\ntitle: t\ntype: match\nwhere: { colour: red }", 4, "where: unknown event field 'colour'")]
    [InlineData("id: R1\ntitle: t\ntype: threshold\nby: camera\ncount: 3\nwithin: ten minutes", 6, "within: expected a duration")]
    [InlineData("id: R1\ntitle: t\ntype: watchlist\nlist: nope", 4, "list: unknown watch list 'nope'")]
    [InlineData("id: R1\ntitle: t\ntype: sometimes", 3, "type: unknown rule type 'sometimes'")]
    [InlineData("id: R1\ntype: match", 1, "title: required")]
    [InlineData("id: R1\ntitle: t\ntype: match\nseverity: urgent", 4, "severity: expected low, medium, high or critical")]
    [InlineData("id: R1\ntitle: t\ntype: match\nwhere: { score|gte: high }", 4, "where: score|gte expects one number")]
    [InlineData("id: R1\ntitle: t\ntype: match\nwhere: { pass|fuzzy: x }", 4, "where: unknown modifier 'fuzzy'")]
    [InlineData("id: R1\ntitle: t\ntype: velocity\nby: pass\nat: reader\nmaxSpeedKmh: 80", 1, "a velocity rule needs a place table")]
    [InlineData("id: R1\ntitle: t\ntype: absence\nby: visit\nwithin: 4h\nfirst: { kind: gate }", 1, "first and then: required")]
    [InlineData("id: R1\ntitle: t\ntype: threshold\ncount: 3\nwithin: 4h", 1, "by: required for a threshold rule")]
    [InlineData("id: R1\ntitle: t\ntype: schedule\nallowed:\n  - { days: mon-fry, from: '06:00', to: '22:00' }", 5, "allowed.days: expected mon")]
    [InlineData("watchlist: boxes\ntype: containers\nvalues: [CSQU3054384]", 3, "values: container 'CSQU3054384': check digit should be 3")]
    [InlineData("id: R1\ntitle: t\ntype: match\nwhere: { kind: [access\n", 5, "not valid YAML")]
    public void BadRule_IsReportedWithLineAndReason(string yaml, int line, string message)
    {
        var errors = Errors(yaml);

        Assert.Contains(errors, e => e.Line == line && e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateIds_AreRefused()
    {
        var errors = Errors("id: R1\ntitle: t\ntype: match\n---\nid: R1\ntitle: u\ntype: match\n");

        Assert.Contains(errors, e => e.Line == 5 && e.Message.Contains("used twice", StringComparison.Ordinal));
    }

    [Fact]
    public void ErrorToString_IsFileLineColumnMessage()
    {
        Assert.Equal("x.yaml:3:1: boom", new RuleError("x.yaml", 3, 1, "boom").ToString());
    }

    [Theory]
    [InlineData("30s", 0, 0, 30)]
    [InlineData("10m", 0, 10, 0)]
    [InlineData("1h30m", 1, 30, 0)]
    [InlineData("2d", 48, 0, 0)]
    public void Durations(string text, int hours, int minutes, int seconds) =>
        Assert.Equal(new TimeSpan(hours, minutes, seconds), RuleSetLoader.ParseDuration(text));

    [Theory]
    [InlineData("10")]
    [InlineData("0m")]
    [InlineData("m")]
    [InlineData("1w")]
    public void BadDurations(string text) => Assert.Null(RuleSetLoader.ParseDuration(text));
}
