using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Slagboom.Domain.Events;
using Slagboom.Domain.Identifiers;
using Slagboom.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slagboom.Core.RuleBook;

/// <summary>The fields of a rule that the editor shows as form inputs; the YAML stays the source of truth.</summary>
public sealed record RuleForm(string? Title, string? Severity, string? Type, string? Description, string? By, string? Within, string? Count,
    string? Sites, string? Where);

/// <summary>A watch list's current values as the loader reads them.</summary>
public sealed record ListValues(string Name, string Type, IReadOnlyList<string> Values);

/// <summary>
/// The YAML side of stored rules: checking one rule's text against its mainport and the stored watch lists
/// (through <see cref="RuleSetLoader"/>, so errors carry line and column), and the editor's form ⇄ YAML round trip.
/// </summary>
public static partial class RuleText
{
    /// <summary>The file name errors in the rule's own text carry.</summary>
    public const string RuleFile = "rule.yaml";

    private const string ListsFile = "watchlists (stored)";

    public static readonly IReadOnlyList<string> WatchlistTypes = ["plates", "passes", "containers", "carriers"];

    public static readonly IReadOnlyList<string> Severities = ["low", "medium", "high", "critical"];

    public static readonly IReadOnlyList<string> Types = ["match", "watchlist", "threshold", "distinct", "sequence", "absence", "velocity", "schedule"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    public static partial Regex IdPattern();

    /// <summary>
    /// Loads one rule's YAML with the mainport's stored watch lists. The text must hold exactly one rule (and may
    /// hold a place table), keep <paramref name="expectedId"/> when given, and name no other mainport in its scope.
    /// </summary>
    public static (RuleSet? Set, Rule? Rule, IReadOnlyList<RuleError> Errors) Check(string yaml, string mainport, string? expectedId, IEnumerable<ListValues> lists)
    {
        var listed = lists.Where(l => yaml.Contains(l.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        var loaded = RuleSetLoader.Load([(RuleFile, yaml), (ListsFile, ListsYaml(listed))]);
        if (loaded.RuleSet is null)
        {
            return (null, null, [.. loaded.Errors.Select(e => e.File.Length == 0 ? e with { File = RuleFile, Line = 1, Column = 1 } : e)]);
        }

        var errors = new List<RuleError>();
        var set = loaded.RuleSet;
        if (set.Rules.Count != 1)
        {
            errors.Add(new RuleError(RuleFile, 1, 1, $"expected one rule in the text, found {set.Rules.Count}"));
            return (null, null, errors);
        }

        var rule = set.Rules[0];
        if (expectedId is not null && !string.Equals(rule.Id, expectedId, StringComparison.Ordinal))
        {
            errors.Add(new RuleError(RuleFile, LineOf(yaml, "id") ?? rule.Line, 1, $"id: this rule is '{expectedId}'; a new id makes a new rule"));
        }
        else if (!IdPattern().IsMatch(rule.Id) || string.Equals(rule.Id, "new", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new RuleError(RuleFile, LineOf(yaml, "id") ?? rule.Line, 1, "id: 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }

        if (rule.Mainports.Any(m => !string.Equals(m, mainport, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new RuleError(RuleFile, LineOf(yaml, "scope") ?? rule.Line, 1, $"scope: this rule belongs to mainport {mainport} and cannot name another"));
        }

        foreach (var name in set.Watchlists.Keys.Where(n => !listed.Exists(l => string.Equals(l.Name, n, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add(new RuleError(RuleFile, LineOf(yaml, "watchlist") ?? 1, 1, $"watch list '{name}': lists are kept on the watch-list pages, not in a rule"));
        }

        return errors.Count > 0 ? (null, null, errors) : (set, rule, []);
    }

    /// <summary>
    /// The stored lists a rule text names (a watch-list rule's <c>list</c>, and every <c>field|list</c> condition in
    /// <c>where</c>, the steps and <c>without</c>), as the loader resolves them among <paramref name="lists"/> (their
    /// values are not needed); null when the text does not load, so that what it names cannot be told.
    /// </summary>
    public static IReadOnlySet<string>? ListsNamed(string yaml, string mainport, IEnumerable<ListValues> lists)
    {
        var (_, rule, _) = Check(yaml, mainport, null, lists);
        if (rule is null)
        {
            return null;
        }

        var conditions = rule.Where.Concat(rule.Steps.SelectMany(s => s)).Concat(rule.Without ?? []);
        return conditions.Select(c => c.List).Append(rule.List).OfType<Watchlist>().Select(l => l.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The lists as loader documents (JSON strings are valid YAML scalars, so no value can break out).</summary>
    public static string ListsYaml(IEnumerable<ListValues> lists)
    {
        var text = new StringBuilder();
        foreach (var list in lists)
        {
            text.Append("---\nwatchlist: ").Append(JsonSerializer.Serialize(list.Name)).Append("\ntype: ").Append(list.Type)
                .Append("\nvalues: ").Append(JsonSerializer.Serialize(list.Values)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A value for a list of <paramref name="type"/>, normalised as events are; or why it cannot be one.</summary>
    public static (string? Value, string? Problem) Normalise(string type, string? raw)
    {
        var value = (raw ?? "").Trim();
        if (value.Length == 0)
        {
            return (null, "empty value");
        }

        if (value.Length > 100)
        {
            return (null, "longer than 100 characters");
        }

        switch (type)
        {
            case "plates" when value.Contains(':', StringComparison.Ordinal):
                var plate = IdentifierChecker.Check(IdentifierType.Plate, value);
                return plate.Valid ? (plate.Normalized, null) : (null, plate.Message ?? "not a plate");
            case "plates":
                if (value.Any(c => !char.IsLetterOrDigit(c) && c is not (' ' or '-' or '.')))
                {
                    return (null, "a plate holds letters and digits, optionally as CC:PLATE");
                }

                return (new string([.. value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]), null);
            case "containers":
                var container = IdentifierChecker.Check(IdentifierType.Container, value);
                return container.Valid ? (container.Normalized, null) : (null, container.Message ?? "not a container number");
            case "carriers":
                return EventParser.IsGs1Number(value) ? (value, null) : (null, "expected a GS1 number with a valid check digit");
            case "passes":
                return value.Any(char.IsControl) ? (null, "control characters are not allowed") : (value, null);
            default:
                return (null, "unknown list type");
        }
    }

    /// <summary>The form fields as they stand in <paramref name="yaml"/>; empty fields where the text is not a mapping.</summary>
    public static RuleForm ReadForm(string yaml)
    {
        var map = Root(yaml);
        if (map is null)
        {
            return new RuleForm(null, null, null, null, null, null, null, null, null);
        }

        string? Scalar(YamlMappingNode m, string key) => Child(m, key) switch
        {
            YamlScalarNode s => s.Value,
            YamlSequenceNode q => string.Join(", ", q.Children.OfType<YamlScalarNode>().Select(c => c.Value)),
            _ => null,
        };
        var scope = Child(map, "scope") as YamlMappingNode;
        string? where = null;
        if (Child(map, "where") is YamlMappingNode w)
        {
            where = Write(new YamlMappingNode(w.Children) { Style = YamlDotNet.Core.Events.MappingStyle.Block }).TrimEnd();
        }

        return new RuleForm(Scalar(map, "title"), Scalar(map, "severity"), Scalar(map, "type"), Scalar(map, "description"), Scalar(map, "by"),
            Scalar(map, "within"), Scalar(map, "count"), scope is null ? null : Scalar(scope, "sites"), where);
    }

    /// <summary>
    /// Writes the form's fields into <paramref name="yaml"/> and returns the new text; every other key stays as it
    /// was (comments do not survive the rewrite). An empty form field removes its key. Errors: a text that is no
    /// YAML mapping, or a <c>where</c> that is no mapping.
    /// </summary>
    public static (string? Yaml, IReadOnlyList<RuleError> Errors) ApplyForm(string yaml, RuleForm form, string mainport)
    {
        YamlMappingNode map;
        try
        {
            map = Root(yaml) ?? new YamlMappingNode();
        }
        catch (YamlException e)
        {
            return (null, [new RuleError(RuleFile, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}")]);
        }

        void Set(YamlMappingNode m, string key, YamlNode? value)
        {
            var k = new YamlScalarNode(key);
            if (value is null)
            {
                m.Children.Remove(k);
            }
            else
            {
                m.Children[k] = value;
            }
        }

        YamlNode? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : new YamlScalarNode(value.Trim());
        YamlNode? List(string? value)
        {
            var items = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return items.Length switch
            {
                0 => null,
                1 => new YamlScalarNode(items[0]),
                _ => new YamlSequenceNode(items.Select(i => (YamlNode)new YamlScalarNode(i))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow },
            };
        }

        Set(map, "title", Text(form.Title));
        Set(map, "severity", Text(form.Severity));
        Set(map, "type", Text(form.Type));
        Set(map, "description", Text(form.Description));
        Set(map, "by", List(form.By));
        Set(map, "within", Text(form.Within));
        Set(map, "count", Text(form.Count));
        var scope = Child(map, "scope") as YamlMappingNode ?? new YamlMappingNode { Style = YamlDotNet.Core.Events.MappingStyle.Flow };
        Set(scope, "mainport", new YamlScalarNode(mainport));
        Set(scope, "sites", List(form.Sites) is YamlScalarNode one ? new YamlSequenceNode(one) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow } : List(form.Sites));
        Set(map, "scope", scope);
        if (string.IsNullOrWhiteSpace(form.Where))
        {
            Set(map, "where", null);
        }
        else
        {
            YamlMappingNode? where;
            try
            {
                where = Root(form.Where);
            }
            catch (YamlException e)
            {
                return (null, [new RuleError("where", (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}")]);
            }

            if (where is null)
            {
                return (null, [new RuleError("where", 1, 1, "expected one condition per line: field: value")]);
            }

            where.Style = YamlDotNet.Core.Events.MappingStyle.Flow;
            Set(map, "where", where);
        }

        return (Write(map), []);
    }

    private static YamlMappingNode? Root(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string Write(YamlNode node)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>The line of a top-level key, for errors about the rule as a whole.</summary>
    private static int? LineOf(string yaml, string key)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(key + ":", StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }
}
