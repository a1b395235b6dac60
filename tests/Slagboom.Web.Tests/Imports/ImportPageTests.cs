using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Imports;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Imports;

/// <summary>The import page: upload, background processing, progress by status endpoint, bad rows by line, and the records afterwards.</summary>
public sealed partial class ImportPageTests
{
    private static string Json(string externalId, string? title, string mainport, params (string Type, string Value)[] observables) =>
        JsonSerializer.Serialize(new
        {
            externalId,
            title,
            description = "Beschrijving",
            mainport,
            occurredAt = "2026-02-01T10:00:00Z",
            category = "incident",
            observables = observables.Select(o => new { type = o.Type, value = o.Value }),
            distribution = new { level = "mainport" },
            tlp = "amber",
        });

    private static readonly string Feed = string.Join("\n",
        Json("A1", "Container met afwijkend zegel", "RTM", ("container", "CSQU 305438-3")),
        Json("A2", "Fout controlecijfer", "RTM", ("container", "CSQU3054384")),
        Json("A3", "Schip gesignaleerd", "ZWB", ("imo", "9319466")),
        "{ dit is geen json",
        Json("A5", "Tweede container", "RTM", ("container", "TCNU7200794")),
        Json("A6", "Onbekende mainport", "AMS"));

    private sealed record Member(HttpClient Browser, string Token, string UserId);

    private static async Task<Member> MemberAsync(SlagboomWebFactory web, string organisation, string email)
    {
        var user = await web.AddUserAsync(organisation, email, "member");
        var browser = web.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.SignInAsync(browser, email, user.Password)).StatusCode);
        return new Member(browser, await web.TokenForAsync(email), user.User.Id);
    }

    /// <summary>Posts the upload form the way a browser does: multipart, with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string fileName, string content, string format = "", bool publish = false)
    {
        var html = await browser.GetStringAsync("/imports");
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent(format), "format" },
        };
        if (publish)
        {
            form.Add(new StringContent("true"), "publish");
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await browser.PostAsync("/imports", form);
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient client, string id)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{id}");
            if (status.GetProperty("finished").GetBoolean())
            {
                return status;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"import {id} still {status.GetProperty("status").GetString()}");
            await Task.Delay(200);
        }
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Upload_IsImportedInTheBackground_TheStatusReachesFinishedWithTheCountsAndBadRowLines(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var org = await web.AddOrganisationAsync("Douane Rotterdam", "public", "RTM", "ZWB");
        var member = await MemberAsync(web, org, "m@douane.nl");
        var other = await MemberAsync(web, org, "collega@douane.nl");

        var uploaded = await UploadAsync(member.Browser, "feed.jsonl", Feed, publish: true);

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var location = uploaded.Headers.Location!.OriginalString;
        Assert.Matches("^/imports/[^/]+$", location);
        var id = location["/imports/".Length..];
        var status = await FinishedAsync(member.Browser, id);
        Assert.Equal("finished", status.GetProperty("status").GetString());
        Assert.Equal(6, status.GetProperty("total").GetInt64());
        Assert.Equal(6, status.GetProperty("done").GetInt64());
        Assert.Equal(3, status.GetProperty("imported").GetInt64());
        Assert.Equal(0, status.GetProperty("skipped").GetInt64());
        Assert.Equal(3, status.GetProperty("bad").GetInt64());
        var lines = status.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("line").GetInt32()).Distinct().Order().ToArray();
        Assert.Equal([2, 4, 6], lines);
        Assert.Contains(status.GetProperty("problems").EnumerateArray(), p => p.GetProperty("line").GetInt32() == 2 && p.GetProperty("field").GetString() == "observables[0].value");

        // The good rows are published signals of the uploader's organisation.
        var signals = await web.Api(member.Token).GetFromJsonAsync<JsonElement>("/api/v1/signals");
        Assert.Equal(["A1", "A3", "A5"], await web.Instance.QueryAsync(db => db.Signals.OrderBy(s => s.ExternalId).Select(s => s.ExternalId!).ToListAsync()));
        Assert.All(signals.GetProperty("items").EnumerateArray(), s => Assert.Equal("published", s.GetProperty("status").GetString()));

        // The progress page shows the end state and the bad rows by line; the list keeps the record.
        var page = await member.Browser.GetStringAsync(location);
        Assert.Contains("data-testid=\"bad-rows\"", page, StringComparison.Ordinal);
        Assert.Contains(">klaar<", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-import-status-url=\"/", page, StringComparison.Ordinal);
        Assert.Contains("feed.jsonl", await member.Browser.GetStringAsync("/imports"), StringComparison.Ordinal);

        // Only the uploader sees it.
        Assert.Equal(HttpStatusCode.NotFound, (await other.Browser.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(other.Token).GetAsync($"/api/v1/imports/{id}")).StatusCode);
        Assert.Equal(0, (await web.Api(other.Token).GetFromJsonAsync<JsonElement>("/api/v1/imports")).GetArrayLength());

        // The same file again changes nothing: every good row is skipped.
        var again = await UploadAsync(member.Browser, "feed.jsonl", Feed, publish: true);
        var second = await FinishedAsync(member.Browser, again.Headers.Location!.OriginalString["/imports/".Length..]);
        Assert.Equal(0, second.GetProperty("imported").GetInt64());
        Assert.Equal(3, second.GetProperty("skipped").GetInt64());
        Assert.Equal(3, await web.Instance.QueryAsync(db => db.Signals.CountAsync()));

        Assert.Equal(2, await web.Instance.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "import.start" && e.UserId == member.UserId)));
        Assert.Equal(2, await web.Instance.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "import.finish" && e.Outcome == "ok")));
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "signal.import")));
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Csv_IsReadAsTheCommandLineReadsIt(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var member = await MemberAsync(web, await web.AddOrganisationAsync("Terminal", "public", "RTM"), "m@terminal.nl");
        var csv = string.Join("\r\n",
            "externalId,title,description,partnerSummary,mainport,occurredAt,category,modusOperandi,processStep,observables,distribution,groupId,tlp,location",
            "T-1,Rip-off vermoed,\"Zegel verbroken,",
            "container open\",,RTM,2026-02-01T10:00:00Z,incident,SEA-T01,3,container:csqu 305438-3;plate-nl:ab-12-34,mainport,,amber,Maasvlakte",
            "T-2,Geen tijd,Tekst,,RTM,gisteren,incident,,,,mainport,,amber,");

        var uploaded = await UploadAsync(member.Browser, "export.txt", csv, format: "csv");

        var status = await FinishedAsync(member.Browser, uploaded.Headers.Location!.OriginalString["/imports/".Length..]);
        Assert.Equal(1, status.GetProperty("imported").GetInt64());
        Assert.Equal(1, status.GetProperty("bad").GetInt64());
        Assert.Equal(4, status.GetProperty("problems")[0].GetProperty("line").GetInt32());
        Assert.Equal("T-1", await web.Instance.QueryAsync(db => db.Signals.Select(s => s.ExternalId).SingleAsync()));
    }

    [Fact]
    public async Task BadUploads_AreRefusedWithAFieldError_AndStartNothing()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var member = await MemberAsync(web, await web.AddOrganisationAsync("Douane", "public", "RTM"), "m@douane.nl");

        var empty = await UploadAsync(member.Browser, "feed.jsonl", "");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var html = await empty.Content.ReadAsStringAsync();
        Assert.Contains("id=\"file-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Het bestand is leeg.", html, StringComparison.Ordinal);

        var unknown = await UploadAsync(member.Browser, "feed.xlsx", Feed);
        Assert.Contains("id=\"format-error\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.ImportJobs.CountAsync()));

        // One import per user at a time: while one runs, another upload is refused.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await web.Instance.RunAsync<Slagboom.Core.Data.AppDbContext>(async db =>
        {
            db.ImportJobs.Add(new ImportJob { Id = "running-1", UserId = member.UserId, OrganisationId = "x", FileName = "a.jsonl", Format = "jsonl", Status = ImportStatus.Running, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        });
        var busy = await UploadAsync(member.Browser, "feed.jsonl", Feed);
        Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
        Assert.Contains("U heeft al een import die loopt", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.ImportJobs.CountAsync()));
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Signals.CountAsync()));

        // Too large for the page: refused before anything is read.
        var large = await UploadAsync(member.Browser, "big.jsonl", new string('x', (int)ImportJobs.MaxBytes + (100 * 1024)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
