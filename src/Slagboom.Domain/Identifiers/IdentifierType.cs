namespace Slagboom.Domain.Identifiers;

/// <summary>
/// The observable and identifier type names of CONTRACT.md §3, as constants. The lists and the rules are on
/// <see cref="IdentifierChecker"/>.
/// </summary>
public static class IdentifierType
{
    /// <summary>ISO 6346 freight container number, for example <c>CSQU3054383</c>.</summary>
    public const string Container = "container";

    /// <summary>IMO ship identification number, for example <c>IMO9319466</c>.</summary>
    public const string Imo = "imo";

    /// <summary>IATA air waybill number, for example <c>016-12345675</c>.</summary>
    public const string AirWaybill = "awb";

    /// <summary>Dutch licence plate (kenteken), for example <c>AB-12-34</c>.</summary>
    public const string DutchPlate = "plate-nl";

    /// <summary>International bank account number (ISO 13616), for example <c>NL91ABNA0417164300</c>.</summary>
    public const string Iban = "iban";

    /// <summary>Legal entity identifier (ISO 17442), for example <c>213800KUD8LAJWSQ9D15</c>.</summary>
    public const string Lei = "lei";

    /// <summary>Dutch legal-entity and partnership number (RSIN), for example <c>111222333</c>.</summary>
    public const string Rsin = "rsin";

    /// <summary>Economic Operators Registration and Identification number, for example <c>NL123456782</c>.</summary>
    public const string Eori = "eori";

    /// <summary>UN/LOCODE location code, for example <c>NLRTM</c>.</summary>
    public const string UnLocode = "unlocode";

    /// <summary>Chamber of Commerce (KvK) number, for example <c>80569710</c>.</summary>
    public const string Kvk = "kvk";

    /// <summary>Phone number, stored in E.164 form (<c>+31101234567</c>).</summary>
    public const string Phone = "phone";

    /// <summary>E-mail address, stored trimmed and in lower case.</summary>
    public const string Email = "email";

    /// <summary>A person's name.</summary>
    public const string Person = "person";

    /// <summary>A company name.</summary>
    public const string Company = "company";

    /// <summary>A vessel name.</summary>
    public const string Vessel = "vessel";

    /// <summary>A foreign licence plate, written <c>CC:PLATE</c> (for example <c>DE:HHAB1234</c>).</summary>
    public const string Plate = "plate";

    /// <summary>An access pass number (port or airport pass).</summary>
    public const string Pass = "pass";

    /// <summary>A company EAN, as on a CargoCard or a carrier's identity (the carrier EAN).</summary>
    public const string Ean = "ean";

    /// <summary>A driver's personal XS-ID, scanned with the CargoCard at terminal gates.</summary>
    public const string XsId = "xs-id";

    /// <summary>A bill of lading number.</summary>
    public const string BillOfLading = "bl";

    /// <summary>A container or trailer seal number.</summary>
    public const string Seal = "seal";

    /// <summary>A flight number.</summary>
    public const string Flight = "flight";

    /// <summary>A web address.</summary>
    public const string Url = "url";

    /// <summary>Any other text.</summary>
    public const string Text = "text";
}
