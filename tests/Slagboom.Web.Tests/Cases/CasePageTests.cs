using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Cases;

/// <summary>The case pages keep the same doors shut as the API, and notifications reach people in the app and by e-mail.</summary>
public sealed class CasePageTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task AssigneePages_ShowTheTaskAndNothingElse_OthersGet404(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var w = await CaseApiTests.BuildAsync(web);
        var terminalUser = await web.AddUserAsync(w.TerminalOrg, $"page.{Guid.NewGuid():N}@terminal.test", "member");
        var otherUser = await web.AddUserAsync(w.OtherOrg, $"page.{Guid.NewGuid():N}@douane.test", "member");

        // The owner adds a note: the terminal's members (this new one too) are notified.
        Assert.Equal(HttpStatusCode.OK, (await w.Owner.PatchAsJsonAsync($"/api/v1/tasks/{w.TaskId}", new { note = "Ook rij 41 graag." })).StatusCode);
        var terminal = web.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.SignInAsync(terminal, terminalUser.User.Email!, terminalUser.Password)).StatusCode);
        foreach (var path in new[] { $"/tasks/{w.TaskId}", $"/cases/{w.CaseId}", "/tasks", "/notifications", "/mainports/RTM", "/case-templates" })
        {
            var page = await terminal.GetAsync(path);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {(int)page.StatusCode}");
            var html = await page.Content.ReadAsStringAsync();
            Assert.DoesNotContain(w.SecretSignal, html, StringComparison.Ordinal);
            Assert.DoesNotContain(CaseApiTests.SecretTitle, html, StringComparison.Ordinal);
            Assert.DoesNotContain(CaseApiTests.CaseTitle, html, StringComparison.Ordinal);
            Assert.DoesNotContain(CaseApiTests.CaseDescription, html, StringComparison.Ordinal);
            Assert.DoesNotContain(CaseApiTests.SharedDescription, html, StringComparison.Ordinal);
            if (path.StartsWith("/tasks", StringComparison.Ordinal))
            {
                Assert.Contains("Bekijk de camerabeelden van rij 40 tussen", html, StringComparison.Ordinal);
            }

            // The bell counts the unread notification.
            Assert.Contains("data-testid=\"bell-count\"", html, StringComparison.Ordinal);
        }

        var taskPage = await terminal.GetStringAsync($"/tasks/{w.TaskId}");
        Assert.Contains(CaseApiTests.SharedSummary, taskPage, StringComparison.Ordinal);
        var figures = await terminal.GetStringAsync("/mainports/RTM");
        Assert.Contains("data-testid=\"figures-own\">1 (", figures, StringComparison.Ordinal);

        // The terminal reports progress through the form; the owner's timeline has it.
        var posted = await SlagboomWebFactory.PostFormAsync(terminal, $"/tasks/{w.TaskId}", new Dictionary<string, string> { ["status"] = "done", ["note"] = "Beelden bekeken." }, $"/tasks/{w.TaskId}?handler=Update");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var task = await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{w.TaskId}");
        Assert.Equal("done", task.GetProperty("task").GetProperty("status").GetString());

        // A form that tries to change the case as the assignee changes nothing.
        var sneaky = await SlagboomWebFactory.PostFormAsync(terminal, $"/tasks/{w.TaskId}", new Dictionary<string, string> { ["status"] = "closed" }, $"/cases/{w.CaseId}?handler=Status");
        Assert.Equal(HttpStatusCode.NotFound, sneaky.StatusCode);
        Assert.Equal("open", (await w.Owner.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{w.CaseId}")).GetProperty("status").GetString());

        var other = web.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.SignInAsync(other, otherUser.User.Email!, otherUser.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cases/{w.CaseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/tasks/{w.TaskId}")).StatusCode);
        var otherTasks = await other.GetStringAsync("/tasks");
        Assert.DoesNotContain(w.TaskId, otherTasks, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"bell-count\"", otherTasks, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Assignment_SendsAnEmailThatPointsToTheTaskWithoutItsContent(string provider)
    {
        var store = new RecordingStore();
        var port = FreePort();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var smtp = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(),
            services);
        using var stop = new CancellationTokenSource();
        var running = smtp.StartAsync(stop.Token);
        try
        {
            await using var plain = await SlagboomWebFactory.StartAsync(provider);
            await using var web = plain.WithWebHostBuilder(b =>
            {
                b.UseSetting("Slagboom:Smtp:Host", "127.0.0.1");
                b.UseSetting("Slagboom:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                b.UseSetting("Slagboom:Smtp:From", "slagboom@test.nl");
                b.UseSetting("Slagboom:Smtp:Security", "none");
                b.UseSetting("Slagboom:Smtp:BaseUrl", "https://slagboom.test/");
            });
            var ownerOrg = await CaseApiTests.AddOrgAsync(plain, "Politie", "public", "police");
            var terminalOrg = await CaseApiTests.AddOrgAsync(plain, "Terminal", "private", "terminal");
            var ownerUser = await plain.AddUserAsync(ownerOrg, $"owner.{Guid.NewGuid():N}@politie.test", "analyst");
            var terminalUser = await plain.AddUserAsync(terminalOrg, $"member.{Guid.NewGuid():N}@terminal.test", "member");
            // An org admin of the terminal sees no content, so gets no mail.
            var adminUser = await plain.AddUserAsync(terminalOrg, $"admin.{Guid.NewGuid():N}@terminal.test", "org-admin");
            var owner = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            owner.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await plain.TokenForAsync(ownerUser.User.Email!));

            var created = await owner.PostAsJsonAsync("/api/v1/cases", new { title = CaseApiTests.CaseTitle, mainport = "RTM", kind = "intrusion" });
            var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var assigned = await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/tasks", new { organisationId = terminalOrg, text = CaseApiTests.TaskText, dueDate = CaseApiTests.Due });
            Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
            var taskId = (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

            var mail = Assert.Single(store.Messages);
            Assert.Equal([terminalUser.User.Email!], mail.To);
            Assert.DoesNotContain(adminUser.User.Email!, mail.To);
            Assert.Contains($"https://slagboom.test/tasks/{taskId}", mail.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("camerabeelden", mail.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(CaseApiTests.CaseTitle, mail.Text, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            smtp.Shutdown();
            await Task.WhenAny(running, Task.Delay(5000));
        }
    }

    [Fact]
    public async Task WithoutSmtp_NoMailAndNoError()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var w = await CaseApiTests.BuildAsync(web);
        // The assignment in BuildAsync succeeded with no SMTP configured; the in-app notification is there.
        Assert.Equal(1, (await w.Terminal.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("unread").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await w.Terminal.PostAsync("/api/v1/notifications/read", null)).StatusCode);
        Assert.Equal(0, (await w.Terminal.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("unread").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await w.Other.PostAsync("/api/v1/notifications/nope/read", null)).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record ReceivedMail(IReadOnlyList<string> To, string Text);

    /// <summary>Keeps what the in-process SMTP server receives.</summary>
    private sealed class RecordingStore : MessageStore
    {
        public List<ReceivedMail> Messages { get; } = [];

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            lock (Messages)
            {
                Messages.Add(new ReceivedMail([.. transaction.To.Select(t => $"{t.User}@{t.Host}")], Encoding.UTF8.GetString(buffer.ToArray())));
            }

            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
