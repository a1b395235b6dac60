using System.Security.Claims;
using System.Text;
using System.Xml;
using Slagboom.Core.Observables;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Graph;

/// <summary>
/// The link graph around a signal, two hops out: the signal, its observables (as the caller receives them) and the
/// other signals naming them that the caller may see. Built from the signal as read through the sharing policy and
/// its correlations, which apply the same policy, so an invisible signal never becomes a node. JSON or GraphML.
/// </summary>
public static class GraphApi
{
    public sealed record Node(string Id, string Kind, string Label, string? Type = null, string? Mainport = null, string? Tlp = null);

    public sealed record Edge(string Source, string Target);

    public sealed record LinkGraph(string Root, IReadOnlyList<Node> Nodes, IReadOnlyList<Edge> Edges);

    public static void MapGraph(this IEndpointRouteBuilder api) =>
        api.MapGet("/signals/{id}/graph", Get).RequireAuthorization(Policies.SignedIn).WithTags("observables")
            .WithSummary("The link graph two hops out from a signal (signal → observables → other visible signals), as JSON or GraphML (format=graphml).");

    public static async Task<IResult> Get(string id, string? format, ClaimsPrincipal user, SignalService signals, Correlations correlations, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "graphml"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Use format=json or format=graphml."] });
        }

        var actor = user.ToActor();
        var signal = await signals.GetAsync(actor, id, user.FindFirstValue(SlagboomClaims.Purpose), cancellationToken);
        if (!signal.Ok)
        {
            return signal.Error!.ToProblem();
        }

        var correlated = await correlations.ForSignalAsync(actor, id, cancellationToken);
        var graph = Build(signal.Value!, correlated.Ok ? correlated.Value! : []);
        return format == "graphml"
            ? TypedResults.File(Encoding.UTF8.GetBytes(ToGraphMl(graph)), "application/graphml+xml", $"slagboom-graph-{id}.graphml")
            : TypedResults.Ok(graph);
    }

    internal static LinkGraph Build(SignalView root, IReadOnlyList<Correlation> correlations)
    {
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        var edges = new HashSet<Edge>();
        var rootId = "signal:" + root.Id;
        nodes[rootId] = new Node(rootId, "signal", root.Title, Mainport: root.Mainport, Tlp: root.Tlp);
        foreach (var observable in root.Observables)
        {
            var observableId = $"observable:{observable.Type}:{observable.Value}";
            nodes.TryAdd(observableId, new Node(observableId, "observable", observable.Value, Type: observable.Type));
            edges.Add(new Edge(rootId, observableId));
            foreach (var other in correlations.Where(c => c.Type == observable.Type && c.Value == observable.Value).SelectMany(c => c.Signals))
            {
                var otherId = "signal:" + other.SignalId;
                nodes.TryAdd(otherId, new Node(otherId, "signal", other.Title, Mainport: other.Mainport, Tlp: other.Tlp));
                edges.Add(new Edge(otherId, observableId));
            }
        }

        return new LinkGraph(rootId, [.. nodes.Values], [.. edges]);
    }

    internal static string ToGraphMl(LinkGraph graph)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            const string ns = "http://graphml.graphdrawing.org/xmlns";
            xml.WriteStartDocument();
            xml.WriteStartElement("graphml", ns);
            foreach (var key in new[] { "kind", "label", "type", "mainport", "tlp" })
            {
                xml.WriteStartElement("key", ns);
                xml.WriteAttributeString("id", key);
                xml.WriteAttributeString("for", "node");
                xml.WriteAttributeString("attr.name", key);
                xml.WriteAttributeString("attr.type", "string");
                xml.WriteEndElement();
            }

            xml.WriteStartElement("graph", ns);
            xml.WriteAttributeString("id", graph.Root);
            xml.WriteAttributeString("edgedefault", "undirected");
            foreach (var node in graph.Nodes)
            {
                xml.WriteStartElement("node", ns);
                xml.WriteAttributeString("id", node.Id);
                Data("kind", node.Kind);
                Data("label", node.Label);
                Data("type", node.Type);
                Data("mainport", node.Mainport);
                Data("tlp", node.Tlp);
                xml.WriteEndElement();
            }

            foreach (var edge in graph.Edges)
            {
                xml.WriteStartElement("edge", ns);
                xml.WriteAttributeString("source", edge.Source);
                xml.WriteAttributeString("target", edge.Target);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();

            void Data(string key, string? value)
            {
                if (value is null)
                {
                    return;
                }

                xml.WriteStartElement("data", ns);
                xml.WriteAttributeString("key", key);
                xml.WriteString(value);
                xml.WriteEndElement();
            }
        }

        return text.ToString();
    }
}
