using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;

namespace Slagboom.Migrations.Postgres;

/// <summary>Used by <c>dotnet ef migrations add</c> only; generating migrations needs no running server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql("Host=localhost;Database=slagboom_design", o => o.MigrationsAssembly(CoreServices.PostgresMigrationsAssembly));
        return new AppDbContext(options.Options);
    }
}
