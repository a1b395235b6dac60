using Microsoft.EntityFrameworkCore.Migrations;

namespace Slagboom.Core.Search;

/// <summary>
/// The hand-written SQL of the full-text index, one set per provider, applied by the separate migrations
/// <c>SearchFullText</c> (and those after it, down to <c>SearchMirrorFeed</c>) in Slagboom.Migrations.Sqlite and
/// Slagboom.Migrations.Postgres (kept apart from the generated ones so that regenerating those does not lose it). The
/// table <c>SignalSearchDocuments</c> itself is generated from the model. Since ADR 0008 the index itself is each
/// instance's search mirror (<see cref="SearchMirror"/>); the database keeps the documents and the feed.
/// </summary>
public static class SearchSchema
{
    /// <summary>
    /// The SQL function that gives a section's word pairs (<see cref="SearchText.SectionPairs"/>), which the index holds
    /// as columns of their own. Registered on every connection the application opens (<see cref="Data.SqliteSearchFunctions"/>);
    /// a tool that writes search documents without it (the <c>sqlite3</c> shell) is refused with "no such function".
    /// What it returns for a section must never change without a migration that rebuilds the index: the delete trigger
    /// hands FTS5 the pairs again, and FTS5 removes only what it is handed.
    /// </summary>
    public const string SqliteWordPairsFunction = "slagboom_word_pairs";

    /// <summary>
    /// The SQL function that gives what the index holds beside a public section: its pairs and its tokens marked
    /// (<see cref="SearchText.PublicTerms"/>). Registered and bound never to change like <see cref="SqliteWordPairsFunction"/>.
    /// </summary>
    public const string SqlitePublicTermsFunction = "slagboom_public_terms";

    /// <summary>
    /// The trigger that indexed each new document (until <see cref="SqliteFeedUp"/>; a bulk import left it out and
    /// rebuilt the index afterwards).
    /// </summary>
    public const string SqliteInsertTrigger = """
        CREATE TRIGGER "SignalSearchDocuments_ai" AFTER INSERT ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearch"(rowid, "Public", "Restricted", "PublicTerms", "RestrictedPairs")
          VALUES (new."Key", new."Public", new."Restricted", slagboom_public_terms(new."Public"), slagboom_word_pairs(new."Restricted"));
        END;
        """;

    /// <summary>Indexes every document again, from the content table.</summary>
    public const string SqliteRebuild = """INSERT INTO "SignalSearch"("SignalSearch") VALUES ('rebuild');""";

    /// <summary>
    /// SQLite: an FTS5 table over the documents (external content, so the text is stored once) — the two sections, the
    /// restricted one's word pairs and the public one's pairs and marked tokens (<see cref="SearchText.PublicTerms"/>),
    /// which a view derives from the stored sections — kept in step by triggers on every insert, update and delete, a
    /// cascade from a deleted signal included. FTS5 keeps up to 64 MB of new entries in memory before it writes a
    /// segment (its default, 1 MB, made a rebuild of 1,000,000 documents merge segments over and over: 16.8 s against
    /// 11.4 s).
    /// </summary>
    public const string SqliteUp = """
        CREATE VIEW "SignalSearchSource" AS
          SELECT "Key", "Public", "Restricted", slagboom_public_terms("Public") AS "PublicTerms", slagboom_word_pairs("Restricted") AS "RestrictedPairs"
          FROM "SignalSearchDocuments";
        CREATE VIRTUAL TABLE "SignalSearch" USING fts5("Public", "Restricted", "PublicTerms", "RestrictedPairs", content='SignalSearchSource', content_rowid='Key', tokenize='unicode61 remove_diacritics 2');
        INSERT INTO "SignalSearch"("SignalSearch", rank) VALUES ('hashsize', 67108864);

        """ + SqliteInsertTrigger + """

        CREATE TRIGGER "SignalSearchDocuments_ad" AFTER DELETE ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted", "PublicTerms", "RestrictedPairs")
          VALUES ('delete', old."Key", old."Public", old."Restricted", slagboom_public_terms(old."Public"), slagboom_word_pairs(old."Restricted"));
        END;
        CREATE TRIGGER "SignalSearchDocuments_au" AFTER UPDATE ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearch"("SignalSearch", rowid, "Public", "Restricted", "PublicTerms", "RestrictedPairs")
          VALUES ('delete', old."Key", old."Public", old."Restricted", slagboom_public_terms(old."Public"), slagboom_word_pairs(old."Restricted"));
          INSERT INTO "SignalSearch"(rowid, "Public", "Restricted", "PublicTerms", "RestrictedPairs")
          VALUES (new."Key", new."Public", new."Restricted", slagboom_public_terms(new."Public"), slagboom_word_pairs(new."Restricted"));
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_au";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_ad";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_ai";
        DROP TABLE IF EXISTS "SignalSearch";
        DROP VIEW IF EXISTS "SignalSearchSource";
        """;

    /// <summary>
    /// PostgreSQL: a tsvector column written by the application (<see cref="SearchText.TsVector"/>, never parsed by
    /// PostgreSQL's own parser, so that it holds exactly SQLite's tokens) with a GIN index — dropped again by the migration
    /// <c>SearchMirrorFeed</c> (<see cref="PostgresFeedUp"/>); the column stays for the re-check of each candidate.
    /// </summary>
    public const string PostgresUp = """
        ALTER TABLE "SignalSearchDocuments" ADD COLUMN "Vector" tsvector NOT NULL DEFAULT ''::tsvector;

        """ + PostgresIndex + ";\n";

    public const string PostgresIndex = """CREATE INDEX "IX_SignalSearchDocuments_Vector" ON "SignalSearchDocuments" USING GIN ("Vector")""";

    /// <summary>
    /// PostgreSQL: a document's public vector — the public section's lexemes (weight A) with their positions — as the
    /// expression that the GIN index <see cref="PostgresPublicIndex"/> holds (fourteenth session, ADR 0005 "Public
    /// vectors on PostgreSQL"). A private partner's query is asked of it without weights when it takes the GIN index:
    /// the index then hands back only documents whose public section matches, with nothing to recheck, where the index
    /// of <c>Vector</c>, asked for lexemes of weight A, handed back every document holding the words anywhere for a
    /// recheck of each. The same answers: a query with every lexeme of weight A matches <c>Vector</c> exactly when it
    /// matches this without weights. Computed, not stored: a column would widen every row that a walk reads. The weight
    /// is written as an array of one element rather than as <c>'{a}'</c>, whose braces EF would take for a parameter's
    /// place in a raw query; PostgreSQL folds both to the same constant, and a query must name it as the index does.
    /// Dropped with the other GIN index by <see cref="PostgresFeedUp"/> (ADR 0008); kept here for the migrations.
    /// </summary>
    public const string PostgresPublicVector = """ts_filter("Vector", ARRAY['a'::"char"])""";

    public const string PostgresPublicIndex = """CREATE INDEX "IX_SignalSearchDocuments_PublicVector" ON "SignalSearchDocuments" USING GIN (""" + PostgresPublicVector + ")";

    public const string PostgresPublicDown = """DROP INDEX IF EXISTS "IX_SignalSearchDocuments_PublicVector";""";

    /// <summary>
    /// PostgreSQL: what each application instance's search mirror (<see cref="SearchMirror"/>, ADR 0008) reads to keep
    /// up — the database's origin (a random id, so that a mirror never mixes two databases), and the keys of documents
    /// changed or removed (<c>SignalSearchChanges</c>, written by triggers; new documents are read by their key). Every
    /// statement that writes documents first takes a transaction-scoped advisory lock (number 7263011), so that
    /// keys and change sequence numbers are handed out in the order their transactions commit: a mirror that has read
    /// up to a key or a number has seen everything before it. Changes are trimmed after a while
    /// (<see cref="SearchMirror.TrimChangesAsync"/>); <c>TrimmedThrough</c> says up to which number, so that a mirror
    /// that had not read that far is built again. The GIN indexes go: the mirror finds the candidates and PostgreSQL
    /// re-checks each one's vector (<c>ts_match_vq</c>), which needs no index.
    /// </summary>
    public const string PostgresFeedUp = """
        CREATE TABLE "SearchFeed" ("Origin" uuid NOT NULL PRIMARY KEY, "TrimmedThrough" bigint NOT NULL DEFAULT 0);
        INSERT INTO "SearchFeed" ("Origin") VALUES (gen_random_uuid());
        CREATE TABLE "SignalSearchChanges" (
          "Sequence" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "Key" bigint NOT NULL, "RecordedAt" timestamptz NOT NULL DEFAULT now());
        CREATE FUNCTION slagboom_search_feed_lock() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM pg_advisory_xact_lock(7263011); RETURN NULL; END $$;
        CREATE FUNCTION slagboom_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN INSERT INTO "SignalSearchChanges" ("Key") SELECT "Key" FROM changed; RETURN NULL; END $$;
        CREATE TRIGGER "SignalSearchDocuments_feed_lock" BEFORE INSERT OR UPDATE OR DELETE ON "SignalSearchDocuments"
          FOR EACH STATEMENT EXECUTE FUNCTION slagboom_search_feed_lock();
        CREATE TRIGGER "SignalSearchDocuments_updated" AFTER UPDATE ON "SignalSearchDocuments" REFERENCING OLD TABLE AS changed
          FOR EACH STATEMENT EXECUTE FUNCTION slagboom_search_changed();
        CREATE TRIGGER "SignalSearchDocuments_deleted" AFTER DELETE ON "SignalSearchDocuments" REFERENCING OLD TABLE AS changed
          FOR EACH STATEMENT EXECUTE FUNCTION slagboom_search_changed();
        DROP INDEX IF EXISTS "IX_SignalSearchDocuments_PublicVector";
        DROP INDEX IF EXISTS "IX_SignalSearchDocuments_Vector";
        """;

    /// <summary>
    /// SQLite: the same feed as <see cref="PostgresFeedUp"/> (ADR 0008, "SQLite too"), and the FTS5 table, its view and
    /// its triggers dropped — the instances' mirrors hold the full-text index, built beside the single writer instead of
    /// by it. SQLite lets one transaction write at a time, so keys and change numbers follow commit order without a lock.
    /// Both are <c>AUTOINCREMENT</c>, never handed out twice; <c>sqlite_sequence</c> holds the highest key handed out
    /// (only a restore from a backup takes it back). Times are Unix seconds.
    /// </summary>
    public const string SqliteFeedUp = """
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_au";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_ad";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_ai";
        DROP TABLE IF EXISTS "SignalSearch";
        DROP VIEW IF EXISTS "SignalSearchSource";
        CREATE TABLE "SearchFeed" ("Origin" TEXT NOT NULL PRIMARY KEY, "TrimmedThrough" INTEGER NOT NULL DEFAULT 0);
        INSERT INTO "SearchFeed" ("Origin") VALUES (lower(hex(randomblob(16))));
        CREATE TABLE "SignalSearchChanges" (
          "Sequence" INTEGER PRIMARY KEY AUTOINCREMENT, "Key" INTEGER NOT NULL, "RecordedAt" INTEGER NOT NULL DEFAULT (unixepoch()));
        CREATE TRIGGER "SignalSearchDocuments_updated" AFTER UPDATE ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearchChanges" ("Key") VALUES (old."Key");
        END;
        CREATE TRIGGER "SignalSearchDocuments_deleted" AFTER DELETE ON "SignalSearchDocuments" BEGIN
          INSERT INTO "SignalSearchChanges" ("Key") VALUES (old."Key");
        END;
        """;

    /// <summary>Back to SQLite's own FTS5 table (<see cref="SqliteUp"/>), rebuilt from the documents.</summary>
    public const string SqliteFeedDown = """
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_deleted";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_updated";
        DROP TABLE IF EXISTS "SignalSearchChanges";
        DROP TABLE IF EXISTS "SearchFeed";
        """ + SqliteUp + SqliteRebuild;

    public const string PostgresFeedDown = """
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_deleted" ON "SignalSearchDocuments";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_updated" ON "SignalSearchDocuments";
        DROP TRIGGER IF EXISTS "SignalSearchDocuments_feed_lock" ON "SignalSearchDocuments";
        DROP FUNCTION IF EXISTS slagboom_search_changed();
        DROP FUNCTION IF EXISTS slagboom_search_feed_lock();
        DROP TABLE IF EXISTS "SignalSearchChanges";
        DROP TABLE IF EXISTS "SearchFeed";
        """ + PostgresIndex + ";\n" + PostgresPublicIndex + ";\n";

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
