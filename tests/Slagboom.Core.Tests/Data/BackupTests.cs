using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Accounts;
using Slagboom.Core.Data;
using Slagboom.Core.Hosting;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Cli.CliTests;

namespace Slagboom.Core.Tests.Data;

public sealed class BackupTests
{
    [Fact]
    public async Task BackupThenRestoreIntoAnEmptyFolder_GivesBackTheSameDataAndKeys()
    {
        await using var source = await TestInstance.CreateAsync(TestInstance.Sqlite);
        await Accounts.AccountTests.AddOrganisationAsync(source, "Portbase", "private", "RTM", "NZK");
        var orgId = await source.QueryAsync(db => db.Organisations.Select(o => o.Id).SingleAsync());
        await Accounts.AccountTests.AddUserAsync(source, orgId, "ops@portbase.nl", "member");
        var token = (await RunAsync(source, "token", "create", "--email", "ops@portbase.nl")).Out.Trim();
        var backupFolder = Path.Combine(Path.GetTempPath(), "slagboom-backup-" + Guid.NewGuid().ToString("N"));

        // A live server is writing while the backup is taken: its uncommitted work must not be in the copy.
        await using (var scope = source.Services.CreateAsyncScope())
        {
            var live = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await live.Database.BeginTransactionAsync();
            await live.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Organisations\" (\"Id\", \"Name\", \"Kind\", \"Sector\", \"IsDemo\", \"CreatedAt\") VALUES ('half', 'Half written', 'Public', 'x', 0, '2026-01-01')");
            var backup = await RunAsync(source, "backup", "--to", backupFolder);
            Assert.True(backup.Code == 0, backup.Err);
            await transaction.RollbackAsync();
        }

        await using var target = await TestInstance.CreateAsync(TestInstance.Sqlite, migrate: false);
        var restore = await RunAsync(target, "restore", "--from", backupFolder);
        Assert.Equal(0, restore.Code);

        Assert.Equal(await Snapshot(source), await Snapshot(target));
        foreach (var key in Directory.EnumerateFiles(source.Settings.KeysFolder, "*.key"))
        {
            Assert.Equal(await File.ReadAllTextAsync(key), await File.ReadAllTextAsync(Path.Combine(target.Settings.KeysFolder, Path.GetFileName(key))));
        }

        Assert.NotNull(await target.RunAsync<ApiTokens, TokenIdentity?>(t => t.AuthenticateAsync(token)));
        Assert.Equal(1, (await RunAsync(target, "restore", "--from", backupFolder)).Code);
        Directory.Delete(backupFolder, recursive: true);
    }

    [Fact]
    public async Task Backup_IntoAFolderThatIsNotEmpty_IsRefused()
    {
        await using var source = await TestInstance.CreateAsync(TestInstance.Sqlite);
        var folder = Directory.CreateTempSubdirectory().FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "other.txt"), "keep me");

        var backup = await RunAsync(source, "backup", "--to", folder);

        Assert.Equal(1, backup.Code);
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(folder, "other.txt")));
    }

    private static Task<string> Snapshot(TestInstance instance) => instance.QueryAsync(async db =>
        string.Join("|", await db.Organisations.OrderBy(o => o.Id).Select(o => o.Id + o.Name).ToListAsync())
        + string.Join("|", await db.Users.OrderBy(u => u.Id).Select(u => u.Id + u.Email + u.PasswordHash).ToListAsync())
        + string.Join("|", await db.Budgets.OrderBy(b => b.MainportCode).ThenBy(b => b.Year).Select(b => b.MainportCode + b.MillionEuro).ToListAsync())
        + await db.ApiTokens.CountAsync());
}
