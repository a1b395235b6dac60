using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Slagboom.Core.Observables;
using Slagboom.Web.Features.Graph;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Observables;

/// <summary>
/// One observable as the viewer receives it: the normalised value (a private partner's own <c>pd:</c> pseudonym
/// where the policy says so), whether it is common or excluded, its sightings over time (list and chart) and the link
/// graph from it. Everything comes from <see cref="ObservableOverviews"/>, which reads through the sightings service
/// and so through the one sharing policy; a value the viewer sees in no signal is 404, as an unknown one.
/// </summary>
[Authorize(Policy = Policies.Content)]
public sealed class DetailModel(ObservableOverviews overviews, Texts texts) : PageModel
{
    public ObservableOverview Overview { get; private set; } = null!;

    /// <summary>The link graph, with personal-data values other than the page's own masked (no purpose was given here).</summary>
    public GraphApi.LinkGraph Graph { get; private set; } = null!;

    /// <summary>Sightings per calendar month (UTC), oldest first, every month between the first and the last.</summary>
    public IReadOnlyList<(string Month, int Count)> PerMonth { get; private set; } = [];

    public string ChartData => JsonSerializer.Serialize(new
    {
        labels = PerMonth.Select(m => m.Month),
        values = PerMonth.Select(m => m.Count),
        label = texts["obs.sightingsCount"],
    });

    public string GraphUrl => $"/api/v1/observables/{Uri.EscapeDataString(Overview.Type)}/{Uri.EscapeDataString(Overview.Value)}/graph";

    public async Task<IActionResult> OnGetAsync(string type, string value, CancellationToken cancellationToken)
    {
        var found = await overviews.GetAsync(User.ToActor(), type, value, cancellationToken);
        if (!found.Ok)
        {
            return NotFound();
        }

        Overview = found.Value!;
        Graph = GraphApi.Mask(GraphApi.Build(Overview));
        PerMonth = Months(Overview.Sightings.Select(s => s.OccurredAt));
        return Page();
    }

    internal static List<(string Month, int Count)> Months(IEnumerable<DateTime> times)
    {
        var counts = times.GroupBy(t => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc)).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0)
        {
            return [];
        }

        var result = new List<(string, int)>();
        for (var month = counts.Keys.Min(); month <= counts.Keys.Max(); month = month.AddMonths(1))
        {
            result.Add((month.ToString("yyyy-MM", CultureInfo.InvariantCulture), counts.GetValueOrDefault(month)));
        }

        return result;
    }
}
