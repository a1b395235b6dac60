using Slagboom.Domain.Identifiers;

namespace Slagboom.Rules;

/// <summary>What a watch list holds; decides how its values are normalised and which field a rule checks by default.</summary>
public enum WatchlistType
{
    /// <summary>Licence plates: <c>CC:PLATE</c>, or the characters alone to match the plate from any country.</summary>
    Plates,

    /// <summary>Access passes.</summary>
    Passes,

    /// <summary>Container numbers (ISO 6346, checked).</summary>
    Containers,

    /// <summary>Carrier EANs (GS1, checked).</summary>
    Carriers,
}

/// <summary>
/// A named list of values a rule can look up (plates, passes, containers, carriers), normalised as events are,
/// so that <c>de hh-ab 1234</c> on the list matches the ANPR read <c>DE:HHAB1234</c>. Immutable once loaded; lookups
/// allocate nothing.
/// </summary>
public sealed class Watchlist
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _anyCountry = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _anyCountryBySpan;

    internal Watchlist(string name, WatchlistType type)
    {
        Name = name;
        Type = type;
        _anyCountryBySpan = _anyCountry.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The list's name, as rules refer to it.</summary>
    public string Name { get; }

    /// <summary>What the list holds.</summary>
    public WatchlistType Type { get; }

    /// <summary>How many values the list holds.</summary>
    public int Count => _exact.Count + _anyCountry.Count;

    /// <summary>The event field a watch-list rule checks unless it names one.</summary>
    public EventField DefaultField => Type switch
    {
        WatchlistType.Plates => EventField.Plate,
        WatchlistType.Passes => EventField.Pass,
        WatchlistType.Containers => EventField.Containers,
        _ => EventField.CarrierEan,
    };

    /// <summary>Normalises and adds a value; returns what is wrong with it, or null.</summary>
    internal string? Add(string value)
    {
        value = value.Trim();
        switch (Type)
        {
            case WatchlistType.Plates when value.Contains(':', StringComparison.Ordinal):
                var plate = IdentifierChecker.Check(IdentifierType.Plate, value);
                if (!plate.Valid)
                {
                    return $"plate '{value}': {plate.Message}";
                }

                _exact.Add(plate.Normalized!);
                return null;
            case WatchlistType.Plates:
                var chars = new string([.. value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
                if (chars.Length == 0 || value.Any(c => !char.IsLetterOrDigit(c) && c is not (' ' or '-' or '.')))
                {
                    return $"plate '{value}': expected letters and digits, optionally CC:PLATE";
                }

                _anyCountry.Add(chars);
                return null;
            case WatchlistType.Containers:
                var container = IdentifierChecker.Check(IdentifierType.Container, value);
                if (!container.Valid)
                {
                    return $"container '{value}': {container.Message}";
                }

                _exact.Add(container.Normalized!);
                return null;
            case WatchlistType.Carriers when !Domain.Events.EventParser.IsGs1Number(value):
                return $"carrier EAN '{value}': expected a GS1 number with a valid check digit";
            default:
                if (value.Length == 0)
                {
                    return "empty value";
                }

                _exact.Add(value);
                return null;
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> (a normalised event value) is on the list. For plates, an entry without
    /// a country matches the characters read in any country, and a read without a country matches entries of any country.
    /// </summary>
    public bool Contains(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_exact.Contains(value))
        {
            return true;
        }

        if (Type != WatchlistType.Plates)
        {
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            return _anyCountryBySpan.Contains(value.AsSpan(colon + 1));
        }

        if (_anyCountry.Contains(value))
        {
            return true;
        }

        // A read without a country against entries written with one: compare the characters.
        foreach (var entry in _exact)
        {
            if (entry.AsSpan(entry.IndexOf(':', StringComparison.Ordinal) + 1).Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A place with coordinates (a reader, gate, camera or site) from the rule set's place table, for velocity rules.</summary>
/// <param name="Id">The value events carry in the field a velocity rule names (<c>reader</c>, <c>camera</c>, <c>gate</c>, <c>site</c>).</param>
/// <param name="Latitude">WGS 84 degrees.</param>
/// <param name="Longitude">WGS 84 degrees.</param>
public sealed record Place(string Id, double Latitude, double Longitude)
{
    /// <summary>Great-circle distance in kilometres (haversine).</summary>
    public double DistanceKm(Place other)
    {
        ArgumentNullException.ThrowIfNull(other);
        const double R = 6371.0;
        var dLat = double.DegreesToRadians(other.Latitude - Latitude);
        var dLon = double.DegreesToRadians(other.Longitude - Longitude);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(double.DegreesToRadians(Latitude)) * Math.Cos(double.DegreesToRadians(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
