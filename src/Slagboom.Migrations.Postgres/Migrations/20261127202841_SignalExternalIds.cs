using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SignalExternalIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "Signals",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Signals_OwnerOrganisationId_ExternalId",
                table: "Signals",
                columns: new[] { "OwnerOrganisationId", "ExternalId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Signals_OwnerOrganisationId_ExternalId",
                table: "Signals");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "Signals");
        }
    }
}
