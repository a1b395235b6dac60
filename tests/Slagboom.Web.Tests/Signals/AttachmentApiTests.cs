using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Slagboom.Testing;

namespace Slagboom.Web.Tests.Signals;

public sealed class AttachmentApiTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static MultipartFormDataContent File(byte[] bytes, string name)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", name);
        return content;
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Attachment_IsStoredEncryptedUnderAServerName_AndComesBackIntact(string provider)
    {
        await using var web = await SlagboomWebFactory.StartAsync(provider);
        var (_, _, author) = await web.UserWithTokenAsync("analyst");
        var signal = await (await web.Api(author).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body(level: "national", tlp: "green"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = signal.GetProperty("id").GetString();

        var added = await web.Api(author).PostAsync($"/api/v1/signals/{id}/attachments", File(Pdf, "../../etc/verslag camera 14.pdf"));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var attachment = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("verslag camera 14.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
        var stored = Directory.GetFiles(Path.Combine(web.Instance.Settings.DataFolder, "attachments"));
        var onDisk = await System.IO.File.ReadAllBytesAsync(Assert.Single(stored));
        Assert.Equal(attachment.GetProperty("id").GetString(), Path.GetFileName(stored[0]));
        Assert.DoesNotContain("%PDF", Encoding.ASCII.GetString(onDisk), StringComparison.Ordinal);

        var download = await web.Api(author).GetAsync($"/api/v1/signals/{id}/attachments/{attachment.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task DisallowedOrOversizedFiles_AreRefusedAndNothingIsStored()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, author) = await web.UserWithTokenAsync("member");
        var signal = await (await web.Api(author).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body())).Content.ReadFromJsonAsync<JsonElement>();
        var id = signal.GetProperty("id").GetString();
        var api = web.Api(author);

        // An executable renamed to .pdf is judged by its content.
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync($"/api/v1/signals/{id}/attachments", File([0x4D, 0x5A, 0x90, 0x00], "rapport.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync($"/api/v1/signals/{id}/attachments", File([], "leeg.txt"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync($"/api/v1/signals/{id}/attachments", File("<script>alert(1)</script>"u8.ToArray(), "pagina.html"))).StatusCode);
        var tooLarge = await api.PostAsync($"/api/v1/signals/{id}/attachments", File(new byte[11 * 1024 * 1024], "groot.txt"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(web.Instance.Settings.DataFolder, "attachments"))
            && Directory.GetFiles(Path.Combine(web.Instance.Settings.DataFolder, "attachments")).Length > 0);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/signals/{id}/attachments")).GetArrayLength());
    }

    [Fact]
    public async Task OnlyReceiversInClear_SeeAttachments_AndOnlyTheOwnerAdds()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var (_, _, author) = await web.UserWithTokenAsync("analyst");
        var privateOrg = await web.AddOrganisationAsync("Terminal", "private", "RTM");
        var privateUser = await web.AddUserAsync(privateOrg, "m@terminal.nl", "member");
        var privateToken = await web.TokenForAsync(privateUser.User.Email!);
        var signal = await (await web.Api(author).PostAsJsonAsync("/api/v1/signals", SignalApiTests.Body(level: "mainport"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = signal.GetProperty("id").GetString();
        await web.Api(author).PostAsync($"/api/v1/signals/{id}/publish", null);
        var added = await (await web.Api(author).PostAsync($"/api/v1/signals/{id}/attachments", File("rij 40;rij 41\n"u8.ToArray(), "posities.csv"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(0, (await web.Api(privateToken).GetFromJsonAsync<JsonElement>($"/api/v1/signals/{id}/attachments")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(privateToken).GetAsync($"/api/v1/signals/{id}/attachments/{added.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Api(privateToken).PostAsync($"/api/v1/signals/{id}/attachments", File(Pdf, "x.pdf"))).StatusCode);
    }
}
