namespace Slagboom.Domain.Identifiers;

/// <summary>
/// The outcome of checking one identifier: what was given, whether it passes the rules of CONTRACT.md §3, its
/// normalised form and, when it does not pass, what is wrong in plain English. Immutable.
/// </summary>
/// <remarks>
/// A valid check digit proves neither that the identifier exists nor that the object carrying it is genuine
/// (clones carry correct numbers): <see cref="Valid"/> means "well-formed", never "authentic".
/// </remarks>
public sealed record IdentifierCheck
{
    /// <summary>The identifier type, one of <see cref="IdentifierChecker.ObservableTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The text as it was given, unchanged.</summary>
    public required string Input { get; init; }

    /// <summary>True when the input passes the format and check-digit rules of its type.</summary>
    public required bool Valid { get; init; }

    /// <summary>The normalised form (for example <c>CSQU3054383</c>) when <see cref="Valid"/>; otherwise null.</summary>
    public string? Normalized { get; init; }

    /// <summary>What is wrong, in plain English (for example "check digit should be 3"); null when valid.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Something a person should look at although it does not decide validity: an IMO number whose check digit
    /// fails, letters that the RDW does not issue on a Dutch plate, a phone number outside the assigned ranges.
    /// </summary>
    public string? Warning { get; init; }

    /// <summary>
    /// The value an observable stores for this input, or null when an observable must refuse it.
    /// It equals <see cref="Normalized"/> for a valid input, with one exception: a well-formed IMO number whose
    /// check digit fails is not <see cref="Valid"/> (so <c>slagboom check</c> answers "invalid" and
    /// <see cref="Normalized"/> stays null, as <c>identifiers.tsv</c> pins), yet CONTRACT.md §4 keeps it on an
    /// observable with a warning, because many real ships carry such numbers. For that case this property holds
    /// the normalised number (<c>IMO</c> + 7 digits) and <see cref="Warning"/> says why.
    /// </summary>
    public string? ObservableValue { get; init; }

    /// <summary>True when an observable keeps this value: valid, or kept with a warning (see <see cref="ObservableValue"/>).</summary>
    public bool Keepable => ObservableValue is not null;

    internal static IdentifierCheck Accept(string type, string input, string normalized, string? warning = null) => new()
    {
        Type = type,
        Input = input,
        Valid = true,
        Normalized = normalized,
        Warning = warning,
        ObservableValue = normalized,
    };

    internal static IdentifierCheck Reject(string type, string input, string message) => new()
    {
        Type = type,
        Input = input,
        Valid = false,
        Message = message,
    };
}
