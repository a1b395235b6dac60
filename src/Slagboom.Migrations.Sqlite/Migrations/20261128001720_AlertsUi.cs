using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlertsUi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CloseReason",
                table: "Alerts",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AlertHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AlertId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertHistory_Alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "Alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertPromotions",
                columns: table => new
                {
                    AlertId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PromotedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PromotedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Refused = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertPromotions", x => x.AlertId);
                    table.ForeignKey(
                        name: "FK_AlertPromotions_Alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "Alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertHistory_AlertId_At",
                table: "AlertHistory",
                columns: new[] { "AlertId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertHistory");

            migrationBuilder.DropTable(
                name: "AlertPromotions");

            migrationBuilder.DropColumn(
                name: "CloseReason",
                table: "Alerts");
        }
    }
}
