using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SignalsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    OrganisationId = table.Column<string>(type: "TEXT", nullable: true),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    Recipients = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditSeals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false),
                    Signature = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditSeals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Observables",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    MatchKey = table.Column<string>(type: "TEXT", nullable: false),
                    IsPersonalData = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Observables", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SharingGroups",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerOrganisationId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharingGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SharingGroups_Organisations_OwnerOrganisationId",
                        column: x => x.OwnerOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Pseudonyms",
                columns: table => new
                {
                    OrganisationId = table.Column<string>(type: "TEXT", nullable: false),
                    ObservableId = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Pseudonyms", x => new { x.OrganisationId, x.ObservableId });
                    table.ForeignKey(
                        name: "FK_Pseudonyms_Observables_ObservableId",
                        column: x => x.ObservableId,
                        principalTable: "Observables",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SharingGroupMembers",
                columns: table => new
                {
                    SharingGroupId = table.Column<string>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharingGroupMembers", x => new { x.SharingGroupId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_SharingGroupMembers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SharingGroupMembers_SharingGroups_SharingGroupId",
                        column: x => x.SharingGroupId,
                        principalTable: "SharingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Signals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerOrganisationId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    PartnerSummary = table.Column<string>(type: "TEXT", nullable: true),
                    Mainport = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ModusOperandi = table.Column<string>(type: "TEXT", nullable: false),
                    ProcessStep = table.Column<int>(type: "INTEGER", nullable: true),
                    Distribution = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SharingGroupId = table.Column<string>(type: "TEXT", nullable: true),
                    Tlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PersonalDataLegalBasis = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Signals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Signals_Mainports_Mainport",
                        column: x => x.Mainport,
                        principalTable: "Mainports",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signals_Organisations_OwnerOrganisationId",
                        column: x => x.OwnerOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signals_SharingGroups_SharingGroupId",
                        column: x => x.SharingGroupId,
                        principalTable: "SharingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SignalObservables",
                columns: table => new
                {
                    SignalId = table.Column<string>(type: "TEXT", nullable: false),
                    ObservableId = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalObservables", x => new { x.SignalId, x.ObservableId });
                    table.ForeignKey(
                        name: "FK_SignalObservables_Observables_ObservableId",
                        column: x => x.ObservableId,
                        principalTable: "Observables",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SignalObservables_Signals_SignalId",
                        column: x => x.SignalId,
                        principalTable: "Signals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Subject_At",
                table: "AuditEntries",
                columns: new[] { "Subject", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditSeals_EntryId",
                table: "AuditSeals",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_Observables_Type_MatchKey",
                table: "Observables",
                columns: new[] { "Type", "MatchKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Pseudonyms_ObservableId",
                table: "Pseudonyms",
                column: "ObservableId");

            migrationBuilder.CreateIndex(
                name: "IX_Pseudonyms_OrganisationId_Value",
                table: "Pseudonyms",
                columns: new[] { "OrganisationId", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_SharingGroupMembers_OrganisationId",
                table: "SharingGroupMembers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_SharingGroups_OwnerOrganisationId",
                table: "SharingGroups",
                column: "OwnerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_SignalObservables_ObservableId",
                table: "SignalObservables",
                column: "ObservableId");

            migrationBuilder.CreateIndex(
                name: "IX_Signals_CreatedAt_Id",
                table: "Signals",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Signals_Mainport_Status_Distribution",
                table: "Signals",
                columns: new[] { "Mainport", "Status", "Distribution" });

            migrationBuilder.CreateIndex(
                name: "IX_Signals_OwnerOrganisationId_CreatedAt",
                table: "Signals",
                columns: new[] { "OwnerOrganisationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Signals_SharingGroupId",
                table: "Signals",
                column: "SharingGroupId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "AuditSeals");

            migrationBuilder.DropTable(
                name: "Pseudonyms");

            migrationBuilder.DropTable(
                name: "SharingGroupMembers");

            migrationBuilder.DropTable(
                name: "SignalObservables");

            migrationBuilder.DropTable(
                name: "Observables");

            migrationBuilder.DropTable(
                name: "Signals");

            migrationBuilder.DropTable(
                name: "SharingGroups");
        }
    }
}
