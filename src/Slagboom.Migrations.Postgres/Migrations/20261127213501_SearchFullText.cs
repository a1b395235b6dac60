using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Hand-written, kept apart from the generated migrations so that regenerating those does not lose it: the
    /// full-text index over SignalSearchDocuments (see <see cref="SearchSchema"/>). It must run after the migration
    /// that creates that table.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261127213501_SearchFullText")]
    public partial class SearchFullText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => SearchSchema.Up(migrationBuilder, postgres: true);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => SearchSchema.Down(migrationBuilder, postgres: true);
    }
}
