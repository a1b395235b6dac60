using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Slagboom.Core.Hosting;

/// <summary>Whole-number settings: unset means the default; anything that is not a whole number of at least 1 stops the start.</summary>
public static class ConfigurationNumbers
{
    /// <summary>The value of <paramref name="key"/>, or <paramref name="fallback"/> when it is not set; <paramref name="unit"/>
    /// ("days"), when given, is named in the error.</summary>
    /// <exception cref="InvalidOperationException">The value is not a whole number of at least 1 — zero or less would
    /// mean "delete at once" or "never wait": a typo must not empty the database.</exception>
    public static int AtLeastOne(IConfiguration? configuration, string key, int fallback, string? unit = null)
    {
        var text = configuration?[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{key} must be a whole number {(unit is null ? "" : $"of {unit} ")}of at least 1, not '{text}'.");
    }
}
