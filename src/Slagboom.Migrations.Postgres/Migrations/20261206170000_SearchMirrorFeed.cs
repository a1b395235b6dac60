using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slagboom.Core.Data;
using Slagboom.Core.Search;

#nullable disable

namespace Slagboom.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Hand-written: what the instances' search mirrors read (<see cref="SearchSchema.PostgresFeedUp"/>, ADR 0008), and
    /// the GIN indexes dropped.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261206170000_SearchMirrorFeed")]
    public partial class SearchMirrorFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.PostgresFeedUp);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSchema.PostgresFeedDown);
    }
}
