using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Data;
using Slagboom.Testing;

namespace Slagboom.Core.Tests.Data;

/// <summary>How a request's <see cref="AppDbContext"/> is set up: leased from a pool, and on SQLite reading through memory mapping.</summary>
public sealed class ContextSetupTests
{
    [Fact]
    public async Task EverySqliteConnection_ReadsTheFileThroughMemoryMapping()
    {
        await using var instance = await TestInstance.CreateAsync(TestInstance.Sqlite);
        for (var request = 0; request < 3; request++)
        {
            await using var scope = instance.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA mmap_size";
            var mapped = Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(mapped > 0, $"request {request}: mmap_size is {mapped}");
            await db.Database.CloseConnectionAsync();
        }
    }

    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task APooledContext_ComesBackWithoutThePreviousRequestsStateOrSettings(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        TimeSpan? defaultTimeout;
        AppDbContext first;
        await using (var scope = instance.Services.CreateAsyncScope())
        {
            var db = first = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            defaultTimeout = db.Database.GetCommandTimeout() is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Mainports.Attach(await db.Mainports.AsNoTracking().FirstAsync(TestContext.Current.CancellationToken));
            Assert.NotEmpty(db.ChangeTracker.Entries());
        }

        var reused = false;
        for (var request = 0; request < 3; request++)
        {
            await using var scope = instance.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            reused |= ReferenceEquals(db, first);
            Assert.Empty(db.ChangeTracker.Entries());
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
            Assert.Equal(defaultTimeout, db.Database.GetCommandTimeout() is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        }

        Assert.True(reused, "the context is leased from a pool");
    }
}
