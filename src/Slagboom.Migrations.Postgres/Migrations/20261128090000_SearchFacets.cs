using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Hand-written: search documents now carry the filter values as tokens (<see cref="SearchText.Facets"/>). The
    /// documents are dropped here and written again, by the code that writes every document, when the migration has
    /// run (<see cref="SearchSchema.Reindex"/>).
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261128090000_SearchFacets")]
    public partial class SearchFacets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.Reindex);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.Reindex);
    }
}
