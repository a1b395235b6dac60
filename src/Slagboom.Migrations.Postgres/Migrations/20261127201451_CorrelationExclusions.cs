using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CorrelationExclusions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CorrelationExclusions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    MatchKey = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CorrelationExclusions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CorrelationExclusions_Type_MatchKey",
                table: "CorrelationExclusions",
                columns: new[] { "Type", "MatchKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CorrelationExclusions");
        }
    }
}
