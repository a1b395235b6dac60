using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Hand-written: the public section's lexemes as a vector of their own, derived from the documents' vectors, with a
    /// GIN index (<see cref="SearchSchema.PostgresPublicUp"/>). Existing documents get it as the column is added.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261206150000_SearchPublicVector")]
    public partial class SearchPublicVector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.PostgresPublicUp);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.PostgresPublicDown);
    }
}
