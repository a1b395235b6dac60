using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Hand-written: the documents' vectors also hold each section's word pairs (<see cref="SearchText.Pair"/>). The
    /// documents are dropped here and written again, by the code that writes every document, when the migration has
    /// run (<see cref="SearchSchema.Reindex"/>).
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261206100000_SearchWordPairs")]
    public partial class SearchWordPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.Reindex);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.Reindex);
    }
}
