using System.Globalization;
using System.Text.Json;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// The UI's words in Dutch (first) and English, from one embedded file so that a missing translation is one
/// glance away (and a test finds it). Chosen over resx: one file per language per page would scatter the words
/// of a small UI over dozens of XML files. A feature may keep its words in its own file, <c>texts.FEATURE.json</c>.
/// </summary>
public sealed class Texts
{
    private static readonly Lazy<IReadOnlyDictionary<string, string[]>> All = new(Load);

    public static IReadOnlyDictionary<string, string[]> Entries => All.Value;

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The text for <paramref name="key"/> in the current UI language; the key itself when missing.</summary>
    public string this[string key] => All.Value.TryGetValue(key, out var t) ? t[IsEnglish ? 1 : 0] : key;

    /// <summary>Picks the Dutch or English variant of a stored pair (mainport names, strategy lines).</summary>
    public string Pick(string dutch, string english) => IsEnglish && !string.IsNullOrEmpty(english) ? english : dutch;

    public string Format(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    /// <summary>Merges <c>texts.json</c> and the feature files beside it (<c>texts.audit.json</c>, …); a key defined twice is a build error.</summary>
    private static Dictionary<string, string[]> Load()
    {
        var assembly = typeof(Texts).Assembly;
        var merged = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Slagboom.Web.texts", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string[]>>(stream) ?? [])
            {
                if (!merged.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"The UI text '{key}' is defined twice ({name}).");
                }
            }
        }

        return merged.Count > 0 ? merged : throw new InvalidOperationException("texts.json is missing from the build.");
    }
}
