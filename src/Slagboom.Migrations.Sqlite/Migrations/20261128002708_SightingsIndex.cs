using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SightingsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SignalObservables_ObservableId",
                table: "SignalObservables");

            migrationBuilder.AddColumn<DateTime>(
                name: "OccurredAt",
                table: "SignalObservables",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Existing links take their signal's time of occurrence.
            migrationBuilder.Sql("""UPDATE "SignalObservables" SET "OccurredAt" = (SELECT s."OccurredAt" FROM "Signals" AS s WHERE s."Id" = "SignalObservables"."SignalId");""");

            migrationBuilder.CreateIndex(
                name: "IX_SignalObservables_ObservableId_OccurredAt_SignalId",
                table: "SignalObservables",
                columns: new[] { "ObservableId", "OccurredAt", "SignalId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SignalObservables_ObservableId_OccurredAt_SignalId",
                table: "SignalObservables");

            migrationBuilder.DropColumn(
                name: "OccurredAt",
                table: "SignalObservables");

            migrationBuilder.CreateIndex(
                name: "IX_SignalObservables_ObservableId",
                table: "SignalObservables",
                column: "ObservableId");
        }
    }
}
