using System.Globalization;
using System.Text.Json;

namespace Slagboom.Web.Infrastructure;

/// <summary>
/// The UI's words in Dutch (first) and English, from one embedded file so that a missing translation is one
/// glance away (and a test finds it). Chosen over resx: one file per language per page would scatter the words
/// of a small UI over dozens of XML files.
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

    private static Dictionary<string, string[]> Load()
    {
        using var stream = typeof(Texts).Assembly.GetManifestResourceStream("Slagboom.Web.texts.json")
            ?? throw new InvalidOperationException("texts.json is missing from the build.");
        return JsonSerializer.Deserialize<Dictionary<string, string[]>>(stream)
            ?? throw new InvalidOperationException("texts.json is empty.");
    }
}
