using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Testing;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Tests;

/// <summary>Rules that keep the codebase honest as it grows.</summary>
public sealed partial class ConventionTests
{
    [Fact]
    public async Task EveryEndpoint_DeclaresItsAuthorisation()
    {
        await using var web = await SlagboomWebFactory.StartAsync(TestInstance.Sqlite);
        var endpoints = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.True(endpoints.Count > 20, "the endpoint list is not empty");
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any())
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName)
            .ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public void EveryText_HasDutchAndEnglish()
    {
        Assert.All(Texts.Entries, entry =>
        {
            Assert.Equal(2, entry.Value.Length);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value[0]), $"{entry.Key} lacks Dutch");
            Assert.False(string.IsNullOrWhiteSpace(entry.Value[1]), $"{entry.Key} lacks English");
        });
    }

    [Fact]
    public void EveryTextKeyUsedInTheUi_Exists()
    {
        var web = Path.Combine(RepositoryRoot.Path, "src", "Slagboom.Web");
        var used = Directory.EnumerateFiles(web, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => TextKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.True(used.Count > 50);
        var missing = used.Where(k => !Texts.Entries.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "missing texts: " + string.Join(", ", missing));
    }

    [GeneratedRegex("""(?:T|texts)(?:\[|\.Format\()"([a-zA-Z0-9.\-]+)"[\],]""")]
    private static partial Regex TextKey();
}
