using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;

namespace Slagboom.Migrations.Sqlite;

/// <summary>Used by <c>dotnet ef migrations add</c> only; the app configures the context through CoreServices.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(CoreServices.SqliteMigrationsAssembly));
        return new AppDbContext(options.Options);
    }
}
