using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Hand-written: the full-text index also holds each section's word pairs (<see cref="SearchText.Pair"/>), derived
    /// by a view from the stored sections (<see cref="SearchSchema.SqliteUp"/>), and is built again from the documents.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261206100000_SearchWordPairs")]
    public partial class SearchWordPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(SearchSchema.SqliteDown + SearchSchema.SqliteUp + SearchSchema.SqliteRebuild);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(SearchSchema.SqliteDown + """
                CREATE VIRTUAL TABLE "SignalSearch" USING fts5("Public", "Restricted", content='SignalSearchDocuments', content_rowid='Key', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER "SignalSearchDocuments_ai" AFTER INSERT ON "SignalSearchDocuments" BEGIN
                  INSERT INTO "SignalSearch"(rowid, "Public", "Restricted") VALUES (new."Key", new."Public", new."Restricted");
                END;
                CREATE TRIGGER "SignalSearchDocuments_ad" AFTER DELETE ON "SignalSearchDocuments" BEGIN
                  INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted") VALUES ('delete', old."Key", old."Public", old."Restricted");
                END;
                CREATE TRIGGER "SignalSearchDocuments_au" AFTER UPDATE ON "SignalSearchDocuments" BEGIN
                  INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted") VALUES ('delete', old."Key", old."Public", old."Restricted");
                  INSERT INTO "SignalSearch"(rowid, "Public", "Restricted") VALUES (new."Key", new."Public", new."Restricted");
                END;
                """ + SearchSchema.SqliteRebuild);
    }
}
