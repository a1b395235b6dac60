using System.Globalization;
using Slagboom.Core.Signals;

namespace Slagboom.Core.Benchmarks;

/// <summary>
/// Generates realistic signals for the correlation benchmark: ten observables each, drawn per type from a Zipf
/// distribution (s = 1.1) over a pool of valid identifiers — a few values very common, most rare — with correct
/// check digits (ISO 6346 containers, IMO, air waybills, Dutch IBANs), Dutch mobile numbers, plates, names.
/// Deterministic for a seed.
/// </summary>
public sealed class SignalGenerator
{
    private static readonly string[] Types = ["container", "container", "plate-nl", "phone", "person", "imo", "iban", "email", "vessel", "awb"];
    private static readonly string[] First = ["Jan", "Piet", "Kees", "Mohamed", "Sanne", "Fatima", "Joris", "Eva", "Ahmed", "Lisa", "Bram", "Noor", "Daan", "Emma", "Yusuf", "Sophie", "Ricardo", "Anouk", "Stefan", "Iris"];
    private static readonly string[] Last = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "El Amrani", "Yilmaz", "Pinas", "Dekker", "Brouwer", "van Leeuwen"];
    private static readonly string[] Banks = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "BUNQ", "KNAB", "ASNB"];
    private static readonly string[] Words =
    [
        "container", "zegel", "verbroken", "terminal", "kade", "uithaler", "stack", "portier", "vrachtwagen", "chauffeur", "scan", "afwijkend",
        "cocaïne", "bananen", "koelcontainer", "nacht", "camera", "hek", "poort", "douane", "politie", "melding", "verdacht", "voertuig",
        "kenteken", "schip", "lossing", "rederij", "expediteur", "pakket", "sleutel", "pasje", "toegang", "personeel", "benaderd", "omkoping",
        "drone", "boot", "rib", "ligplaats", "loods", "vloer", "lading", "papieren", "douanestatus", "zending", "vlucht", "vracht", "bloemen",
    ];
    private static readonly string[] Categories = ["incident", "observation", "approach-of-staff", "integrity", "intrusion", "seizure"];
    private static readonly string[] Mainports = ["RTM", "RTM", "RTM", "ZWB", "NZK", "SCH", "FLO"];

    private readonly Random _random;
    private readonly double[] _cdf;
    private readonly int _pool;
    private readonly DateTimeOffset _now;

    public SignalGenerator(int signals, DateTimeOffset now, int seed = 20261127)
    {
        _random = new Random(seed);
        _now = now;
        // Pools grow with the data set; s = 1.1 puts a few values in very many signals and most in one or two.
        _pool = Math.Max(100, signals / 2);
        _cdf = new double[_pool];
        double sum = 0;
        for (var i = 0; i < _pool; i++)
        {
            sum += 1 / Math.Pow(i + 1, 1.1);
            _cdf[i] = sum;
        }

        for (var i = 0; i < _pool; i++)
        {
            _cdf[i] /= sum;
        }
    }

    /// <summary>A value index drawn from the Zipf distribution.</summary>
    public int Draw()
    {
        var at = Array.BinarySearch(_cdf, _random.NextDouble());
        return Math.Min(at < 0 ? ~at : at, _pool - 1);
    }

    /// <summary>An observable as a source would write it: type and the raw value of pool entry <paramref name="index"/>.</summary>
    public static ObservableInput Observable(string type, int index) => new(type, Value(type, index));

    /// <summary>A (type, value) drawn as a lookup would ask for it.</summary>
    public ObservableInput DrawObservable() => Observable(Types[_random.Next(Types.Length)], Draw());

    public IEnumerable<(string ExternalId, SignalInput Input)> Signals(int count)
    {
        for (var n = 0; n < count; n++)
        {
            var observables = Types.Select(t => Observable(t, Draw())).ToList();
            var words = Enumerable.Range(0, 30).Select(_ => Words[_random.Next(Words.Length)]);
            var title = $"{Capital(Words[_random.Next(Words.Length)])} {Words[_random.Next(Words.Length)]} bij {Words[_random.Next(Words.Length)]}";
            var level = _random.Next(10) switch { < 6 => "national", < 9 => "mainport", _ => "organisation" };
            yield return ($"bench-{n.ToString(CultureInfo.InvariantCulture)}", new SignalInput(
                title,
                Capital(string.Join(' ', words)) + ".",
                "Samenvatting: " + string.Join(' ', words.Take(8)),
                Mainports[_random.Next(Mainports.Length)],
                _now.AddMinutes(-_random.Next(60 * 24 * 365)),
                Categories[_random.Next(Categories.Length)],
                null,
                _random.Next(10),
                observables,
                new DistributionInput(level, null),
                _random.Next(3) == 0 ? "green" : "amber",
                null));
        }
    }

    /// <summary>Common words of the descriptions, for search queries.</summary>
    public string Word() => Words[_random.Next(Words.Length)];

    public int Next(int max) => _random.Next(max);

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Value(string type, int i) => type switch
    {
        "container" => Container(i),
        "plate-nl" => $"{Letter(i / 26 / 10000)}{Letter(i / 10000)}-{i / 100 % 100:00}-{i % 100:00}",
        "phone" => $"06 {10000000 + i:00000000}",
        "person" => $"{First[i % First.Length]} {Last[i / First.Length % Last.Length]}" + (i >= First.Length * Last.Length ? $" ({i / (First.Length * Last.Length)})" : ""),
        "imo" => Imo(i),
        "iban" => Iban(i),
        "email" => $"contact{i}@expediteur{i % 97}.nl",
        "vessel" => $"{Last[i % Last.Length].Replace(" ", "", StringComparison.Ordinal)} Star {i}",
        "awb" => Awb(i),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static char Letter(int i) => (char)('A' + i % 26);

    private static string Container(int i)
    {
        var owner = $"{Letter(i / 1_000_000 / 676)}{Letter(i / 1_000_000 / 26)}{Letter(i / 1_000_000)}U";
        var body = owner + (i % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var n = 0; n < 10; n++)
        {
            var c = body[n];
            sum += (char.IsAsciiDigit(c) ? c - '0' : LetterValue(c)) << n;
        }

        return body + (sum % 11 % 10).ToString(CultureInfo.InvariantCulture);
    }

    private static int LetterValue(char letter)
    {
        var value = 10;
        for (var c = 'A'; c < letter; c++)
        {
            value++;
            if (value % 11 == 0)
            {
                value++;
            }
        }

        return value;
    }

    private static string Imo(int i)
    {
        var digits = (1_000_000 + i % 900_000 * 1).ToString("000000", CultureInfo.InvariantCulture)[^6..];
        var sum = 0;
        for (var n = 0; n < 6; n++)
        {
            sum += (digits[n] - '0') * (7 - n);
        }

        return "IMO " + digits + (sum % 10).ToString(CultureInfo.InvariantCulture);
    }

    private static string Awb(int i)
    {
        var serial = 1_000_000 + i % 9_000_000;
        return $"074-{serial:0000000}{serial % 7}";
    }

    private static string Iban(int i)
    {
        var bank = Banks[i % Banks.Length];
        var account = (100_000_000L + i).ToString("0000000000", CultureInfo.InvariantCulture);
        var numeric = string.Concat((bank + account + "NL00").Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        var remainder = 0;
        foreach (var c in numeric)
        {
            remainder = (remainder * 10 + (c - '0')) % 97;
        }

        return $"NL{98 - remainder:00}{bank}{account}";
    }
}
