using Slagboom.Domain.Accounts;
using Slagboom.Domain.Mainports;
using Slagboom.Domain.Organisations;

namespace Slagboom.Domain.Tests;

public sealed class RoleTests
{
    [Theory]
    [InlineData("member", "member")]
    [InlineData(" Analyst ", "analyst")]
    [InlineData("PLATFORM-ADMIN", "platform-admin")]
    [InlineData("admin", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Parse_AcceptsOnlyTheContractRoles(string? text, string? expected) => Assert.Equal(expected, Role.Parse(text));

    [Fact]
    public void TwoFactor_IsRequiredForEveryRoleButMember()
    {
        Assert.False(Role.TwoFactorRequiredFor([Role.Member]));
        foreach (var role in Role.All.Where(r => r != Role.Member))
        {
            Assert.True(Role.TwoFactorRequiredFor([Role.Member, role]), role);
        }
    }

    [Fact]
    public void Content_IsSeenOnlyByMembersAndAnalysts() =>
        Assert.Equal(["member", "analyst"], Role.Content);
}

public sealed class MainportCodeTests
{
    [Fact]
    public void All_HoldsTheFiveContractCodesInPlanOrder() =>
        Assert.Equal(["RTM", "ZWB", "NZK", "SCH", "FLO"], MainportCode.All);

    [Theory]
    [InlineData("rtm", "RTM")]
    [InlineData(" sch ", "SCH")]
    [InlineData("AMS", null)]
    [InlineData("RTMX", null)]
    [InlineData(null, null)]
    public void Parse_ForgivesCaseAndSpacesOnly(string? text, string? expected) => Assert.Equal(expected, MainportCode.Parse(text));

    [Theory]
    [InlineData("public", OrganisationKind.Public)]
    [InlineData("Private", OrganisationKind.Private)]
    [InlineData("publiek", null)]
    public void OrganisationKind_ParsesContractWords(string text, OrganisationKind? expected) =>
        Assert.Equal(expected, OrganisationKinds.Parse(text));
}
