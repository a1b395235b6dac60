namespace Slagboom.Core.Observables;

/// <summary>
/// Hand-written SQL for the facts a signal's observable links carry (<see cref="Domain.Signals.SignalObservable"/>),
/// called from the generated migration <c>LinkClearOnlyTo</c> of each provider — kept here so that regenerating that
/// migration loses nothing: after the column is added, call <see cref="FillClearOnlyTo"/> before the index is made.
/// </summary>
public static class LinkSchema
{
    /// <summary>
    /// Existing links take <see cref="Domain.Sharing.SharingPolicy.LinkClearOnlyTo(Domain.Signals.Signal)"/> of their
    /// signal: the owner organisation while no legal basis is recorded, else null. The same SQL on SQLite and PostgreSQL.
    /// </summary>
    public const string FillClearOnlyTo = """
        UPDATE "SignalObservables" SET "ClearOnlyTo" = (
            SELECT CASE WHEN s."PersonalDataLegalBasis" IS NULL THEN s."OwnerOrganisationId" END
            FROM "Signals" AS s WHERE s."Id" = "SignalObservables"."SignalId");
        """;
}
