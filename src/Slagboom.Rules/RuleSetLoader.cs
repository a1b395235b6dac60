using System.Globalization;
using System.Text.RegularExpressions;
using Slagboom.Domain.Events;
using Slagboom.Domain.Mainports;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slagboom.Rules;

/// <summary>The outcome of loading a rule set: the set, or every problem found (file, line, what).</summary>
/// <param name="RuleSet">The rule set when there were no errors.</param>
/// <param name="Errors">The problems; empty when <paramref name="RuleSet"/> is set.</param>
public sealed record RuleSetLoadResult(RuleSet? RuleSet, IReadOnlyList<RuleError> Errors);

/// <summary>
/// Reads a rule set from YAML (docs/rules.md): every <c>*.yaml</c>/<c>*.yml</c> file of a folder, each holding one
/// or more documents separated by <c>---</c>; a document is a rule, a watch list or a place table. Unknown keys,
/// fields, lists and places are errors, reported with file and line, so a typo never silently weakens a rule.
/// </summary>
public static partial class RuleSetLoader
{
    private static readonly string[] CommonKeys = ["id", "title", "description", "severity", "type", "scope", "suppress", "cap", "enabled"];

    private static readonly Dictionary<RuleType, string[]> TypeKeys = new()
    {
        [RuleType.Match] = ["where", "by"],
        [RuleType.Watchlist] = ["where", "by", "list", "field", "minConfidence"],
        [RuleType.Threshold] = ["where", "by", "count", "within"],
        [RuleType.DistinctCount] = ["where", "by", "field", "count", "within"],
        [RuleType.Sequence] = ["by", "steps", "within", "without"],
        [RuleType.Absence] = ["by", "first", "then", "within"],
        [RuleType.Velocity] = ["where", "by", "at", "maxSpeedKmh", "minDistanceKm"],
        [RuleType.Schedule] = ["where", "by", "allowed", "timezone"],
    };

    /// <summary>Loads every rule file in <paramref name="directory"/> (not its subfolders), in name order.</summary>
    public static RuleSetLoadResult LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return new RuleSetLoadResult(null, [new RuleError(directory, 0, 0, "no such folder")]);
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)))
            .ToList();
        if (files.Count == 0)
        {
            return new RuleSetLoadResult(null, [new RuleError(directory, 0, 0, "no .yaml or .yml files")]);
        }

        return Load(files, directory);
    }

    /// <summary>Loads a rule set from (file name, YAML text) pairs; <paramref name="baseDirectory"/> resolves watch-list <c>file:</c> entries.</summary>
    public static RuleSetLoadResult Load(IEnumerable<(string File, string Yaml)> files, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var context = new Context(baseDirectory);
        var documents = new List<(string File, YamlMappingNode Map)>();
        foreach (var (file, yaml) in files)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException e)
            {
                context.Errors.Add(new RuleError(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}"));
                continue;
            }

            foreach (var document in stream.Documents)
            {
                if (document.RootNode is YamlMappingNode map)
                {
                    documents.Add((file, map));
                }
                else if (document.RootNode is not YamlScalarNode { Value: null or "" })
                {
                    context.Error(file, document.RootNode, "expected a mapping: a rule (id, title, type, …), a watch list (watchlist, type, values) or a place table (places)");
                }
            }
        }

        // Lists and places first, so that rules in any file can name them.
        foreach (var (file, map) in documents)
        {
            if (Has(map, "watchlist"))
            {
                ReadWatchlist(context, file, map);
            }
            else if (Has(map, "places"))
            {
                ReadPlaces(context, file, map);
            }
        }

        var rules = new List<Rule>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (file, map) in documents)
        {
            if (Has(map, "watchlist") || Has(map, "places"))
            {
                continue;
            }

            var errorsBefore = context.Errors.Count;
            var rule = ReadRule(context, file, map);
            if (rule is null || context.Errors.Count > errorsBefore)
            {
                continue;
            }

            if (!ids.Add(rule.Id))
            {
                context.Error(file, map, $"rule id '{rule.Id}' is used twice");
                continue;
            }

            if (Text(context, file, map, "enabled") is "false")
            {
                continue;
            }

            rules.Add(rule);
        }

        if (context.Errors.Count == 0 && rules.Count == 0)
        {
            context.Errors.Add(new RuleError(baseDirectory ?? "", 0, 0, "the rule set holds no (enabled) rules"));
        }

        return context.Errors.Count > 0
            ? new RuleSetLoadResult(null, context.Errors)
            : new RuleSetLoadResult(new RuleSet(rules, context.Lists, context.Places), []);
    }

    private sealed class Context(string? baseDirectory)
    {
        public string? BaseDirectory { get; } = baseDirectory;

        public List<RuleError> Errors { get; } = [];

        public Dictionary<string, Watchlist> Lists { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, Place> Places { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void Error(string file, YamlNode node, string message) =>
            Errors.Add(new RuleError(file, (int)node.Start.Line, (int)node.Start.Column, message));
    }

    private static bool Has(YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));

    private static YamlNode? Get(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Text(Context context, string file, YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
        }

        context.Error(file, node, $"{key}: expected a single value");
        return null;
    }

    private static string? Required(Context context, string file, YamlMappingNode map, string key, string what)
    {
        var value = Text(context, file, map, key);
        if (value is null && !context.Errors.Any(e => e.File == file && e.Message.StartsWith(key + ":", StringComparison.Ordinal)))
        {
            context.Error(file, map, $"{key}: required ({what})");
        }

        return value;
    }

    private static List<(string Value, YamlNode Node)> Values(Context context, string file, YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        return node is null ? [] : Values(context, file, node, key);
    }

    private static List<(string Value, YamlNode Node)> Values(Context context, string file, YamlNode node, string key)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } v } when !string.IsNullOrWhiteSpace(v):
                return [(v.Trim(), node)];
            case YamlSequenceNode sequence:
                var list = new List<(string, YamlNode)>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode { Value: { } s } && !string.IsNullOrWhiteSpace(s))
                    {
                        list.Add((s.Trim(), item));
                    }
                    else
                    {
                        context.Error(file, item, $"{key}: expected a list of single values");
                    }
                }

                return list;
            default:
                context.Error(file, node, $"{key}: expected a value or a list of values");
                return [];
        }
    }

    private static void CheckKeys(Context context, string file, YamlMappingNode map, IEnumerable<string> allowed, string what)
    {
        var set = allowed.ToHashSet(StringComparer.Ordinal);
        foreach (var (key, _) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!set.Contains(name))
            {
                context.Error(file, key, $"unknown key '{name}' in {what}; expected one of: {string.Join(", ", set)}");
            }
        }
    }

    private static void ReadWatchlist(Context context, string file, YamlMappingNode map)
    {
        CheckKeys(context, file, map, ["watchlist", "type", "description", "values", "file"], "a watch list");
        var name = Required(context, file, map, "watchlist", "the list's name");
        var typeText = Required(context, file, map, "type", "plates, passes, containers or carriers");
        if (name is null || typeText is null)
        {
            return;
        }

        WatchlistType? type = typeText switch
        {
            "plates" => WatchlistType.Plates,
            "passes" => WatchlistType.Passes,
            "containers" => WatchlistType.Containers,
            "carriers" => WatchlistType.Carriers,
            _ => null,
        };
        if (type is null)
        {
            context.Error(file, Get(map, "type")!, $"type: expected plates, passes, containers or carriers, not '{typeText}'");
            return;
        }

        if (context.Lists.ContainsKey(name))
        {
            context.Error(file, map, $"watch list '{name}' is defined twice");
            return;
        }

        var list = new Watchlist(name, type.Value);
        foreach (var (value, node) in Values(context, file, map, "values"))
        {
            if (list.Add(value) is { } problem)
            {
                context.Error(file, node, $"values: {problem}");
            }
        }

        if (Text(context, file, map, "file") is { } path)
        {
            var full = Path.Combine(context.BaseDirectory ?? ".", path);
            if (!File.Exists(full))
            {
                context.Error(file, Get(map, "file")!, $"file: '{path}' not found next to the rules");
            }
            else
            {
                var lineNumber = 0;
                foreach (var line in File.ReadLines(full))
                {
                    lineNumber++;
                    var value = line.Split('#')[0].Trim();
                    if (value.Length > 0 && list.Add(value) is { } problem)
                    {
                        context.Errors.Add(new RuleError(full, lineNumber, 1, problem));
                    }
                }
            }
        }

        context.Lists[name] = list;
    }

    private static void ReadPlaces(Context context, string file, YamlMappingNode map)
    {
        CheckKeys(context, file, map, ["places", "description"], "a place table");
        if (Get(map, "places") is not YamlSequenceNode sequence)
        {
            context.Error(file, map, "places: expected a list of {id, lat, lon}");
            return;
        }

        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode place)
            {
                context.Error(file, item, "places: expected {id, lat, lon}");
                continue;
            }

            CheckKeys(context, file, place, ["id", "lat", "lon", "name"], "a place");
            var id = Required(context, file, place, "id", "the reader, gate, camera or site it locates");
            var lat = Number(context, file, place, "lat", -90, 90, required: true);
            var lon = Number(context, file, place, "lon", -180, 180, required: true);
            if (id is null || lat is null || lon is null)
            {
                continue;
            }

            if (!context.Places.TryAdd(id, new Place(id, lat.Value, lon.Value)))
            {
                context.Error(file, place, $"place '{id}' is defined twice");
            }
        }
    }

    private static double? Number(Context context, string file, YamlMappingNode map, string key, double min, double max, bool required)
    {
        var text = Text(context, file, map, key);
        if (text is null)
        {
            if (required)
            {
                context.Error(file, map, $"{key}: required (a number from {min} to {max})");
            }

            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            context.Error(file, Get(map, key)!, $"{key}: expected a number from {min} to {max}, not '{text}'");
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")]
    private static partial Regex DurationPattern();

    /// <summary>Reads a duration written <c>30s</c>, <c>10m</c>, <c>4h</c>, <c>1h30m</c> or <c>2d</c>.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var m = DurationPattern().Match(text.Trim());
        if (!m.Success)
        {
            return null;
        }

        var parts = Enumerable.Range(1, 4).Select(i => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0).ToArray();
        var span = new TimeSpan(parts[0], parts[1], parts[2], parts[3]);
        return span > TimeSpan.Zero ? span : null;
    }

    private static TimeSpan? Duration(Context context, string file, YamlMappingNode map, string key, bool required)
    {
        var text = Text(context, file, map, key);
        if (text is null)
        {
            if (required)
            {
                context.Error(file, map, $"{key}: required (a duration such as 30s, 10m, 4h, 1h30m or 2d)");
            }

            return null;
        }

        var span = ParseDuration(text);
        if (span is null || span > TimeSpan.FromDays(31))
        {
            context.Error(file, Get(map, key)!, $"{key}: expected a duration such as 30s, 10m, 4h, 1h30m or 2d (at most 31d), not '{text}'");
        }

        return span;
    }

    private static EventField? Field(Context context, string file, YamlNode node, string text, string key)
    {
        var field = EventFields.Parse(text);
        if (field is null)
        {
            context.Error(file, node, $"{key}: unknown event field '{text}'; expected one of: {string.Join(", ", EventFields.Names)}");
        }

        return field;
    }

    private static EventField[] Fields(Context context, string file, YamlMappingNode map, string key, int max)
    {
        var values = Values(context, file, map, key);
        if (values.Count > max)
        {
            context.Error(file, Get(map, key)!, $"{key}: at most {max} fields");
        }

        return [.. values.Select(v => Field(context, file, v.Node, v.Value, key)).OfType<EventField>()];
    }

    private static Condition[] Conditions(Context context, string file, YamlNode? node, string key)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlMappingNode map)
        {
            context.Error(file, node, $"{key}: expected field conditions (field: value, field|modifier: value)");
            return [];
        }

        var conditions = new List<Condition>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var text = (keyNode as YamlScalarNode)?.Value ?? "";
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var fieldName = bar < 0 ? text : text[..bar];
            var modifier = bar < 0 ? "" : text[(bar + 1)..];
            if (Field(context, file, keyNode, fieldName, key) is not { } field)
            {
                continue;
            }

            ConditionOperator? op = modifier switch
            {
                "" => ConditionOperator.Equals,
                "not" => ConditionOperator.NotEquals,
                "startswith" => ConditionOperator.StartsWith,
                "contains" => ConditionOperator.Contains,
                "exists" => ConditionOperator.Exists,
                "gt" => ConditionOperator.GreaterThan,
                "gte" => ConditionOperator.AtLeast,
                "lt" => ConditionOperator.LessThan,
                "lte" => ConditionOperator.AtMost,
                "list" => ConditionOperator.InList,
                _ => null,
            };
            if (op is null)
            {
                context.Error(file, keyNode, $"{key}: unknown modifier '{modifier}' on {fieldName}; expected not, startswith, contains, exists, gt, gte, lt, lte or list");
                continue;
            }

            var values = Values(context, file, valueNode, $"{key}.{text}").Select(v => v.Value).ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            switch (op.Value)
            {
                case ConditionOperator.GreaterThan or ConditionOperator.AtLeast or ConditionOperator.LessThan or ConditionOperator.AtMost:
                    if (!EventFields.IsNumeric(field))
                    {
                        context.Error(file, keyNode, $"{key}: {fieldName} is not a number; gt, gte, lt and lte work on score and confidence");
                    }
                    else if (values.Length != 1 || !double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        context.Error(file, valueNode, $"{key}: {text} expects one number");
                    }
                    else
                    {
                        conditions.Add(new Condition(field, op.Value, values, number, null));
                    }

                    break;
                case ConditionOperator.Exists:
                    if (values is not ["true"] and not ["false"])
                    {
                        context.Error(file, valueNode, $"{key}: {text} expects true or false");
                    }
                    else
                    {
                        conditions.Add(new Condition(field, op.Value, values, 0, null));
                    }

                    break;
                case ConditionOperator.InList:
                    if (values.Length != 1 || !context.Lists.TryGetValue(values[0], out var list))
                    {
                        context.Error(file, valueNode, $"{key}: {text} names an unknown watch list '{string.Join(",", values)}'; known: {string.Join(", ", context.Lists.Keys)}");
                    }
                    else
                    {
                        conditions.Add(new Condition(field, op.Value, values, 0, list));
                    }

                    break;
                default:
                    if (field == EventField.Kind && values.FirstOrDefault(v => !Enum.GetNames<EventKind>().Contains(v, StringComparer.OrdinalIgnoreCase)) is { } badKind)
                    {
                        context.Error(file, valueNode, $"{key}: unknown kind '{badKind}'; expected access, anpr, video, fence or gate");
                        continue;
                    }

                    if (field == EventField.Mainport && values.FirstOrDefault(v => MainportCode.Parse(v) is null) is { } badPort)
                    {
                        context.Error(file, valueNode, $"{key}: unknown mainport '{badPort}'");
                        continue;
                    }

                    conditions.Add(new Condition(field, op.Value, values, 0, null));
                    break;
            }
        }

        return [.. conditions];
    }

    /// <summary>The kinds a set of conditions admits: those named by an equality on <c>kind</c>, otherwise all.</summary>
    private static bool[] KindsOf(IEnumerable<Condition[]> groups)
    {
        var kinds = new bool[5];
        foreach (var group in groups)
        {
            var named = group.FirstOrDefault(c => c.Field == EventField.Kind && c.Operator == ConditionOperator.Equals);
            for (var k = 0; k < 5; k++)
            {
                kinds[k] |= named is null || named.Values.Contains(EventFields.KindName((EventKind)k), StringComparer.OrdinalIgnoreCase);
            }
        }

        return kinds;
    }

    private static Rule? ReadRule(Context context, string file, YamlMappingNode map)
    {
        var typeText = Required(context, file, map, "type", "match, watchlist, threshold, distinct, sequence, absence, velocity or schedule");
        RuleType? type = typeText switch
        {
            "match" => RuleType.Match,
            "watchlist" => RuleType.Watchlist,
            "threshold" => RuleType.Threshold,
            "distinct" => RuleType.DistinctCount,
            "sequence" => RuleType.Sequence,
            "absence" => RuleType.Absence,
            "velocity" => RuleType.Velocity,
            "schedule" => RuleType.Schedule,
            _ => null,
        };
        if (type is null)
        {
            if (typeText is not null)
            {
                context.Error(file, Get(map, "type")!, $"type: unknown rule type '{typeText}'; expected match, watchlist, threshold, distinct, sequence, absence, velocity or schedule");
            }

            return null;
        }

        CheckKeys(context, file, map, [.. CommonKeys, .. TypeKeys[type.Value]], $"a {typeText} rule");
        var id = Required(context, file, map, "id", "a unique id such as RTM-ACC-001");
        var title = Required(context, file, map, "title", "a short title for the control room");
        var severityText = Text(context, file, map, "severity") ?? "medium";
        Severity? severity = severityText switch
        {
            "low" => Severity.Low,
            "medium" => Severity.Medium,
            "high" => Severity.High,
            "critical" => Severity.Critical,
            _ => null,
        };
        if (severity is null)
        {
            context.Error(file, Get(map, "severity")!, $"severity: expected low, medium, high or critical, not '{severityText}'");
        }

        // Scope.
        var mainports = new List<string>();
        var sites = new List<string>();
        if (Get(map, "scope") is { } scopeNode)
        {
            if (scopeNode is YamlMappingNode scope)
            {
                CheckKeys(context, file, scope, ["mainport", "sites"], "scope");
                foreach (var (value, node) in Values(context, file, scope, "mainport"))
                {
                    if (MainportCode.Parse(value) is { } code)
                    {
                        mainports.Add(code);
                    }
                    else
                    {
                        context.Error(file, node, $"scope.mainport: unknown mainport '{value}'; expected RTM, ZWB, NZK, SCH or FLO");
                    }
                }

                sites.AddRange(Values(context, file, scope, "sites").Select(v => v.Value));
            }
            else
            {
                context.Error(file, scopeNode, "scope: expected {mainport, sites}");
            }
        }

        // Suppression and cap.
        EventField[] suppressBy = [];
        TimeSpan suppressWindow = default;
        if (Get(map, "suppress") is { } suppressNode)
        {
            if (suppressNode is YamlMappingNode suppress)
            {
                CheckKeys(context, file, suppress, ["by", "window"], "suppress");
                suppressBy = Fields(context, file, suppress, "by", 3);
                suppressWindow = Duration(context, file, suppress, "window", required: true) ?? default;
            }
            else
            {
                context.Error(file, suppressNode, "suppress: expected {by, window}");
            }
        }

        var capAlerts = 0;
        TimeSpan capWindow = default;
        if (Get(map, "cap") is { } capNode)
        {
            if (capNode is YamlMappingNode cap)
            {
                CheckKeys(context, file, cap, ["alerts", "window"], "cap");
                capAlerts = (int)(Number(context, file, cap, "alerts", 1, 1_000_000, required: true) ?? 0);
                capWindow = Duration(context, file, cap, "window", required: true) ?? default;
            }
            else
            {
                context.Error(file, capNode, "cap: expected {alerts, window}");
            }
        }

        var where = Conditions(context, file, Get(map, "where"), "where");
        var by = Fields(context, file, map, "by", 3);
        var count = 0;
        TimeSpan within = default;
        EventField? distinct = null;
        Watchlist? list = null;
        var listField = EventField.Plate;
        var minConfidence = 0.0;
        Condition[][] steps = [];
        Condition[]? without = null;
        var placeField = EventField.Reader;
        var maxSpeed = 0.0;
        var minDistance = 1.0;
        var allowed = new List<HourWindow>();
        var zone = TimeZoneInfo.Utc;

        switch (type.Value)
        {
            case RuleType.Watchlist:
                var listName = Required(context, file, map, "list", "the name of a watch list");
                if (listName is not null && !context.Lists.TryGetValue(listName, out list))
                {
                    context.Error(file, Get(map, "list")!, $"list: unknown watch list '{listName}'; known: {string.Join(", ", context.Lists.Keys)}");
                }

                listField = list?.DefaultField ?? EventField.Plate;
                if (Text(context, file, map, "field") is { } fieldText)
                {
                    listField = Field(context, file, Get(map, "field")!, fieldText, "field") ?? listField;
                }

                minConfidence = Number(context, file, map, "minConfidence", 0, 1, required: false) ?? 0;
                break;
            case RuleType.Threshold or RuleType.DistinctCount:
                count = (int)(Number(context, file, map, "count", 2, 10_000, required: true) ?? 0);
                within = Duration(context, file, map, "within", required: true) ?? default;
                if (type == RuleType.DistinctCount && Required(context, file, map, "field", "the field whose distinct values are counted") is { } distinctText)
                {
                    distinct = Field(context, file, Get(map, "field")!, distinctText, "field");
                }

                break;
            case RuleType.Sequence:
                within = Duration(context, file, map, "within", required: true) ?? default;
                if (Get(map, "steps") is YamlSequenceNode stepNodes && stepNodes.Children.Count is >= 2 and <= 5)
                {
                    steps = [.. stepNodes.Select((s, i) => Conditions(context, file, s, $"steps[{i}]"))];
                }
                else
                {
                    context.Error(file, Get(map, "steps") ?? map, "steps: required, a list of 2 to 5 steps, each a set of field conditions");
                }

                if (Get(map, "without") is { } withoutNode)
                {
                    without = Conditions(context, file, withoutNode, "without");
                }

                break;
            case RuleType.Absence:
                within = Duration(context, file, map, "within", required: true) ?? default;
                if (Get(map, "first") is null || Get(map, "then") is null)
                {
                    context.Error(file, map, "first and then: required, each a set of field conditions");
                }
                else
                {
                    steps = [Conditions(context, file, Get(map, "first"), "first"), Conditions(context, file, Get(map, "then"), "then")];
                }

                break;
            case RuleType.Velocity:
                if (Required(context, file, map, "at", "the field whose value names a place: reader, camera, gate or site") is { } atText)
                {
                    placeField = Field(context, file, Get(map, "at")!, atText, "at") ?? placeField;
                }

                maxSpeed = Number(context, file, map, "maxSpeedKmh", 1, 2000, required: true) ?? 0;
                minDistance = Number(context, file, map, "minDistanceKm", 0, 1000, required: false) ?? 1.0;
                if (context.Places.Count == 0)
                {
                    context.Error(file, map, "a velocity rule needs a place table (a document with places: [{id, lat, lon}])");
                }

                break;
            case RuleType.Schedule:
                allowed = ReadHours(context, file, map);
                var zoneName = Text(context, file, map, "timezone") ?? "Europe/Amsterdam";
                if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var found))
                {
                    context.Error(file, Get(map, "timezone") ?? map, $"timezone: unknown time zone '{zoneName}'");
                }
                else
                {
                    zone = found;
                }

                break;
            default:
                break;
        }

        if (type is RuleType.Threshold or RuleType.DistinctCount or RuleType.Sequence or RuleType.Absence or RuleType.Velocity && by.Length == 0 && !Has(map, "by"))
        {
            context.Error(file, map, $"by: required for a {typeText} rule (the fields that group events, such as pass, plate or camera)");
        }

        if (id is null || title is null || severity is null)
        {
            return null;
        }

        bool[] kinds = type switch
        {
            RuleType.Sequence => KindsOf([.. steps, .. without is null ? Array.Empty<Condition[]>() : [without]]),
            RuleType.Absence => KindsOf(steps),
            _ => KindsOf([where]),
        };
        var ttl = type switch
        {
            RuleType.Threshold or RuleType.DistinctCount or RuleType.Sequence or RuleType.Absence => within,
            RuleType.Velocity => TimeSpan.FromHours(24),
            _ => TimeSpan.Zero,
        };
        return new Rule
        {
            Id = id, Title = title, Description = Text(context, file, map, "description"), Severity = severity.Value, Type = type.Value,
            Mainports = mainports, Sites = sites, Where = where, By = by, ByArray = by,
            // The kind index already admits only the named kinds: their equality need not be checked per event.
            WhereArray = [.. where.Where(c => !(c.Field == EventField.Kind && c.Operator == ConditionOperator.Equals))],
            Count = count, Within = within, DistinctField = distinct, List = list, ListField = listField, MinConfidence = minConfidence,
            Steps = steps, StepArrays = steps, Without = without, WithoutArray = without,
            PlaceField = placeField, MaxSpeedKmh = maxSpeed, MinDistanceKm = minDistance, Places = context.Places,
            Allowed = allowed, TimeZone = zone,
            SuppressBy = suppressBy, SuppressByArray = suppressBy, SuppressWindow = suppressWindow, CapAlerts = capAlerts, CapWindow = capWindow,
            File = file, Line = (int)map.Start.Line, Kinds = kinds, StateTtlTicks = ttl.Ticks,
        };
    }

    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    private static List<HourWindow> ReadHours(Context context, string file, YamlMappingNode map)
    {
        var windows = new List<HourWindow>();
        if (Get(map, "allowed") is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            context.Error(file, Get(map, "allowed") ?? map, "allowed: required, a list of {days, from, to} windows (local time)");
            return windows;
        }

        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode window)
            {
                context.Error(file, item, "allowed: expected {days, from, to}");
                continue;
            }

            CheckKeys(context, file, window, ["days", "from", "to"], "an allowed window");
            var days = new HashSet<DayOfWeek>();
            var dayValues = Values(context, file, window, "days");
            if (dayValues.Count == 0)
            {
                dayValues = [("mon-sun", window)];
            }

            foreach (var (value, node) in dayValues)
            {
                var range = value.Split('-', 2);
                if (range.Any(d => !DayNames.ContainsKey(d.Trim())))
                {
                    context.Error(file, node, $"allowed.days: expected mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri, not '{value}'");
                    continue;
                }

                var first = (int)DayNames[range[0].Trim()];
                var last = (int)DayNames[range[^1].Trim()];
                for (var d = first; ; d = (d + 1) % 7)
                {
                    days.Add((DayOfWeek)d);
                    if (d == last)
                    {
                        break;
                    }
                }
            }

            var from = Clock(context, file, window, "from");
            var to = Clock(context, file, window, "to");
            if (from is not null && to is not null)
            {
                windows.Add(new HourWindow(days, from.Value, to.Value));
            }
        }

        return windows;
    }

    private static TimeOnly? Clock(Context context, string file, YamlMappingNode map, string key)
    {
        var text = Text(context, file, map, key);
        if (text == "24:00")
        {
            return TimeOnly.MaxValue;
        }

        if (text is null || !TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            context.Error(file, Get(map, key) ?? map, $"{key}: expected a time of day such as 06:00 (24-hour clock)");
            return null;
        }

        return time;
    }
}
