using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Audit;
using Slagboom.Testing;
using Slagboom.Web.Tests.Signals;

namespace Slagboom.Web.Tests;

/// <summary>What the web host writes to the audit trail, read back from the database.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task RefusedAccess_SignIns_AndReadsWithTheTokensPurpose_AreLogged()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (org, member, token) = await web.UserWithTokenAsync("member");

        Assert.Equal(HttpStatusCode.Forbidden, (await web.Api(token).PostAsJsonAsync("/api/v1/organisations", new { name = "x" })).StatusCode);
        var created = await (await web.Api(token).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body())).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await web.Api(token).GetAsync($"/api/v1/signals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(token).GetAsync("/api/v1/signals/not-a-signal")).StatusCode);
        await SlagboomWebFactory.SignInAsync(web.Browser(), member.User.Email!, "wrong password");
        await SlagboomWebFactory.SignInAsync(web.Browser(), member.User.Email!, member.Password);

        var entries = await web.Instance.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Id).ToListAsync());
        Assert.Contains(entries, e => e.Action == "access.refused" && e.Subject == "POST /api/v1/organisations" && e.UserId == member.User.Id && e.OrganisationId == org);
        Assert.Contains(entries, e => e.Action == "signal.create" && e.Subject == $"signal:{id}");
        Assert.Contains(entries, e => e.Action == "signal.read" && e.Subject == $"signal:{id}" && e.Purpose == "tests" && e.Outcome == AuditOutcome.Ok);
        Assert.Contains(entries, e => e.Action == "signal.read" && e.Subject == "signal:not-a-signal" && e.Outcome == AuditOutcome.Refused);
        Assert.Contains(entries, e => e.Action == "sign-in" && e.Outcome == AuditOutcome.Failed && e.UserId == member.User.Id);
        Assert.Contains(entries, e => e.Action == "sign-in" && e.Outcome == AuditOutcome.Ok && e.UserId == member.User.Id);
        Assert.True((await web.Instance.RunAsync<AuditTrail, AuditVerification>(a => a.VerifyAsync())).Ok);
    }
}
