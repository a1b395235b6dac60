using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Slagboom.Core.Attachments;
using Slagboom.Testing;
using Slagboom.Web.Features.Signals;

namespace Slagboom.Web.Tests.Signals;

/// <summary>
/// The owner's and the receivers' parts of the signal page: attachments (upload, list, download with a purpose,
/// delete), who opened the signal, the legal hold and deleting the signal after a confirmation step.
/// </summary>
public sealed partial class SignalDetailTests
{
    private const string Person = "Jan de Vries";
    private const string Purpose = "onderzoek RTM-2026-114";

    private static Dictionary<string, string> Form() => new()
    {
        ["title"] = "Onbekende persoon in de stack",
        ["description"] = "Camera 14 zag om 03:10 Jan de Vries tussen rij 40 en 41.",
        ["partnerSummary"] = "Persoon gezien in de stack; politie onderzoekt.",
        ["mainport"] = "RTM",
        ["location"] = "Maasvlakte, rij 40",
        ["occurredAt"] = "2026-11-20T03:10",
        ["category"] = "intrusion",
        ["modusOperandi"] = "SEA-T01",
        ["processStep"] = "5",
        ["observables[0].type"] = "person",
        ["observables[0].value"] = Person,
        ["observables[1].type"] = "container",
        ["observables[1].value"] = "CSQU3054383",
        ["distribution.level"] = "mainport",
        ["distribution.groupId"] = "",
        ["tlp"] = "amber",
        ["legalBasis"] = "",
    };

    private sealed record People(HttpClient Police, HttpClient Customs, HttpClient Terminal);

    /// <summary>The police (public, owner), customs (public) and a terminal (private, no legal basis) in RTM, signed in.</summary>
    private static async Task<People> SignInAsync(SlagboomWebFactory web)
    {
        var police = await web.AddOrganisationAsync("Zeehavenpolitie", "public", "RTM");
        var customs = await web.AddOrganisationAsync("Douane Rotterdam", "public", "RTM");
        var terminal = await web.AddOrganisationAsync("Maasvlakte Terminal B.V.", "private", "RTM");
        return new People(
            await BrowserForAsync(web, police, "agent@politie.nl"),
            await BrowserForAsync(web, customs, "douanier@douane.nl"),
            await BrowserForAsync(web, terminal, "portier@terminal.nl"));
    }

    private static async Task<HttpClient> BrowserForAsync(SlagboomWebFactory web, string organisation, string email)
    {
        var user = await web.AddUserAsync(organisation, email, "member");
        var browser = web.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.SignInAsync(browser, email, user.Password)).StatusCode);
        return browser;
    }

    /// <summary>A signal written through the page by <paramref name="author"/>, published to the mainport; its address.</summary>
    private static async Task<string> PublishedSignalAsync(HttpClient author)
    {
        var created = await SlagboomWebFactory.PostFormAsync(author, "/signals/new", Form());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var published = await SlagboomWebFactory.PostFormAsync(author, location, new Dictionary<string, string>(), location + "?handler=Publish");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        return location;
    }

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>Posts the page's upload form as a browser does: multipart, with the page's antiforgery token, to the form's own action.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string location, string fileName, byte[] bytes, string contentType = "application/pdf")
    {
        var html = await client.GetStringAsync(location);
        var form = Regex.Match(html, "<form[^>]*data-testid=\"upload\"[^>]*>").Value;
        Assert.Contains("enctype=\"multipart/form-data\"", form, StringComparison.Ordinal);
        var action = WebUtility.HtmlDecode(Regex.Match(form, "action=\"([^\"]+)\"").Groups[1].Value);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        return await client.PostAsync(action, content);
    }

    [Fact]
    public async Task Owner_UploadsAPdfThroughTheForm_SeesItListed_AndDownloadsItIntactAfterGivingAPurpose()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var people = await SignInAsync(web);
        var location = await PublishedSignalAsync(people.Police);

        // Larger than the 1 MB that other forms may post: the page allows the attachment limit.
        var pdf = Pdf(1_572_864);
        var uploaded = await UploadAsync(people.Police, location, "rapport camera 14.pdf", pdf);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Equal(location + "#attachments", uploaded.Headers.Location!.OriginalString);

        var html = await people.Police.GetStringAsync(location);
        Assert.Contains("De bijlage rapport camera 14.pdf is toegevoegd.", html, StringComparison.Ordinal);
        var table = Table(html, "attachments");
        Assert.Matches("rapport camera 14.pdf</td>\\s*<td[^>]*>PDF</td>\\s*<td[^>]*>1,5 MB</td>", table);
        Assert.Contains("?handler=DeleteAttachment", table, StringComparison.Ordinal);

        // The link asks for a purpose first, as showing personal data does; an empty one is a field error.
        var link = WebUtility.HtmlDecode(Regex.Match(table, "href=\"([^\"]*handler=Download[^\"]*)\"").Groups[1].Value);
        var step = await people.Police.GetStringAsync(link);
        Assert.Contains("data-testid=\"download\"", step, StringComparison.Ordinal);
        Assert.Contains("id=\"download-purpose\"", step, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"download-purpose-error\"", step, StringComparison.Ordinal);
        var attachmentId = Regex.Match(step, "name=\"attachmentId\" value=\"([^\"]+)\"").Groups[1].Value;
        var empty = await people.Police.GetAsync($"{location}?handler=Download&attachmentId={attachmentId}&purpose=+");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("id=\"download-purpose-error\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var download = await people.Police.GetAsync($"{location}?handler=Download&attachmentId={attachmentId}&purpose={Uri.EscapeDataString(Purpose)}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rapport camera 14.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "attachment.download" && e.Outcome == "ok" && e.Purpose == Purpose)));

        // A purpose given on the page to see personal data is reused: the link goes straight to the file.
        var revealed = await SlagboomWebFactory.PostFormAsync(people.Police, location, new Dictionary<string, string> { ["purpose"] = Purpose }, location + "?handler=Reveal");
        var direct = WebUtility.HtmlDecode(Regex.Match(Table(await revealed.Content.ReadAsStringAsync(), "attachments"), "href=\"([^\"]*handler=Download[^\"]*)\"").Groups[1].Value);
        Assert.Contains("purpose=" + Uri.EscapeDataString(Purpose), direct, StringComparison.Ordinal);
        Assert.Equal(pdf, await people.Police.GetByteArrayAsync(direct));

        // A public partner receives it in clear: listed and downloadable, but neither added to nor deleted.
        var customs = await people.Customs.GetStringAsync(location);
        Assert.Contains("rapport camera 14.pdf", Table(customs, "attachments"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"upload\"", customs, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=DeleteAttachment", customs, StringComparison.Ordinal);
        Assert.Equal(pdf, await people.Customs.GetByteArrayAsync($"{location}?handler=Download&attachmentId={attachmentId}&purpose=controle"));
        var refused = await SlagboomWebFactory.PostFormAsync(people.Customs, location, new Dictionary<string, string> { ["attachmentId"] = attachmentId }, location + "?handler=DeleteAttachment");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        // The owner deletes it.
        var deleted = await SlagboomWebFactory.PostFormAsync(people.Police, location, new Dictionary<string, string> { ["attachmentId"] = attachmentId }, location + "?handler=DeleteAttachment");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var after = await people.Police.GetStringAsync(location);
        Assert.Contains("De bijlage rapport camera 14.pdf is verwijderd.", after, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-attachments\"", after, StringComparison.Ordinal);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Attachments.CountAsync()));
    }

    [Fact]
    public async Task Upload_OfAFileTheStoreRefuses_ComesBackAsAFieldError()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var people = await SignInAsync(web);
        var location = await PublishedSignalAsync(people.Police);

        var program = await UploadAsync(people.Police, location, "tool.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03], "application/octet-stream");
        Assert.Equal(HttpStatusCode.OK, program.StatusCode);
        var html = await program.Content.ReadAsStringAsync();
        Assert.Matches("id=\"file-error\">Dit soort bestand kan niet worden toegevoegd", html);
        Assert.Matches("<input type=\"file\" id=\"file\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"file-hint file-error\"", html);

        var large = await UploadAsync(people.Police, location, "groot.pdf", Pdf((int)AttachmentStore.MaxBytes + 1));
        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        Assert.Contains("id=\"file-error\">Het bestand is groter dan 10 MB.", await large.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var empty = await UploadAsync(people.Police, location, "leeg.txt", [], "text/plain");
        Assert.Contains("id=\"file-error\">Het bestand is leeg.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Attachments.CountAsync()));

        // Another organisation may not add files, whatever it posts.
        var page = await people.Customs.GetStringAsync(location);
        Assert.DoesNotContain("data-testid=\"upload\"", page, StringComparison.Ordinal);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent("notitie"u8.ToArray()), "file", "notitie.txt" },
        };
        Assert.Equal(HttpStatusCode.NotFound, (await people.Customs.PostAsync(location + "?handler=Upload", content)).StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Attachments.CountAsync()));
    }

    [Fact]
    public async Task PrivateReceiverWithoutLegalBasis_SeesNoAttachments_AndTheDownloadHandlerAnswers404()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var people = await SignInAsync(web);
        var location = await PublishedSignalAsync(people.Police);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(people.Police, location, "rapport.pdf", Pdf(2048))).StatusCode);
        var attachmentId = await web.Instance.QueryAsync(db => db.Attachments.Select(a => a.Id).SingleAsync());

        var html = await people.Terminal.GetStringAsync(location);
        Assert.Contains("data-testid=\"restricted-notice\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"attachments-section\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rapport.pdf", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Bijlagen", html, StringComparison.Ordinal);
        // Nor any of the owner's parts.
        Assert.DoesNotContain("data-testid=\"openings\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"legal-hold\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"delete\"", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await people.Terminal.GetAsync($"{location}?handler=Download&attachmentId={attachmentId}&purpose=nieuwsgierig")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await people.Terminal.GetAsync($"{location}?handler=Download&attachmentId={attachmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await people.Terminal.GetAsync($"{location}?handler=Delete")).StatusCode);
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "attachment.download" && e.Outcome == "refused" && e.Purpose == "nieuwsgierig")));
    }

    [Fact]
    public async Task Owner_SeesWhoOpenedTheSignal_InAmsterdamTime_WithTheirEmailOrganisationAndPurpose()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var people = await SignInAsync(web);
        var location = await PublishedSignalAsync(people.Police);

        Assert.Contains("Onbekende persoon in de stack", await people.Terminal.GetStringAsync(location), StringComparison.Ordinal);
        var revealed = await SlagboomWebFactory.PostFormAsync(people.Customs, location, new Dictionary<string, string> { ["purpose"] = Purpose }, location + "?handler=Reveal");
        Assert.Contains(Person, await revealed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var openings = Table(await people.Police.GetStringAsync(location), "openings");
        Assert.Matches("portier@terminal.nl</td>\\s*<td[^>]*>Maasvlakte Terminal B.V.</td>\\s*<td[^>]*>geen opgegeven</td>", openings);
        Assert.Matches("douanier@douane.nl</td>\\s*<td[^>]*>Douane Rotterdam</td>\\s*<td[^>]*>" + Purpose + "</td>", openings);
        var opened = await web.Instance.QueryAsync(db => db.AuditEntries
            .Where(e => e.Action == "signal.read" && e.Purpose == Purpose).Select(e => e.At).SingleAsync());
        Assert.Contains(">" + AmsterdamTime.ToLocal(opened).ToString("g", CultureInfo.GetCultureInfo("nl")) + "</time>", openings, StringComparison.Ordinal);
        // Newest first: the owner's own opening of this page leads.
        Assert.True(openings.IndexOf("agent@politie.nl", StringComparison.Ordinal) < openings.IndexOf("douanier@douane.nl", StringComparison.Ordinal));
        Assert.True(openings.IndexOf("douanier@douane.nl", StringComparison.Ordinal) < openings.IndexOf("portier@terminal.nl", StringComparison.Ordinal));

        Assert.DoesNotContain("data-testid=\"openings\"", await people.Customs.GetStringAsync(location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegalHold_PlacedThroughTheForm_RefusesTheDeletion_UntilItIsLifted()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var people = await SignInAsync(web);
        var location = await PublishedSignalAsync(people.Police);
        Assert.Contains("niet onder juridische bewaarplicht", await people.Police.GetStringAsync(location), StringComparison.Ordinal);

        var noReason = await SlagboomWebFactory.PostFormAsync(people.Police, location, new Dictionary<string, string> { ["hold"] = "true", ["reason"] = " " }, location + "?handler=LegalHold");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("id=\"hold-reason-error\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await web.Instance.QueryAsync(db => db.Signals.Select(s => s.LegalHold).SingleAsync()));

        // Another organisation may not place one.
        var other = await SlagboomWebFactory.PostFormAsync(people.Customs, location, new Dictionary<string, string> { ["hold"] = "true", ["reason"] = "zomaar" }, location + "?handler=LegalHold");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        var placed = await SlagboomWebFactory.PostFormAsync(people.Police, location, new Dictionary<string, string> { ["hold"] = "true", ["reason"] = "vordering OM 2026/17" }, location + "?handler=LegalHold");
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var html = await people.Police.GetStringAsync(location);
        Assert.Contains("De juridische bewaarplicht is ingesteld.", html, StringComparison.Ordinal);
        Assert.Contains("Dit signaal staat onder juridische bewaarplicht.", html, StringComparison.Ordinal);
        Assert.Contains("Bewaarplicht opheffen", html, StringComparison.Ordinal);
        Assert.True(await web.Instance.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "signal.legal-hold" && e.Purpose == "vordering OM 2026/17")));

        var confirm = await people.Police.GetStringAsync(location + "?handler=Delete");
        Assert.Contains("data-testid=\"delete-confirm\"", confirm, StringComparison.Ordinal);
        Assert.Contains("verwijderen wordt geweigerd zolang die geldt", confirm, StringComparison.Ordinal);
        var refused = await SlagboomWebFactory.PostFormAsync(people.Police, location + "?handler=Delete", new Dictionary<string, string>(), location + "?handler=Delete");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Het signaal staat onder juridische bewaarplicht en kan niet worden verwijderd.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.Signals.CountAsync()));

        var lifted = await SlagboomWebFactory.PostFormAsync(people.Police, location, new Dictionary<string, string> { ["hold"] = "false", ["reason"] = "zaak gesloten" }, location + "?handler=LegalHold");
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        Assert.Contains("De juridische bewaarplicht is opgeheven.", await people.Police.GetStringAsync(location), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SlagboomWebFactory.PostFormAsync(people.Police, location + "?handler=Delete", new Dictionary<string, string>(), location + "?handler=Delete")).StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Signals.CountAsync()));
    }

    [Fact]
    public async Task Delete_AfterTheConfirmationStep_RemovesTheSignalAndItsFiles()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var people = await SignInAsync(web);
        var location = await PublishedSignalAsync(people.Police);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(people.Police, location, "foto.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "image/png")).StatusCode);
        var attachmentId = await web.Instance.QueryAsync(db => db.Attachments.Select(a => a.Id).SingleAsync());
        var file = await web.Instance.RunAsync<AttachmentStore, string>(store => Task.FromResult(store.PathOf(attachmentId)));
        Assert.True(File.Exists(file));

        // The button only asks; nothing is deleted before the second step.
        var detail = await people.Police.GetStringAsync(location);
        Assert.Matches("<form method=\"get\" action=\"" + Regex.Escape(location) + "#delete\"[^>]*data-testid=\"delete\">\\s*<input type=\"hidden\" name=\"handler\" value=\"Delete\">", detail);
        var confirm = await people.Police.GetStringAsync(location + "?handler=Delete");
        Assert.Contains("Weet u zeker dat u dit signaal wilt verwijderen?", confirm, StringComparison.Ordinal);
        Assert.Contains("Ja, definitief verwijderen", confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("verwijderen wordt geweigerd", confirm, StringComparison.Ordinal);
        Assert.Equal(1, await web.Instance.QueryAsync(db => db.Signals.CountAsync()));

        // Only the owner deletes.
        Assert.Equal(HttpStatusCode.NotFound, (await people.Customs.GetAsync(location + "?handler=Delete")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SlagboomWebFactory.PostFormAsync(people.Customs, location, new Dictionary<string, string>(), location + "?handler=Delete")).StatusCode);

        var deleted = await SlagboomWebFactory.PostFormAsync(people.Police, location + "?handler=Delete", new Dictionary<string, string>(), location + "?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/signals", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await people.Police.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await people.Customs.GetAsync(location)).StatusCode);
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Signals.CountAsync()));
        Assert.Equal(0, await web.Instance.QueryAsync(db => db.Attachments.CountAsync()));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Auditor_FindsTheAuditTrailInTheNavigation_OthersDoNot()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var organisation = await web.AddOrganisationAsync("Toezicht");
        var auditor = await AuditPageTests.SignInWithSecondFactorAsync(web, await web.AddUserAsync(organisation, "auditor@toezicht.nl", "auditor"));
        var member = await BrowserForAsync(web, organisation, "lid@toezicht.nl");

        Assert.Contains("<a class=\"nl-link rhc-nav-bar__link\" href=\"/audit\">Audittrail</a>", await auditor.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("href=\"/audit\" aria-current=\"page\">Audittrail</a>", await auditor.GetStringAsync("/audit"), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/audit\"", await member.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "nl-NL", "0 B")]
    [InlineData(900, "nl-NL", "900 B")]
    [InlineData(2048, "nl-NL", "2 kB")]
    [InlineData(1_258_291, "nl-NL", "1,2 MB")]
    [InlineData(1_258_291, "en-GB", "1.2 MB")]
    [InlineData(10 * 1024 * 1024, "nl-NL", "10 MB")]
    public void Sizes_ReadAsPeopleWriteThem(long bytes, string culture, string expected) =>
        Assert.Equal(expected, AttachmentFormat.Size(bytes, CultureInfo.GetCultureInfo(culture)));

    private static string Table(string html, string testId)
    {
        var table = Regex.Match(html, $"<table[^>]*data-testid=\"{testId}\".*?</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table {testId}");
        return table.Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
