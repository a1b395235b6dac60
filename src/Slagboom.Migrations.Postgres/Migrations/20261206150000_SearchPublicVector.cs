using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Hand-written: a GIN index of the documents' public vectors (<see cref="SearchSchema.PostgresPublicVector"/>),
    /// built over the existing documents as it is created.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261206150000_SearchPublicVector")]
    public partial class SearchPublicVector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.PostgresPublicIndex);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.PostgresPublicDown);
    }
}
