namespace Slagboom.Web.Features.Graph;

/// <summary>
/// What the link-graph section of a page shows: the graph (for the table that keyboard and screen-reader users read,
/// and that works without JavaScript), the API address the picture and the export buttons use, and the lead text.
/// </summary>
public sealed record LinkGraphView(GraphApi.LinkGraph Graph, string JsonUrl, string Lead, string FileName)
{
    /// <summary>The same graph as GraphML: the JSON address with <c>format=graphml</c>.</summary>
    public string GraphMlUrl => JsonUrl + (JsonUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=graphml";

    /// <summary>Per node, the labels of the nodes it is linked to.</summary>
    public IReadOnlyList<GraphApi.Node> Neighbours(GraphApi.Node node)
    {
        var byId = Graph.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        return [.. Graph.Edges
            .Select(e => e.Source == node.Id ? e.Target : e.Target == node.Id ? e.Source : null)
            .OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(id => byId.GetValueOrDefault(id)).OfType<GraphApi.Node>()];
    }
}
