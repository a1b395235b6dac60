using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Triage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignalMerges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    SurvivorSignalId = table.Column<string>(type: "TEXT", nullable: false),
                    MergedSignalId = table.Column<string>(type: "TEXT", nullable: false),
                    AddedObservableIds = table.Column<string>(type: "TEXT", nullable: false),
                    MergedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    MergedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UndoneByUserId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignalMerges_Signals_MergedSignalId",
                        column: x => x.MergedSignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SignalMerges_Signals_SurvivorSignalId",
                        column: x => x.SurvivorSignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TriageRecords",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Mainport = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ModusOperandi = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ProcessStep = table.Column<int>(type: "INTEGER", nullable: true),
                    SignalId = table.Column<string>(type: "TEXT", nullable: true),
                    SignalAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DismissReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DismissedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DismissedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    FirstActionAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TriageRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TriageObservable",
                columns: table => new
                {
                    TriageRecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TriageObservable", x => new { x.TriageRecordId, x.Position });
                    table.ForeignKey(
                        name: "FK_TriageObservable_TriageRecords_TriageRecordId",
                        column: x => x.TriageRecordId,
                        principalTable: "TriageRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SignalMerges_MergedSignalId_UndoneAt",
                table: "SignalMerges",
                columns: new[] { "MergedSignalId", "UndoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SignalMerges_SurvivorSignalId_UndoneAt",
                table: "SignalMerges",
                columns: new[] { "SurvivorSignalId", "UndoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TriageRecords_Channel_SourceId",
                table: "TriageRecords",
                columns: new[] { "Channel", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TriageRecords_Mainport_ReceivedAt",
                table: "TriageRecords",
                columns: new[] { "Mainport", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TriageRecords_SignalId",
                table: "TriageRecords",
                column: "SignalId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignalMerges");

            migrationBuilder.DropTable(
                name: "TriageObservable");

            migrationBuilder.DropTable(
                name: "TriageRecords");
        }
    }
}
