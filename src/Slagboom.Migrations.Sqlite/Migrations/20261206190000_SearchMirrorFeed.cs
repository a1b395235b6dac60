using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Hand-written: what the instances' search mirrors read (<see cref="SearchSchema.SqliteFeedUp"/>, ADR 0008), and
    /// the FTS5 table dropped.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261206190000_SearchMirrorFeed")]
    public partial class SearchMirrorFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.SqliteFeedUp);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.SqliteFeedDown);
    }
}
