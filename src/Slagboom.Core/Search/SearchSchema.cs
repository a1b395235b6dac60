using Microsoft.EntityFrameworkCore.Migrations;

namespace Slagboom.Core.Search;

/// <summary>
/// The hand-written SQL of the full-text index, one set per provider, applied by the separate migrations
/// <c>SearchFullText</c> in Slagboom.Migrations.Sqlite and Slagboom.Migrations.Postgres (kept apart from the
/// generated ones so that regenerating those does not lose it). The table <c>SignalSearchDocuments</c> itself is
/// generated from the model.
/// </summary>
public static class SearchSchema
{
    /// <summary>The trigger that indexes each new document; a bulk import leaves it out and rebuilds (<see cref="Signals.DeferredIndexes"/>).</summary>
    public const string SqliteInsertTriggerName = "SignalSearchDocuments_ai";

    public const string SqliteInsertTrigger = """
        CREATE TRIGGER "SignalSearchDocuments_ai" AFTER INSERT ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearch"(rowid, "Public", "Restricted") VALUES (new."Key", new."Public", new."Restricted");
        END;
        """;

    /// <summary>Indexes every document again, from the content table.</summary>
    public const string SqliteRebuild = """INSERT INTO "SignalSearch"("SignalSearch") VALUES ('rebuild');""";

    /// <summary>
    /// SQLite: an FTS5 table over the documents (external content, so the text is stored once), kept in step by
    /// triggers on every insert, update and delete — a cascade from a deleted signal included.
    /// </summary>
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE "SignalSearch" USING fts5("Public", "Restricted", content='SignalSearchDocuments', content_rowid='Key', tokenize='unicode61 remove_diacritics 2');

        """ + SqliteInsertTrigger + """

        CREATE TRIGGER "SignalSearchDocuments_ad" AFTER DELETE ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted") VALUES ('delete', old."Key", old."Public", old."Restricted");
        END;
        CREATE TRIGGER "SignalSearchDocuments_au" AFTER UPDATE ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted") VALUES ('delete', old."Key", old."Public", old."Restricted");
          INSERT INTO "SignalSearch"(rowid, "Public", "Restricted") VALUES (new."Key", new."Public", new."Restricted");
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_au";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_ad";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_ai";
        DROP TABLE IF EXISTS "SignalSearch";
        """;

    /// <summary>
    /// PostgreSQL: a tsvector column written by the application (<see cref="SearchText.TsVector"/>, never parsed by
    /// PostgreSQL's own parser, so that it holds exactly SQLite's tokens) with a GIN index.
    /// </summary>
    public const string PostgresUp = """
        ALTER TABLE "SignalSearchDocuments" ADD COLUMN "Vector" tsvector NOT NULL DEFAULT ''::tsvector;

        """ + PostgresIndex + ";\n";

    public const string PostgresIndexName = "IX_SignalSearchDocuments_Vector";

    public const string PostgresIndex = """CREATE INDEX "IX_SignalSearchDocuments_Vector" ON "SignalSearchDocuments" USING GIN ("Vector")""";

    public const string PostgresDown = """
        DROP INDEX IF EXISTS "IX_SignalSearchDocuments_Vector";
        ALTER TABLE "SignalSearchDocuments" DROP COLUMN IF EXISTS "Vector";
        """;

    /// <summary>
    /// Drops every document (and so its full-text entries, through the delete trigger or with the row), for a migration
    /// that changes what documents hold: <see cref="Data.DatabaseSetup"/> runs <see cref="SearchIndex.BackfillAsync"/>
    /// after any migration, which writes them again with the current code.
    /// </summary>
    public const string Reindex = """DELETE FROM "SignalSearchDocuments";""";

    public static void Up(MigrationBuilder migrationBuilder, bool postgres) =>
        migrationBuilder.Sql(postgres ? PostgresUp : SqliteUp);

    public static void Down(MigrationBuilder migrationBuilder, bool postgres) =>
        migrationBuilder.Sql(postgres ? PostgresDown : SqliteDown);
}
