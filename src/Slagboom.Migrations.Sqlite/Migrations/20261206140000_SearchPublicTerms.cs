using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Hand-written: the full-text index also holds each public section's tokens marked (<see cref="SearchText.PublicTerms"/>),
    /// beside its word pairs, for private partners' queries, and is built again from the documents.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261206140000_SearchPublicTerms")]
    public partial class SearchPublicTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(SearchSchema.SqliteDown + SearchSchema.SqliteUp + SearchSchema.SqliteRebuild);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(SearchSchema.SqliteDown + """
                CREATE VIEW "SignalSearchSource" AS
                  SELECT "Key", "Public", "Restricted", slagboom_word_pairs("Public") AS "PublicPairs", slagboom_word_pairs("Restricted") AS "RestrictedPairs"
                  FROM "SignalSearchDocuments";
                CREATE VIRTUAL TABLE "SignalSearch" USING fts5("Public", "Restricted", "PublicPairs", "RestrictedPairs", content='SignalSearchSource', content_rowid='Key', tokenize='unicode61 remove_diacritics 2');
                INSERT INTO "SignalSearch"("SignalSearch", rank) VALUES ('hashsize', 67108864);
                CREATE TRIGGER "SignalSearchDocuments_ai" AFTER INSERT ON "SignalSearchDocuments" BEGIN
                  INSERT INTO "SignalSearch"(rowid, "Public", "Restricted", "PublicPairs", "RestrictedPairs")
                  VALUES (new."Key", new."Public", new."Restricted", slagboom_word_pairs(new."Public"), slagboom_word_pairs(new."Restricted"));
                END;
                CREATE TRIGGER "SignalSearchDocuments_ad" AFTER DELETE ON "SignalSearchDocuments" BEGIN
                  INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted", "PublicPairs", "RestrictedPairs")
                  VALUES ('delete', old."Key", old."Public", old."Restricted", slagboom_word_pairs(old."Public"), slagboom_word_pairs(old."Restricted"));
                END;
                CREATE TRIGGER "SignalSearchDocuments_au" AFTER UPDATE ON "SignalSearchDocuments" BEGIN
                  INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted", "PublicPairs", "RestrictedPairs")
                  VALUES ('delete', old."Key", old."Public", old."Restricted", slagboom_word_pairs(old."Public"), slagboom_word_pairs(old."Restricted"));
                  INSERT INTO "SignalSearch"(rowid, "Public", "Restricted", "PublicPairs", "RestrictedPairs")
                  VALUES (new."Key", new."Public", new."Restricted", slagboom_word_pairs(new."Public"), slagboom_word_pairs(new."Restricted"));
                END;
                """ + SearchSchema.SqliteRebuild);
    }
}
