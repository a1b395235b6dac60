using Microsoft.Extensions.Configuration;
using Slagboom.Core.Alerts;
using Slagboom.Core.Signals;
using Slagboom.Domain.Events;

namespace Slagboom.Core.Tests.Alerts;

/// <summary>What a promotion takes from an alert's events, and the settings that steer it.</summary>
public sealed class AlertPromotionTests
{
    private static BarrierEvent Parse(string json)
    {
        var parsed = new EventParser().Parse(json);
        Assert.True(parsed.IsValid, parsed.Error);
        return parsed.Event!;
    }

    [Fact]
    public void Extract_TakesTheBestPlateAlways_OthersFromTheThreshold_ChecksEachValue_AndListsRefusalsWithTheReason()
    {
        BarrierEvent[] events =
        [
            Parse("""{"kind":"anpr","time":"2026-11-27T21:00:00Z","mainport":"RTM","source":"alpr","camera":"C1","country":"NL","candidates":[{"plate":"BX34LP","confidence":0.42},{"plate":"BX34LF","confidence":0.41}]}"""),
            Parse("""{"kind":"anpr","time":"2026-11-27T21:01:00Z","mainport":"RTM","source":"alpr","camera":"C1","candidates":[{"plate":"HHAB1234","confidence":0.9},{"plate":"12ABC3","confidence":0.7}]}"""),
            Parse("""{"kind":"gate","time":"2026-11-27T10:00:00Z","mainport":"RTM","source":"tos","site":"APMT","gate":"lane-4","direction":"in","containers":["CSQU3054383","GYOU4047990"],"plate":"NL:BX34LP"}"""),
            Parse("""{"kind":"fence","time":"2026-11-28T02:09:40Z","mainport":"RTM","source":"fence","sensor":"S1","zone":"north","alarm":"cut"}"""),
        ];

        var (accepted, refused) = AlertPromotions.Extract(events, [new ObservableInput("container", "CSQU 305438-4"), new ObservableInput(null, "loose words")], 0.5);

        // A best candidate below the threshold is still taken; the second (0.41) is not. Dutch plates as plate-nl with
        // dashes, once; a plate read without a country is only kept when it is a Dutch plate.
        Assert.Equal(
            [("plate-nl", "BX-34-LP"), ("plate-nl", "12-ABC-3"), ("container", "CSQU3054383"), ("container", "GYOU4047990")],
            accepted);
        Assert.Equal(3, refused.Count);
        Assert.StartsWith("container CSQU 305438-4: Not a valid container: check digit should be 3", refused[0], StringComparison.Ordinal);
        Assert.StartsWith(" loose words: Unknown observable type", refused[1], StringComparison.Ordinal);
        Assert.StartsWith("plate-nl HHAB1234: Not a valid plate-nl", refused[2], StringComparison.Ordinal);

        // With the threshold at 0.4 the second reading of the Dutch plate comes along too.
        Assert.Contains(("plate-nl", "BX-34-LF"), AlertPromotions.Extract(events, [], 0.4).Accepted);
    }

    [Fact]
    public void Settings_DefaultToHigh_AcceptNone_AndRefuseNonsenseAtStart()
    {
        static AlertTriageSettings Read(params (string Key, string Value)[] values) => AlertTriageSettings.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Slagboom:Alerts:" + v.Key, v.Value))).Build());

        var defaults = Read();
        Assert.Equal(("high", 0.5), (defaults.AutomaticFrom, defaults.PlateConfidence));
        Assert.True(defaults.Automatic("critical") && defaults.Automatic("high"));
        Assert.False(defaults.Automatic("medium") || defaults.Automatic("bogus"));
        Assert.False(Read(("TriageSeverity", "none")).Automatic("critical"));
        Assert.True(Read(("TriageSeverity", "Medium")).Automatic("medium"));
        Assert.Equal(0.8, Read(("PromotePlateConfidence", "0.8")).PlateConfidence);
        Assert.Contains("TriageSeverity", Assert.Throws<InvalidOperationException>(() => Read(("TriageSeverity", "urgent"))).Message, StringComparison.Ordinal);
        Assert.Contains("PromotePlateConfidence", Assert.Throws<InvalidOperationException>(() => Read(("PromotePlateConfidence", "2"))).Message, StringComparison.Ordinal);
    }
}
