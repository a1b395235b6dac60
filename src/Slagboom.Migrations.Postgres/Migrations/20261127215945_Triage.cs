using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    SurvivorSignalId = table.Column<string>(type: "text", nullable: false),
                    MergedSignalId = table.Column<string>(type: "text", nullable: false),
                    AddedObservableIds = table.Column<string>(type: "text", nullable: false),
                    MergedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MergedByUserId = table.Column<string>(type: "text", nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UndoneByUserId = table.Column<string>(type: "text", nullable: true)
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Mainport = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ModusOperandi = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    ProcessStep = table.Column<int>(type: "integer", nullable: true),
                    SignalId = table.Column<string>(type: "text", nullable: true),
                    SignalAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DismissReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DismissedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DismissedByUserId = table.Column<string>(type: "text", nullable: true),
                    FirstActionAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OrganisationId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TriageRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TriageObservable",
                columns: table => new
                {
                    TriageRecordId = table.Column<string>(type: "text", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
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
