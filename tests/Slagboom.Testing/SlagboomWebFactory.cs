using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Slagboom.Core.Accounts;
using Slagboom.Core.Errors;
using Slagboom.Core.Organisations;
using Slagboom.Testing;
using Xunit;

namespace Slagboom.Testing;

/// <summary>The real web host, in process, on a test installation (SQLite file or PostgreSQL database).</summary>
public sealed partial class SlagboomWebFactory(TestInstance instance, int signInAttemptsPerMinute = 1000) : WebApplicationFactory<Program>
{
    public TestInstance Instance { get; } = instance;

    /// <summary>More configuration for the host (set before it starts), for example <c>Slagboom:Mqtt:Host</c>.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts the host: on the in-memory test server, or with <paramref name="kestrel"/> on a real loopback port (for a browser).</summary>
    public static async Task<SlagboomWebFactory> StartAsync(string provider, int signInAttemptsPerMinute = 1000, bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var instance = await TestInstance.CreateAsync(provider, realTime: true);
        var factory = new SlagboomWebFactory(instance, signInAttemptsPerMinute);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            factory.Settings[key] = value;
        }

        if (kestrel)
        {
            factory.UseKestrel(0);
            factory.StartServer();
        }
        else
        {
            _ = factory.Server;
        }

        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Instance.Environment)
        {
            if (value is not null)
            {
                builder.UseSetting(key, value);
            }
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Slagboom:SignInAttemptsPerMinute", signInAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.UseEnvironment("Production");
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient Api(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<string> AddOrganisationAsync(string name, string kind = "public", params string[] mainports)
    {
        var added = await Instance.RunAsync<OrganisationAdministration, Result<Organisation>>(o =>
            o.AddAsync(Actor.Operator, new AddOrganisationRequest(name, kind, "test", mainports.Length == 0 ? ["RTM"] : mainports)));
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value!.Id;
    }

    public async Task<NewUser> AddUserAsync(string organisationId, string email, params string[] roles)
    {
        var added = await Instance.RunAsync<UserAdministration, Result<NewUser>>(a =>
            a.AddAsync(Actor.Operator, new AddUserRequest(organisationId, email, roles)));
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value!;
    }

    public async Task<string> TokenForAsync(string email)
    {
        var made = await Instance.RunAsync<ApiTokens, Result<NewApiToken>>(t => t.CreateAsync(Actor.Operator, email, null, 30, "tests"));
        Assert.True(made.Ok, made.Error?.Message);
        return made.Value!.Secret;
    }

    /// <summary>A user of the given roles in a fresh organisation, with a bearer token.</summary>
    public async Task<(string OrganisationId, NewUser User, string Token)> UserWithTokenAsync(params string[] roles)
    {
        var org = await AddOrganisationAsync("Org " + Guid.NewGuid().ToString("N")[..8]);
        var user = await AddUserAsync(org, $"{Guid.NewGuid():N}@test.nl", roles);
        return (org, user, await TokenForAsync(user.User.Email!));
    }

    /// <summary>Posts a form the way a browser does: first fetch the page for its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, IDictionary<string, string> fields, string? postUrl = null)
    {
        var page = await client.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {pageUrl} ({(int)page.StatusCode})");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await client.PostAsync(postUrl ?? pageUrl, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/account/login", new Dictionary<string, string> { ["email"] = email, ["password"] = password });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Instance.DisposeAsync();
    }
}
