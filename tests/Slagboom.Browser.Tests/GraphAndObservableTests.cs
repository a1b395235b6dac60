using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Slagboom.Browser.Tests;

public sealed class GraphAndObservableTests
{
    private const string Title = "Uithalers aangetroffen in de stack bij Maasvlakte";
    private const string Container = "CSQU3054383";

    [Fact]
    public async Task Member_OpensASignalsGraph_ClicksANode_AndReadsTheObservablePage()
    {
        await using var session = await BrowserSession.StartAsync();
        var member = session.Accounts.First(a => a.Email == "member.douane@demo.slagboom.test");
        var page = session.Page;
        try
        {
            await session.GotoAsync("/account/login");
            await page.GetByLabel("E-mailadres").FillAsync(member.Email);
            await page.GetByLabel("Wachtwoord").FillAsync(member.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + "/");

            await session.GotoAsync("/signals");
            await page.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signals/[^/?]+$"));
            var signalUrl = page.Url;

            // The picture is drawn from the graph API; the table beside it holds the same nodes, personal data masked.
            var graph = page.GetByTestId("graph");
            await Assertions.Expect(graph).ToHaveAttributeAsync("data-graph-ready", "true");
            await Assertions.Expect(graph.Locator("canvas").First).ToBeVisibleAsync();
            var table = page.GetByTestId("graph-table");
            await Assertions.Expect(table).ToContainTextAsync(Container);
            await Assertions.Expect(table).ToContainTextAsync("verborgen persoonsgegeven");
            await Assertions.Expect(table).Not.ToContainTextAsync("Pieter Bakker");
            await session.CheckPageAsync("signal-graph");

            // The export buttons give the same graph as JSON and as GraphML.
            var graphMlHref = await page.GetByTestId("export-graphml").GetAttributeAsync("href");
            var graphMl = await page.Context.APIRequest.GetAsync(session.BaseUrl + graphMlHref);
            Assert.Equal(200, graphMl.Status);
            Assert.StartsWith("application/graphml+xml", graphMl.Headers["content-type"], StringComparison.Ordinal);
            Assert.DoesNotContain("Pieter Bakker", await graphMl.TextAsync(), StringComparison.Ordinal);
            var jsonHref = await page.GetByTestId("export-json").GetAttributeAsync("href");
            Assert.Equal(200, (await page.Context.APIRequest.GetAsync(session.BaseUrl + jsonHref)).Status);

            // Clicking the container's node opens its page.
            await graph.ScrollIntoViewIfNeededAsync();
            var at = await page.EvaluateAsync<double[]>(
                "id => { const el = document.querySelector('[data-testid=graph]'); const n = el.slagboomGraph.getElementById(id);" +
                " const box = el.getBoundingClientRect(); const p = n.renderedPosition(); return [box.left + p.x, box.top + p.y]; }",
                $"observable:container:{Container}");
            await page.Mouse.ClickAsync((float)at[0], (float)at[1]);
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + $"/observables/container/{Container}");
            await Assertions.Expect(page.GetByTestId("observable-value")).ToHaveTextAsync(Container);
            await Assertions.Expect(page.GetByTestId("sightings")).ToContainTextAsync(Title);
            await Assertions.Expect(page.Locator("canvas[data-chart]")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("graph")).ToHaveAttributeAsync("data-graph-ready", "true");
            await session.CheckPageAsync("observable");

            // Keyboard users get there through the links in the tables.
            await page.GetByTestId("sightings").GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(signalUrl);
            await page.GetByTestId("observables").GetByRole(AriaRole.Link, new() { Name = Container }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(session.BaseUrl + $"/observables/container/{Container}");
            Assert.Empty(session.ConsoleErrors);
        }
        catch
        {
            await session.ScreenshotAsync(nameof(Member_OpensASignalsGraph_ClicksANode_AndReadsTheObservablePage));
            throw;
        }
    }
}
