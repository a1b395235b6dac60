using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Reports;

/// <summary>The anonymous channel exactly as CONTRACT.md §4 says, its rate limits, and who may read reports over the API.</summary>
public sealed class AnonymousReportApiTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Submit_ReadWithTheReceipt_AndWrite_HaveTheContractsShapes(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var client = web.Api(null);

        // No receiving organisation is configured: the report is accepted and waits.
        var created = await client.PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text = "Iemand vroeg me container MSCU1234565 te verzetten.", answers = new { where = "Kade 5" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["receipt"], body.EnumerateObject().Select(p => p.Name));
        var receipt = body.GetProperty("receipt").GetString()!;
        Assert.True(receipt.Replace("-", "", StringComparison.Ordinal).Length * 5 >= 128);

        var current = await GetCurrentAsync(client, receipt);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        var report = await current.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["messages", "status", "text"], report.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Iemand vroeg me container MSCU1234565 te verzetten.", report.GetProperty("text").GetString());
        Assert.Equal("received", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("messages").GetArrayLength());

        var written = await SendAsync(client, HttpMethod.Post, "/api/v1/anonymous/reports/current/messages", receipt, new { text = "Het was om 02:00." });
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        var message = (await (await GetCurrentAsync(client, receipt)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0];
        Assert.Equal(["at", "from", "text"], message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("reporter", "Het was om 02:00."), (message.GetProperty("from").GetString(), message.GetProperty("text").GetString()));
        Assert.EndsWith("Z", message.GetProperty("at").GetString(), StringComparison.Ordinal);

        // Bad input: 400 with the fields named, as problem details.
        var bad = await client.PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "XYZ", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("mainport", out _) && errors.TryGetProperty("text", out _));
        var empty = await SendAsync(client, HttpMethod.Post, "/api/v1/anonymous/reports/current/messages", receipt, new { text = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task EveryReceiptThatOpensNothing_GetsTheSameNotFound(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var client = web.Api(null);
        var receipt = await SubmitAsync(client, "Melding A");
        var other = await SubmitAsync(client, "Melding B");
        Assert.Equal("Melding B", (await (await GetCurrentAsync(client, other)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());

        var answers = new List<string>();
        foreach (var wrong in new string?[] { null, "", "   ", "kapot!", receipt[..^1] + (receipt[^1] == '7' ? '8' : '7'), Receipts.New(), new string('A', 300) })
        {
            var response = await GetCurrentAsync(client, wrong);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            answers.Add($"{problem.GetProperty("title").GetString()}|{problem.GetProperty("detail").GetString()}");
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Post, "/api/v1/anonymous/reports/current/messages", wrong, new { text = "hallo" })).StatusCode);
        }

        Assert.Single(answers.Distinct());
        // The replaced receipt joins the misses; the new one opens the same report.
        var replaced = await SendAsync(client, HttpMethod.Post, "/api/v1/anonymous/reports/current/receipt", receipt, null);
        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        var fresh = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await GetCurrentAsync(client, receipt)).StatusCode);
        Assert.Equal("Melding A", (await (await GetCurrentAsync(client, fresh)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task GuessingReceipts_IsAnswered429WithRetryAfter_AfterThirtyMissesAMinute_EvenForTheRightReceipt()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var client = web.Api(null);
        var receipt = await SubmitAsync(client, "Echte melding");

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await GetCurrentAsync(client, Receipts.New())).StatusCode);
        }

        var blocked = await GetCurrentAsync(client, Receipts.New());
        Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
        Assert.True(int.Parse(blocked.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 60);
        // While blocked, a guesser learns nothing: the right receipt is refused the same way.
        Assert.Equal((HttpStatusCode)429, (await GetCurrentAsync(client, receipt)).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await SendAsync(client, HttpMethod.Post, "/api/v1/anonymous/reports/current/messages", receipt, new { text = "x" })).StatusCode);
        // Sending new reports is limited separately.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text = "Nog een" })).StatusCode);
    }

    [Fact]
    public async Task FloodsOfSubmissions_AreSlowed()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var client = web.Api(null);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text = $"Melding {i}" })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text = "Nummer 21" });
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(20, await web.Instance.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Reports)));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task OnlyAnalystsOfTheReceivingOrganisation_ReadAReport_OthersGet404(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var police = await web.AddOrganisationAsync("Politie RTM");
        var customs = await web.AddOrganisationAsync("Douane RTM");
        var analyst = await web.AddUserAsync(police, "analist@politie.test", "analyst");
        await web.Instance.RunAsync<ReportingSetup, Result<IReadOnlyList<string>>>(s => s.SetReceiversAsync(Actor.Operator, "RTM", [police]));
        var receipt = await SubmitAsync(web.Api(null), "Geheime melding");

        var analystApi = web.Api(await web.TokenForAsync(analyst.User.Email!));
        var list = await analystApi.GetFromJsonAsync<JsonElement>("/api/v1/reports");
        var id = list[0].GetProperty("id").GetString()!;
        Assert.False(list[0].TryGetProperty("text", out _));
        var read = await analystApi.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{id}");
        Assert.Equal("Geheime melding", read.GetProperty("content").GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Created, (await analystApi.PostAsJsonAsync($"/api/v1/reports/{id}/messages", new { text = "Waar precies?" })).StatusCode);
        var seen = await (await GetCurrentAsync(web.Api(null), receipt)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("analyst", seen.GetProperty("messages")[0].GetProperty("from").GetString());

        var outsiders = new[]
        {
            await web.AddUserAsync(customs, "analist@douane.test", "analyst"),
            await web.AddUserAsync(police, "lid@politie.test", "member"),
            await web.AddUserAsync(police, "beheer@politie.test", "platform-admin"),
            await web.AddUserAsync(police, "audit@politie.test", "auditor"),
        };
        foreach (var outsider in outsiders)
        {
            var api = web.Api(await web.TokenForAsync(outsider.User.Email!));
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/reports/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/reports/{id}/messages", new { text = "?" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/api/v1/reports/{id}/status", new { status = "closed" })).StatusCode);
            Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/v1/reports")).GetArrayLength());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Api(null).GetAsync($"/api/v1/reports/{id}")).StatusCode);
    }

    [Fact]
    public async Task Logs_NeverHoldTheReceiptOrTheReportText()
    {
        var sink = new CapturingLoggerProvider();
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        await using var logged = web.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(sink).SetMinimumLevel(LogLevel.Trace).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)));
        var client = logged.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        const string marker = "LOGMARKER-kade-7-geld";

        var receipt = (await (await client.PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text = marker })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await GetCurrentAsync(client, receipt)).StatusCode);
        await SendAsync(client, HttpMethod.Post, "/api/v1/anonymous/reports/current/messages", receipt, new { text = marker + " antwoord" });
        // Malformed bodies and failures are logged too: they must not carry the text either.
        await client.PostAsync("/api/v1/anonymous/reports", new StringContent("{\"mainport\":\"RTM\",\"text\":\"" + marker + "\"", System.Text.Encoding.UTF8, "application/json"));
        await client.PostAsync("/melden/RTM", new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = marker }));
        await client.PostAsync("/melden/opvolgen?handler=open", new FormUrlEncodedContent(new Dictionary<string, string> { ["Receipt"] = receipt }));

        Assert.NotEmpty(sink.Lines);
        Assert.Contains(sink.Lines, l => l.Contains("/api/v1/anonymous/reports", StringComparison.Ordinal));
        foreach (var needle in new[] { marker, receipt, receipt.Replace("-", "", StringComparison.Ordinal) })
        {
            Assert.DoesNotContain(sink.Lines, l => l.Contains(needle, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal static async Task<string> SubmitAsync(HttpClient client, string text)
    {
        var created = await client.PostAsJsonAsync("/api/v1/anonymous/reports", new { mainport = "RTM", text });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetString()!;
    }

    internal static Task<HttpResponseMessage> GetCurrentAsync(HttpClient client, string? receipt) =>
        SendAsync(client, HttpMethod.Get, "/api/v1/anonymous/reports/current", receipt, null);

    internal static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? receipt, object? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (receipt is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Receipt", receipt);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return client.SendAsync(request);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
        }
    }
}
