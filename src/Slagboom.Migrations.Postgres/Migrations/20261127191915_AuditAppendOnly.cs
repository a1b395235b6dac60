using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Raw SQL, written by hand: EF cannot generate triggers. The application cannot change or remove audit
            // rows; only `slagboom audit prune` may delete, inside a transaction that sets slagboom.audit_prune.
            migrationBuilder.Sql("""
                CREATE FUNCTION slagboom_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' AND current_setting('slagboom.audit_prune', true) = 'on' THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'the audit trail is append-only (% on %)', TG_OP, TG_TABLE_NAME;
                END $$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION slagboom_audit_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
                    FOR EACH STATEMENT EXECUTE FUNCTION slagboom_audit_append_only();
                CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON "AuditSeals"
                    FOR EACH ROW EXECUTE FUNCTION slagboom_audit_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_seals_append_only ON "AuditSeals";
                DROP TRIGGER audit_entries_no_truncate ON "AuditEntries";
                DROP TRIGGER audit_entries_append_only ON "AuditEntries";
                DROP FUNCTION slagboom_audit_append_only();
                """);
        }
    }
}
