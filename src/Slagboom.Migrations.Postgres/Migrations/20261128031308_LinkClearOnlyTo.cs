using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LinkClearOnlyTo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClearOnlyTo",
                table: "SignalObservables",
                type: "text",
                nullable: true);

            // Hand-written: existing links take their signal's fact (LinkSchema, kept outside this generated file).
            migrationBuilder.Sql(Slagboom.Core.Observables.LinkSchema.FillClearOnlyTo);

            migrationBuilder.CreateIndex(
                name: "IX_Signals_PersonalDataLegalBasis",
                table: "Signals",
                column: "PersonalDataLegalBasis",
                filter: "\"PersonalDataLegalBasis\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SignalObservables_ObservableId_ClearOnlyTo_OccurredAt_Signa~",
                table: "SignalObservables",
                columns: new[] { "ObservableId", "ClearOnlyTo", "OccurredAt", "SignalId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Signals_PersonalDataLegalBasis",
                table: "Signals");

            migrationBuilder.DropIndex(
                name: "IX_SignalObservables_ObservableId_ClearOnlyTo_OccurredAt_Signa~",
                table: "SignalObservables");

            migrationBuilder.DropColumn(
                name: "ClearOnlyTo",
                table: "SignalObservables");
        }
    }
}
