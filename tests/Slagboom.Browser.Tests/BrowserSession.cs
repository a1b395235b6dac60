using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Slagboom.Core.Demo;
using Slagboom.Core.Errors;
using Slagboom.Testing;

namespace Slagboom.Browser.Tests;

/// <summary>
/// The real server on a real port (Kestrel in process, on a fresh SQLite installation with the demo data set)
/// and Debian's Chromium driven by Playwright. Every page visited is checked with axe-core.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Axe", "axe.min.js")));

    private readonly SlagboomWebFactory _web;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(SlagboomWebFactory web, IPlaywright playwright, IBrowser browser, IPage page, string baseUrl, IReadOnlyList<DemoAccount> accounts)
    {
        _web = web;
        _playwright = playwright;
        _browser = browser;
        Page = page;
        BaseUrl = baseUrl;
        Accounts = accounts;
    }

    /// <summary>The page of the current browser context; <see cref="NewContextAsync"/> starts another (another user).</summary>
    public IPage Page { get; private set; }
    public string BaseUrl { get; }
    public IReadOnlyList<DemoAccount> Accounts { get; }

    /// <summary>The web host under test, for arranging data the test is not about.</summary>
    public SlagboomWebFactory Web => _web;
    public List<string> ConsoleErrors { get; } = [];

    public static async Task<BrowserSession> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            // .ci/run installs Debian's chromium; a developer without it is told how to get it.
            throw new InvalidOperationException($"{chromium} is missing: apt-get install -y chromium");
        }

        var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite, kestrel: true, settings: settings);
        var demo = await web.Instance.RunAsync<DemoDataSet, Result<IReadOnlyList<DemoAccount>>>(d => d.LoadAsync());
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(30_000);
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        var context = await browser.NewContextAsync(new() { Locale = "nl-NL" });
        var page = await context.NewPageAsync();
        var session = new BrowserSession(web, playwright, browser, page, address.TrimEnd('/'), demo.Value!);
        session.Watch(page);
        return session;
    }

    /// <summary>A fresh browser context (no cookies: another person at another desk), optionally phone-sized; it becomes <see cref="Page"/>.</summary>
    public async Task<IPage> NewContextAsync(int? width = null, int? height = null)
    {
        var context = await _browser.NewContextAsync(new()
        {
            Locale = "nl-NL",
            ViewportSize = width is null ? null : new ViewportSize { Width = width.Value, Height = height ?? 844 },
        });
        Page = await context.NewPageAsync();
        Watch(Page);
        return Page;
    }

    /// <summary>
    /// CI runs all test assemblies at once on two cores, so a page can take seconds to answer; generous timeouts keep
    /// the browser tests about behaviour, not about the machine's load.
    /// </summary>
    private const float Patience = 120_000;

    private void Watch(IPage page)
    {
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                ConsoleErrors.Add($"{response.Status} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
    }

    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(BaseUrl + path);
        Assert.True(response?.Ok, $"{path}: {response?.Status}");
        await AssertAccessibleAsync();
        if (Environment.GetEnvironmentVariable("SLAGBOOM_SCREENSHOTS") == "1")
        {
            await ScreenshotAsync(path.Trim('/').Replace('/', '-') is { Length: > 0 } name ? name : "home");
        }
    }

    /// <summary>Runs axe-core (vendored from npm) on the current page; serious or critical violations fail the test.</summary>
    public async Task AssertAccessibleAsync()
    {
        // The URL may match before the page has finished loading; axe checks the loaded page. The document's own
        // readyState is polled rather than Playwright's load event: once (CI, stop 12) the event was never reported
        // for a page returned by a form post whose content the test had already read.
        await Page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        // Evaluated through the DevTools protocol, which our Content-Security-Policy rightly does not allow pages to do.
        await Page.EvaluateAsync(AxeSource.Value);
        var result = await Page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice'] } });" +
            " return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })); }");
        var serious = result.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at {v.GetProperty("nodes")}")
            .ToList();
        Assert.True(serious.Count == 0, $"Accessibility violations on {Page.Url}:\n" + string.Join("\n", serious));
    }

    /// <summary>Checks a page reached by a click or a form as <see cref="GotoAsync"/> checks one reached by address: axe, and a screenshot when asked for.</summary>
    public async Task CheckPageAsync(string screenshotName)
    {
        await AssertAccessibleAsync();
        if (Environment.GetEnvironmentVariable("SLAGBOOM_SCREENSHOTS") == "1")
        {
            await ScreenshotAsync(screenshotName);
        }
    }

    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _web.DisposeAsync();
    }
}
