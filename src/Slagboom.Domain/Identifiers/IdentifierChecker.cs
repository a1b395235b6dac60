using System.Diagnostics.CodeAnalysis;

namespace Slagboom.Domain.Identifiers;

/// <summary>
/// The identifier checker of CONTRACT.md §3: which observable types exist, which carry a check, which are personal
/// data, and the one entry point <see cref="Check"/> that normalises a value of any of them and says whether it
/// passes. The command <c>slagboom check</c> and the observables of signals both go through here.
/// </summary>
/// <remarks>
/// A passing check means well-formed, never genuine: clones carry correct numbers and check digits. The BSN is
/// deliberately not a type (DOMAIN.md §5): it must not be collected.
/// </remarks>
public static class IdentifierChecker
{
    /// <summary>The types with format or check-digit rules; a value of these types that fails is refused (except <c>imo</c>).</summary>
    public static IReadOnlyList<string> CheckedTypes { get; } =
    [
        IdentifierType.Container, IdentifierType.Imo, IdentifierType.AirWaybill, IdentifierType.DutchPlate,
        IdentifierType.Iban, IdentifierType.Lei, IdentifierType.Rsin, IdentifierType.Eori, IdentifierType.UnLocode,
        IdentifierType.Kvk,
    ];

    /// <summary>Every observable type: the checked ones, then those that are only normalised.</summary>
    public static IReadOnlyList<string> ObservableTypes { get; } =
    [
        .. CheckedTypes,
        IdentifierType.Phone, IdentifierType.Email, IdentifierType.Person, IdentifierType.Company,
        IdentifierType.Vessel, IdentifierType.Plate, IdentifierType.Pass, IdentifierType.Ean, IdentifierType.XsId,
        IdentifierType.BillOfLading, IdentifierType.Seal, IdentifierType.Flight, IdentifierType.Url,
        IdentifierType.Text,
    ];

    /// <summary>
    /// The types whose values are personal data: a private partner receives them pseudonymised unless the owner
    /// of the signal names a legal basis (CONTRACT.md §5).
    /// </summary>
    public static IReadOnlyList<string> PersonalDataTypes { get; } =
    [
        IdentifierType.Person, IdentifierType.Phone, IdentifierType.Email, IdentifierType.DutchPlate,
        IdentifierType.Plate, IdentifierType.Pass, IdentifierType.XsId, IdentifierType.Iban,
    ];

    /// <summary>The contract name of a type written by a person or client (case and spaces forgiven); null when unknown.</summary>
    public static string? ParseType(string? type)
    {
        var name = type?.Trim().ToLowerInvariant();
        return name is not null && ObservableTypes.Contains(name) ? name : null;
    }

    /// <summary>True when <paramref name="type"/> names an observable type (case and spaces forgiven).</summary>
    public static bool IsKnownType([NotNullWhen(true)] string? type) => ParseType(type) is not null;

    /// <summary>True when <paramref name="type"/> has format or check-digit rules (<see cref="CheckedTypes"/>).</summary>
    public static bool HasCheck(string? type) => ParseType(type) is { } name && CheckedTypes.Contains(name);

    /// <summary>True when values of <paramref name="type"/> are personal data (<see cref="PersonalDataTypes"/>).</summary>
    public static bool IsPersonalData(string? type) => ParseType(type) is { } name && PersonalDataTypes.Contains(name);

    /// <summary>
    /// Normalises <paramref name="input"/> as a value of <paramref name="type"/> and checks it against the rules of
    /// CONTRACT.md §3. Types without a check are valid when something is left after normalisation, except
    /// <c>phone</c> (must be a possible phone number), <c>email</c> (must look like name@domain) and <c>plate</c>
    /// (must be written <c>CC:PLATE</c>).
    /// </summary>
    /// <param name="type">An observable type; see <see cref="IsKnownType"/>.</param>
    /// <param name="input">The value as given.</param>
    /// <returns>The outcome; <see cref="IdentifierCheck.Type"/> holds the contract name of the type.</returns>
    /// <exception cref="ArgumentException">The type is unknown: a caller with outside input asks <see cref="IsKnownType"/> first.</exception>
    public static IdentifierCheck Check(string type, string input)
    {
        var name = ParseType(type) ?? throw new ArgumentException($"unknown identifier type '{type}'", nameof(type));
        input ??= "";
        return name switch
        {
            IdentifierType.Container => Parsed<ContainerNumber>(name, input, ContainerNumber.TryParse, c => c.Value),
            IdentifierType.Imo => CheckImo(input),
            IdentifierType.AirWaybill => Parsed<AirWaybill>(name, input, AirWaybill.TryParse, a => a.Value),
            IdentifierType.DutchPlate => Parsed<DutchPlate>(name, input, DutchPlate.TryParse, p => p.Value, p => p.Warning),
            IdentifierType.Iban => Parsed<Iban>(name, input, Iban.TryParse, i => i.Value),
            IdentifierType.Lei => Parsed<Lei>(name, input, Lei.TryParse, l => l.Value),
            IdentifierType.Rsin => Parsed<Rsin>(name, input, Rsin.TryParse, r => r.Value),
            IdentifierType.Eori => Parsed<Eori>(name, input, Eori.TryParse, e => e.Value),
            IdentifierType.UnLocode => Parsed<UnLocode>(name, input, UnLocode.TryParse, u => u.Value),
            IdentifierType.Kvk => Parsed<KvkNumber>(name, input, KvkNumber.TryParse, k => k.Value),
            IdentifierType.Phone => Parsed<PhoneNumber>(name, input, PhoneNumber.TryParse, p => p.Value, p => p.Warning),
            IdentifierType.Plate => Parsed<ForeignPlate>(name, input, ForeignPlate.TryParse, p => p.Value),
            IdentifierType.Email => CheckEmail(input),
            IdentifierType.Person or IdentifierType.Company or IdentifierType.Vessel => Present(name, input, IdentifierText.Collapse(input)),
            _ => Present(name, input, input.Trim()),
        };
    }

    private delegate bool TryParser<T>(string? text, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? problem)
        where T : class;

    private static IdentifierCheck Parsed<T>(string type, string input, TryParser<T> parse, Func<T, string> normalized, Func<T, string?>? warning = null)
        where T : class =>
        parse(input, out var value, out var problem)
            ? IdentifierCheck.Accept(type, input, normalized(value), warning?.Invoke(value))
            : IdentifierCheck.Reject(type, input, problem);

    // A failing IMO check digit makes the number invalid for `check`, but an observable keeps it with a warning:
    // many real ships carry such numbers (CONTRACT.md §4, DOMAIN.md §5).
    private static IdentifierCheck CheckImo(string input)
    {
        if (!ImoNumber.TryParse(input, out var imo, out var problem))
        {
            return IdentifierCheck.Reject(IdentifierType.Imo, input, problem);
        }

        if (imo.HasValidCheckDigit)
        {
            return IdentifierCheck.Accept(IdentifierType.Imo, input, imo.Value);
        }

        var message = $"check digit should be {imo.ExpectedCheckDigit}";
        return IdentifierCheck.Reject(IdentifierType.Imo, input, message) with
        {
            Warning = $"{message}; many real ships carry IMO numbers that fail the check, so an observable keeps {imo.Value} with this warning",
            ObservableValue = imo.Value,
        };
    }

    private static IdentifierCheck CheckEmail(string input)
    {
        var address = input.Trim().ToLowerInvariant();
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return address switch
        {
            "" => IdentifierCheck.Reject(IdentifierType.Email, input, "empty"),
            _ when at <= 0 || at == address.Length - 1 || address.IndexOf('@', at + 1) >= 0 || address.Any(char.IsWhiteSpace) =>
                IdentifierCheck.Reject(IdentifierType.Email, input, "expected an e-mail address: name@domain, without spaces"),
            _ => IdentifierCheck.Accept(IdentifierType.Email, input, address),
        };
    }

    private static IdentifierCheck Present(string type, string input, string normalized) =>
        normalized.Length == 0 ? IdentifierCheck.Reject(type, input, "empty") : IdentifierCheck.Accept(type, input, normalized);
}
