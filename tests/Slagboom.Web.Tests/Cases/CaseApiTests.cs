using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Errors;
using Slagboom.Core.Organisations;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Cases;

/// <summary>
/// Cases and tasks through the API (CONTRACT.md §5, last paragraph): an assigned organisation sees its task and
/// nothing of the case it was not given, and a case's signal exactly when the sharing policy admits it.
/// </summary>
public sealed class CaseApiTests
{
    internal const string SecretTitle = "GeheimSignaalTitel-b7";
    internal const string SecretDescription = "Alleen-eigenaar-beschrijving-b7";
    internal const string SharedDescription = "Volledige-beschrijving-a3 met Piet Pietersen";
    internal const string SharedSummary = "Partnersamenvatting-a3";
    internal const string CaseTitle = "Casus-Maasvlakte-titel-c1";
    internal const string CaseDescription = "Casus-beschrijving-intern-c1";
    /// <summary>A month from now: tasks are due from today up to two years ahead.</summary>
    internal static string Due => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal const string TaskText = "Bekijk de camerabeelden van rij 40 tussen 02:00 en 04:00.";

    /// <summary>Three organisations in Rotterdam: the police (owner), a private terminal (assigned) and customs (neither).</summary>
    internal sealed record World(SlagboomWebFactory Web, string OwnerOrg, HttpClient Owner, string TerminalOrg, HttpClient Terminal, string OtherOrg, HttpClient Other,
        string VisibleSignal, string SecretSignal, string CaseId, string TaskId);

    internal static async Task<string> AddOrgAsync(SlagboomWebFactory web, string name, string kind, string sector)
    {
        var added = await web.Instance.RunAsync<OrganisationAdministration, Result<Organisation>>(o =>
            o.AddAsync(Actor.Operator, new AddOrganisationRequest($"{name} {Guid.NewGuid():N}"[..24], kind, sector, ["RTM"])));
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value!.Id;
    }

    internal static async Task<HttpClient> ClientAsync(SlagboomWebFactory web, string org, string role)
    {
        var user = await web.AddUserAsync(org, $"{role}.{Guid.NewGuid():N}@test.nl", role);
        return web.Api(await web.TokenForAsync(user.User.Email!));
    }

    internal static object SignalBody(string title, string description, string? summary, string level, string tlp, string? groupId = null) => new
    {
        title,
        description,
        partnerSummary = summary,
        mainport = "RTM",
        occurredAt = "2026-11-20T03:10:00Z",
        category = "intrusion",
        observables = new[] { new { type = "person", value = "Piet Pietersen" } },
        distribution = new { level, groupId },
        tlp,
    };

    internal static async Task<string> CreateSignalAsync(HttpClient api, object body, bool publish = true)
    {
        var created = await api.PostAsJsonAsync("/api/v1/signals", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        if (publish)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/signals/{id}/publish", null)).StatusCode);
        }

        return id;
    }

    internal static async Task<World> BuildAsync(SlagboomWebFactory web)
    {
        var ownerOrg = await AddOrgAsync(web, "Politie", "public", "police");
        var terminalOrg = await AddOrgAsync(web, "Terminal", "private", "terminal");
        var otherOrg = await AddOrgAsync(web, "Douane", "public", "customs");
        var owner = await ClientAsync(web, ownerOrg, "analyst");
        var terminal = await ClientAsync(web, terminalOrg, "member");
        var other = await ClientAsync(web, otherOrg, "member");

        var visible = await CreateSignalAsync(owner, SignalBody("Indringers rij 40", SharedDescription, SharedSummary, "mainport", "amber"));
        var secret = await CreateSignalAsync(owner, SignalBody(SecretTitle, SecretDescription, "Samenvatting-b7", "organisation", "red"));

        var created = await owner.PostAsJsonAsync("/api/v1/cases", new { title = CaseTitle, description = CaseDescription, mainport = "RTM", kind = "intrusion", signalIds = new[] { visible, secret } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var assigned = await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/tasks", new { organisationId = terminalOrg, text = TaskText, dueDate = Due });
        Assert.True(assigned.StatusCode == HttpStatusCode.Created, await assigned.Content.ReadAsStringAsync());
        var taskId = (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return new World(web, ownerOrg, owner, terminalOrg, terminal, otherOrg, other, visible, secret, caseId, taskId);
    }

    private static void AssertNothingOfTheSecret(string text, World w, bool titleShared = false)
    {
        Assert.DoesNotContain(w.SecretSignal, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretTitle, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretDescription, text, StringComparison.Ordinal);
        Assert.DoesNotContain(CaseDescription, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SharedDescription, text, StringComparison.Ordinal);
        if (!titleShared)
        {
            Assert.DoesNotContain(CaseTitle, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AssignedOrganisation_SeesItsTaskAndOnlyThePolicyAdmittedSignals_OthersGet404(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var w = await BuildAsync(web);

        // The owner sees both signals, the description and the task.
        var full = await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}");
        Assert.Equal("owner", full.GetProperty("access").GetString());
        Assert.Equal(CaseDescription, full.GetProperty("description").GetString());
        Assert.Equal(2, full.GetProperty("signals").GetArrayLength());

        // The terminal: its task, the visible signal as a private partner receives it (the summary), nothing else.
        var response = await w.Terminal.GetAsync($"/api/v1/cases/{w.CaseId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var narrow = JsonDocument.Parse(text).RootElement;
        Assert.Equal("assignee", narrow.GetProperty("access").GetString());
        Assert.False(narrow.TryGetProperty("title", out _));
        Assert.False(narrow.TryGetProperty("description", out _));
        Assert.False(narrow.TryGetProperty("timeline", out _));
        Assert.Equal(TaskText, narrow.GetProperty("tasks")[0].GetProperty("text").GetString());
        var signal = Assert.Single(narrow.GetProperty("signals").EnumerateArray());
        Assert.Equal(w.VisibleSignal, signal.GetProperty("id").GetString());
        Assert.Equal(SharedSummary, signal.GetProperty("text").GetString());
        Assert.True(signal.GetProperty("restricted").GetBoolean());
        AssertNothingOfTheSecret(text, w);

        foreach (var path in new[] { $"/api/v1/tasks/{w.TaskId}", "/api/v1/tasks", "/api/v1/notifications", "/api/v1/cases" })
        {
            var answer = await w.Terminal.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var body = await answer.Content.ReadAsStringAsync();
            AssertNothingOfTheSecret(body, w);
            if (path.StartsWith("/api/v1/tasks", StringComparison.Ordinal))
            {
                Assert.Contains(TaskText, body, StringComparison.Ordinal);
            }
        }

        // Customs has neither case nor task: the same 404 as for ids that do not exist.
        foreach (var path in new[] { $"/api/v1/cases/{w.CaseId}", $"/api/v1/tasks/{w.TaskId}", "/api/v1/cases/nonexistent", "/api/v1/tasks/nonexistent" })
        {
            var answer = await w.Other.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await w.Other.PatchAsJsonAsync($"/api/v1/tasks/{w.TaskId}", new { status = "done" })).StatusCode);
        var customsTasks = await w.Other.GetStringAsync("/api/v1/tasks");
        Assert.DoesNotContain(w.TaskId, customsTasks, StringComparison.Ordinal);

        // An org admin of the owner sees no content: no case.
        var admin = await ClientAsync(web, w.OwnerOrg, "org-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/api/v1/cases/{w.CaseId}")).StatusCode);

        // Every opening is audited, the refused ones too.
        var audit = await web.Instance.QueryAsync(db => db.AuditEntries.Where(e => e.Subject == $"case:{w.CaseId}" && e.Action == "case.read").ToListAsync());
        Assert.Contains(audit, e => e.OrganisationId == w.TerminalOrg && e.Outcome == AuditOutcome.Ok);
        Assert.Contains(audit, e => e.OrganisationId == w.OtherOrg && e.Outcome == AuditOutcome.Refused);
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Subject == $"task:{w.TaskId}" && e.Action == "task.read" && e.OrganisationId == w.TerminalOrg)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task ACaseSignal_AppearsForTheAssignee_ExactlyWhenTheOwnerSharesIt(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var w = await BuildAsync(web);
        Assert.DoesNotContain(SecretTitle, await w.Terminal.GetStringAsync($"/api/v1/tasks/{w.TaskId}"), StringComparison.Ordinal);

        // The owner shares the signal through a sharing group with the terminal (still TLP:RED, named recipients).
        var group = await w.Owner.PostAsJsonAsync("/api/v1/sharing-groups", new { name = "Casusoverleg", organisationIds = new[] { w.TerminalOrg } });
        var groupId = (await group.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var shared = await w.Owner.PutAsJsonAsync($"/api/v1/signals/{w.SecretSignal}", SignalBody(SecretTitle, SecretDescription, "Samenvatting-b7", "group", "red", groupId));
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);

        var task = await w.Terminal.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{w.TaskId}");
        var signals = task.GetProperty("signals").EnumerateArray().ToList();
        Assert.Equal(2, signals.Count);
        var secret = signals.Single(s => s.GetProperty("id").GetString() == w.SecretSignal);
        Assert.Equal(SecretTitle, secret.GetProperty("title").GetString());
        // A private partner without a legal basis: the partner summary, never the description.
        Assert.Equal("Samenvatting-b7", secret.GetProperty("text").GetString());
        Assert.DoesNotContain(SecretDescription, task.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, (await w.Terminal.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}")).GetProperty("signals").GetArrayLength());

        // Customs, outside the group, still has no door in.
        Assert.Equal(HttpStatusCode.NotFound, (await w.Other.GetAsync($"/api/v1/cases/{w.CaseId}")).StatusCode);

        // Back to the owner only: gone again for the terminal.
        Assert.Equal(HttpStatusCode.OK, (await w.Owner.PutAsJsonAsync($"/api/v1/signals/{w.SecretSignal}", SignalBody(SecretTitle, SecretDescription, "Samenvatting-b7", "organisation", "red"))).StatusCode);
        Assert.DoesNotContain(SecretTitle, await w.Terminal.GetStringAsync($"/api/v1/tasks/{w.TaskId}"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task OnlyTheOwnerChangesTheCase_TheAssigneeChangesOnlyItsTaskStatus(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var w = await BuildAsync(web);

        foreach (var client in new[] { w.Terminal, w.Other })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync($"/api/v1/cases/{w.CaseId}", new { title = "Overgenomen" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/cases/{w.CaseId}/signals", new { signalId = w.VisibleSignal })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/cases/{w.CaseId}/signals/{w.VisibleSignal}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/cases/{w.CaseId}/tasks", new { organisationId = w.OtherOrg, text = "x", dueDate = Due })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{w.CaseId}/proposed-tasks")).StatusCode);
        }

        // The assignee may not rewrite what was asked of it, nor set a status it does not know.
        var rewrite = await w.Terminal.PatchAsJsonAsync($"/api/v1/tasks/{w.TaskId}", new { text = "Niets doen" });
        Assert.Equal(HttpStatusCode.BadRequest, rewrite.StatusCode);
        Assert.Contains("text", (await rewrite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Terminal.PatchAsJsonAsync($"/api/v1/tasks/{w.TaskId}", new { status = "half-done" })).StatusCode);
        // The owner may not set the assignee's status.
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Owner.PatchAsJsonAsync($"/api/v1/cases/{w.CaseId}/tasks/{w.TaskId}", new { status = "done" })).StatusCode);

        var update = await w.Terminal.PatchAsJsonAsync($"/api/v1/cases/{w.CaseId}/tasks/{w.TaskId}", new { status = "in-progress", note = "Beelden opgevraagd bij de beveiliging." });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var task = await update.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in-progress", task.GetProperty("status").GetString());
        Assert.Equal("Beelden opgevraagd bij de beveiliging.", task.GetProperty("notes")[0].GetProperty("text").GetString());

        // A case id that is not the task's: not found, nothing changed.
        var other = await w.Owner.PostAsJsonAsync("/api/v1/cases", new { title = "Andere casus", mainport = "RTM", kind = "other" });
        var otherId = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await w.Terminal.PatchAsJsonAsync($"/api/v1/cases/{otherId}/tasks/{w.TaskId}", new { status = "done" })).StatusCode);
        Assert.Equal("in-progress", (await w.Terminal.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{w.TaskId}")).GetProperty("task").GetProperty("status").GetString());

        // The owner's title edit and sharing of the title reach the assignee; the description never does.
        Assert.Equal(HttpStatusCode.OK, (await w.Owner.PatchAsJsonAsync($"/api/v1/cases/{w.CaseId}", new { shareTitleWithAssignees = true })).StatusCode);
        var narrow = await w.Terminal.GetStringAsync($"/api/v1/cases/{w.CaseId}");
        Assert.Contains(CaseTitle, narrow, StringComparison.Ordinal);
        AssertNothingOfTheSecret(narrow, w, titleShared: true);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Timeline_RecordsEachStep_AndNotificationsReachBothSides(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var w = await BuildAsync(web);

        // Assignment notifies the terminal's members: a pointer to the task, nothing of the case.
        var inbox = await w.Terminal.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Equal(1, inbox.GetProperty("unread").GetInt32());
        var note = inbox.GetProperty("items")[0];
        Assert.Equal("task-assigned", note.GetProperty("kind").GetString());
        Assert.Equal(w.TaskId, note.GetProperty("taskId").GetString());
        Assert.Equal(JsonValueKind.Null, note.GetProperty("caseId").ValueKind);
        Assert.Equal(0, (await w.Other.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("unread").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await w.Terminal.PatchAsJsonAsync($"/api/v1/tasks/{w.TaskId}", new { status = "done", note = "Niets bijzonders op de beelden." })).StatusCode);
        var ownerInbox = await w.Owner.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Equal("task-updated", ownerInbox.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Equal(w.CaseId, ownerInbox.GetProperty("items")[0].GetProperty("caseId").GetString());

        var outcome = await w.Terminal.PostAsJsonAsync($"/api/v1/cases/{w.CaseId}/outcomes", new { kind = "seizure", quantity = 120.5, drug = "cocaine", taskId = w.TaskId });
        Assert.Equal(HttpStatusCode.Created, outcome.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Owner.DeleteAsync($"/api/v1/cases/{w.CaseId}/signals/{w.SecretSignal}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Owner.PatchAsJsonAsync($"/api/v1/cases/{w.CaseId}", new { status = "closed" })).StatusCode);

        var full = await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}");
        Assert.Equal("closed", full.GetProperty("status").GetString());
        var actions = full.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["created", "signal-added", "signal-added", "task-assigned", "task-updated", "outcome", "signal-removed", "closed"], actions);
        Assert.Equal("seizure 120.5 kg cocaine", full.GetProperty("timeline")[5].GetProperty("detail").GetString());
        var seizure = Assert.Single(full.GetProperty("outcomes").EnumerateArray());
        Assert.Equal(120.5m, seizure.GetProperty("quantity").GetDecimal());
        Assert.Single(full.GetProperty("signals").EnumerateArray());

        // A closed case takes no new tasks; the audit trail has the whole story.
        Assert.Equal(HttpStatusCode.Conflict, (await w.Owner.PostAsJsonAsync($"/api/v1/cases/{w.CaseId}/tasks", new { organisationId = w.OtherOrg, text = "x", dueDate = Due })).StatusCode);
        var audited = await web.Instance.QueryAsync(db => db.AuditEntries.Where(e => e.Subject == $"case:{w.CaseId}").Select(e => e.Action).Distinct().ToListAsync());
        Assert.Superset(new HashSet<string> { "case.create", "case.signal-add", "case.task-assign", "case.outcome", "case.signal-remove", "case.close", "case.read" }, audited.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task BadInput_IsRejectedWithTheFieldNamed_AndInvisibleSignalsCannotBeAdded(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var w = await BuildAsync(web);

        var bad = await w.Owner.PostAsJsonAsync("/api/v1/cases", new { title = "", mainport = "XXX", kind = "party" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["kind", "mainport", "title"], fields.Order());

        // A signal the creator may not see (the terminal's own draft) does not exist for it.
        var terminalSignal = await CreateSignalAsync(w.Terminal, SignalBody("Terminal-eigen", "Intern", null, "organisation", "amber"), publish: false);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Owner.PostAsJsonAsync($"/api/v1/cases/{w.CaseId}/signals", new { signalId = terminalSignal })).StatusCode);
        var withInvisible = await w.Owner.PostAsJsonAsync("/api/v1/cases", new { title = "Met onzichtbaar", mainport = "RTM", kind = "other", signalIds = new[] { terminalSignal } });
        Assert.Equal(HttpStatusCode.BadRequest, withInvisible.StatusCode);

        var badTask = await w.Owner.PostAsJsonAsync($"/api/v1/cases/{w.CaseId}/tasks", new { organisationId = "nope", text = "", dueDate = "2001-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, badTask.StatusCode);
        Assert.Equal(["dueDate", "organisationId", "text"], (await badTask.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());

        var badOutcome = await w.Terminal.PostAsJsonAsync($"/api/v1/cases/{w.CaseId}/outcomes", new { kind = "seizure", quantity = -3 });
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Equal(["drug", "quantity", "taskId"], (await badOutcome.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());

        var full = await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}");
        Assert.Single(full.GetProperty("tasks").EnumerateArray());
        Assert.Empty(full.GetProperty("outcomes").EnumerateArray());
        Assert.Equal(2, full.GetProperty("signals").GetArrayLength());
        Assert.Single((await w.Owner.GetFromJsonAsync<JsonElement>("/api/v1/cases")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Templates_ProposeTasksWithCandidateOrganisations_AndTheOrganisationMayReplaceThem(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var w = await BuildAsync(web);

        var proposed = await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}/proposed-tasks");
        var sectors = proposed.EnumerateArray().Select(p => p.GetProperty("sector").GetString()).ToList();
        Assert.Equal(["terminal", "police"], sectors);
        var terminalProposal = proposed[0];
        Assert.Contains("camerabeelden", terminalProposal.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal([w.TerminalOrg], terminalProposal.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("id").GetString()));

        // A member may not change templates; an analyst may, for its own organisation only.
        var member = await ClientAsync(web, w.OwnerOrg, "member");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync("/api/v1/case-templates/intrusion", new { tasks = new[] { new { sector = "customs", text = "Scan", dueDays = 2 } } })).StatusCode);
        var badTemplate = await w.Owner.PutAsJsonAsync("/api/v1/case-templates/intrusion", new { tasks = new[] { new { sector = "", text = "Scan", dueDays = 0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, badTemplate.StatusCode);
        var saved = await w.Owner.PutAsJsonAsync("/api/v1/case-templates/intrusion", new { tasks = new[] { new { sector = "customs", text = "Scan de container met de scanner.", dueDays = 2 } } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        proposed = await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}/proposed-tasks");
        var only = Assert.Single(proposed.EnumerateArray());
        Assert.Equal("Scan de container met de scanner.", only.GetProperty("text").GetString());
        Assert.Equal([w.OtherOrg], only.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        // Another organisation still gets the default.
        var theirs = await w.Terminal.GetFromJsonAsync<JsonElement>("/api/v1/case-templates");
        Assert.True(theirs.EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "intrusion").GetProperty("isDefault").GetBoolean());

        // An empty list returns to the default.
        Assert.Equal(HttpStatusCode.OK, (await w.Owner.PutAsJsonAsync("/api/v1/case-templates/intrusion", new { tasks = Array.Empty<object>() })).StatusCode);
        Assert.Equal(2, (await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}/proposed-tasks")).GetArrayLength());
    }
}
