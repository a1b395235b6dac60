using System.Security.Claims;
using System.Text;
using System.Xml;
using Slagboom.Core.Observables;
using Slagboom.Core.Signals;
using Slagboom.Web.Infrastructure;

namespace Slagboom.Web.Features.Graph;

/// <summary>
/// The link graph two hops out, as JSON or GraphML. From a signal: the signal, its observables (as the caller
/// receives them) and the other signals naming them that the caller may see — built from the signal as read through
/// the sharing policy and its correlations, which apply the same policy. From an observable: the value as the caller
/// receives it, its sightings (the signals the caller may see and receives that value in) and their other
/// observables. An invisible signal never becomes a node. <c>mask=personal</c> (used by the pages, which show
/// personal data only after a purpose is given) replaces personal-data values received in clear by a placeholder.
/// </summary>
public static class GraphApi
{
    /// <summary>A node; <c>href</c> is its page in the UI (none for a masked value).</summary>
    public sealed record Node(string Id, string Kind, string Label, string? Type = null, string? Mainport = null, string? Tlp = null, string? Href = null);

    /// <summary>The label of a masked personal-data value.</summary>
    public const string MaskedLabel = "•••";

    public sealed record Edge(string Source, string Target);

    public sealed record LinkGraph(string Root, IReadOnlyList<Node> Nodes, IReadOnlyList<Edge> Edges);

    public static void MapGraph(this IEndpointRouteBuilder api)
    {
        api.MapGet("/signals/{id}/graph", Get).RequireAuthorization(Policies.SignedIn).WithTags("observables")
            .WithSummary("The link graph two hops out from a signal (signal → observables → other visible signals), as JSON or GraphML (format=graphml); mask=personal hides personal-data values.");
        api.MapGet("/observables/{type}/{value}/graph", ForObservable).RequireAuthorization(Policies.SignedIn).WithTags("observables")
            .WithSummary("The link graph two hops out from an observable (observable → visible signals naming it → their observables), as JSON or GraphML (format=graphml); 404 when the caller sees it in no signal.");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? CheckOptions(string? format, string? mask) =>
        format is not (null or "json" or "graphml")
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Use format=json or format=graphml."] })
            : mask is not (null or "personal")
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mask"] = ["Use mask=personal or leave it out."] })
                : null;

    private static IResult Answer(LinkGraph graph, string? format, string? mask, string name)
    {
        var shown = mask == "personal" ? Mask(graph) : graph;
        return format == "graphml"
            ? TypedResults.File(Encoding.UTF8.GetBytes(ToGraphMl(shown)), "application/graphml+xml", $"slagboom-graph-{name}.graphml")
            : TypedResults.Ok(shown);
    }

    public static async Task<IResult> ForObservable(string type, string value, string? format, string? mask, ClaimsPrincipal user, ObservableOverviews overviews, CancellationToken cancellationToken)
    {
        if (CheckOptions(format, mask) is { } refused)
        {
            return refused;
        }

        var overview = await overviews.GetAsync(user.ToActor(), type, value, cancellationToken);
        return overview.Ok ? Answer(Build(overview.Value!), format, mask, overview.Value!.Type) : overview.Error!.ToProblem();
    }

    public static async Task<IResult> Get(string id, string? format, string? mask, ClaimsPrincipal user, SignalService signals, Correlations correlations, CancellationToken cancellationToken)
    {
        if (CheckOptions(format, mask) is { } refused)
        {
            return refused;
        }

        var actor = user.ToActor();
        var signal = await signals.GetAsync(actor, id, user.FindFirstValue(SlagboomClaims.Purpose), cancellationToken);
        if (!signal.Ok)
        {
            return signal.Error!.ToProblem();
        }

        var correlated = await correlations.ForSignalAsync(actor, id, cancellationToken);
        return Answer(Build(signal.Value!, correlated.Ok ? correlated.Value! : []), format, mask, signal.Value!.Id);
    }

    /// <summary>The UI address of a signal or an observable.</summary>
    public static string SignalHref(string id) => "/signals/" + Uri.EscapeDataString(id);

    public static string ObservableHref(string type, string value) => $"/observables/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(value)}";

    private static Node SignalNode(string id, string title, string mainport, string tlp) =>
        new("signal:" + id, "signal", title, Mainport: mainport, Tlp: tlp, Href: SignalHref(id));

    private static Node ObservableNode(string type, string value) =>
        new($"observable:{type}:{value}", "observable", value, Type: type, Href: ObservableHref(type, value));

    /// <summary>The graph from an observable: the value, the signals naming it (as sightings), and those signals' other observables.</summary>
    internal static LinkGraph Build(ObservableOverview overview)
    {
        var root = ObservableNode(overview.Type, overview.Value);
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal) { [root.Id] = root };
        var edges = new HashSet<Edge>();
        foreach (var sighting in overview.Sightings.Take(ObservableOverviews.MaxGraphSignals))
        {
            if (!overview.Neighbours.TryGetValue(sighting.SignalId, out var neighbours))
            {
                continue;
            }

            var signal = SignalNode(sighting.SignalId, sighting.Title, sighting.Mainport, sighting.Tlp);
            nodes.TryAdd(signal.Id, signal);
            edges.Add(new Edge(signal.Id, root.Id));
            foreach (var observable in neighbours)
            {
                // Some types match case-insensitively (vessel names): the same value as the root is the root.
                var isRoot = observable.Type == overview.Type && string.Equals(observable.Value, overview.Value, StringComparison.OrdinalIgnoreCase);
                var node = isRoot ? root : ObservableNode(observable.Type, observable.Value);
                nodes.TryAdd(node.Id, node);
                edges.Add(new Edge(signal.Id, node.Id));
            }
        }

        return new LinkGraph(root.Id, [.. nodes.Values], [.. edges]);
    }

    /// <summary>
    /// The graph with every personal-data value received in clear (not a <c>pd:</c> pseudonym) replaced by
    /// <see cref="MaskedLabel"/> under an id that does not carry the value; the root keeps its value (the caller named it).
    /// </summary>
    internal static LinkGraph Mask(LinkGraph graph)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<Node>();
        foreach (var node in graph.Nodes)
        {
            if (node.Kind == "observable" && node.Id != graph.Root && node.Type is { } type
                && Slagboom.Domain.Identifiers.IdentifierChecker.IsPersonalData(type) && !Slagboom.Domain.Sharing.Pseudonym.IsPseudonym(node.Label))
            {
                var id = $"observable:{type}:masked-{renamed.Count + 1}";
                renamed[node.Id] = id;
                nodes.Add(node with { Id = id, Label = MaskedLabel, Href = null });
            }
            else
            {
                nodes.Add(node);
            }
        }

        return new LinkGraph(graph.Root, nodes, [.. graph.Edges.Select(e => new Edge(renamed.GetValueOrDefault(e.Source, e.Source), renamed.GetValueOrDefault(e.Target, e.Target)))]);
    }

    /// <summary>The graph from a signal: the signal, its observables and the other signals naming them.</summary>
    internal static LinkGraph Build(SignalView root, IReadOnlyList<Correlation> correlations)
    {
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        var edges = new HashSet<Edge>();
        var rootId = "signal:" + root.Id;
        nodes[rootId] = SignalNode(root.Id, root.Title, root.Mainport, root.Tlp);
        foreach (var observable in root.Observables)
        {
            var observableId = $"observable:{observable.Type}:{observable.Value}";
            nodes.TryAdd(observableId, ObservableNode(observable.Type, observable.Value));
            edges.Add(new Edge(rootId, observableId));
            foreach (var other in correlations.Where(c => c.Type == observable.Type && c.Value == observable.Value).SelectMany(c => c.Signals))
            {
                var otherId = "signal:" + other.SignalId;
                nodes.TryAdd(otherId, SignalNode(other.SignalId, other.Title, other.Mainport, other.Tlp));
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
