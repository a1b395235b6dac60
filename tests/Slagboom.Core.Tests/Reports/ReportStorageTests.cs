using System.Diagnostics;
using System.Text;
using Npgsql;
using Slagboom.Core.Errors;
using Slagboom.Core.Reports;
using Slagboom.Testing;
using static Slagboom.Core.Tests.Audit.AuditTestData;
using static Slagboom.Core.Tests.Reports.ReportServiceTests;

namespace Slagboom.Core.Tests.Reports;

/// <summary>
/// What a thief of the database files learns: neither the reporter's words nor the receipt appear anywhere — not in
/// the SQLite main file, not in its write-ahead log, not in a PostgreSQL dump, not in the attachment files.
/// </summary>
public sealed class ReportStorageTests
{
    [Theory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task DatabaseFiles_HoldNeitherTheReportTextNorTheReceipt(string provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var world = await WorldAsync(instance);
        await SetReceiversAsync(instance, "RTM", world.Police.Id);
        // Stored in clear on purpose (organisation names are directory data): proves the search finds what is there.
        var control = "CONTROLE" + Guid.NewGuid().ToString("N")[..12];
        await AddOrganisationAsync(instance, control);

        var marker = "MARKER" + Guid.NewGuid().ToString("N")[..16];
        var made = await instance.RunAsync<ReportService, Result<string>>(s => s.SubmitAnonymousAsync(
            new AnonymousReportInput("RTM", $"Melding {marker} over kade 3", new() { ["where"] = "waar-" + marker }),
            [new ReportUpload($"foto-{marker}.txt", new MemoryStream(Encoding.UTF8.GetBytes("bijlage " + marker)))]));
        Assert.True(made.Ok, made.Error?.Message);
        var first = made.Value!;
        await instance.RunAsync<ReportService, Result<ReporterView>>(s => s.ReplyAsync(first, "antwoord " + marker));
        var id = (await instance.RunAsync<ReportService, IReadOnlyList<ReportSummary>>(s => s.ListAsync(world.Analyst))).Single().Id;
        await instance.RunAsync<ReportService, Result<MessageView>>(s => s.AskAsync(world.Analyst, id, "vraag " + marker));
        var second = (await instance.RunAsync<ReportService, Result<string>>(s => s.ReplaceReceiptAsync(first))).Value!;
        Assert.Contains(marker, (await instance.RunAsync<ReportService, Result<ReporterView>>(s => s.OpenAsync(second))).Value!.Text, StringComparison.Ordinal);

        var haystacks = new List<(string Where, byte[] Bytes)>();
        if (provider == TestInstance.Sqlite)
        {
            var main = instance.Settings.SqlitePath;
            haystacks.Add((main, ReadShared(main)));
            Assert.True(File.Exists(main + "-wal"), "the database runs in WAL mode, so the -wal file exists");
            haystacks.Add((main + "-wal", ReadShared(main + "-wal")));
        }
        else
        {
            haystacks.Add(("pg_dump", Encoding.UTF8.GetBytes(await PgDumpAsync(instance.Settings.PostgresConnectionString!))));
            haystacks.Add(("every row as JSON", Encoding.UTF8.GetBytes(await EveryRowAsync(instance.Settings.PostgresConnectionString!))));
        }

        foreach (var file in Directory.EnumerateFiles(instance.Settings.DataFolder, "*", SearchOption.AllDirectories).Where(f => f.Contains("report-attachments", StringComparison.Ordinal)))
        {
            haystacks.Add((file, File.ReadAllBytes(file)));
        }

        Assert.Contains(haystacks, h => Contains(h.Bytes, control));
        var needles = new[] { marker, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(marker)), first, first.Replace("-", "", StringComparison.Ordinal), second, second.Replace("-", "", StringComparison.Ordinal) };
        foreach (var (where, bytes) in haystacks)
        {
            foreach (var needle in needles)
            {
                Assert.False(Contains(bytes, needle), $"{needle} found in {where}");
            }
        }
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0
        || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0
        || haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle.ToUpperInvariant())) >= 0;

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>pg_dump from the binaries beside initdb (as PostgresServer finds them), or from PATH.</summary>
    private static async Task<string> PgDumpAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists)
                .OrderBy(p => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : new Version(0, 0)).LastOrDefault()
            : null;
        var info = new ProcessStartInfo(bin ?? "pg_dump", ["-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", builder.Username!, "--no-password", builder.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PGPASSWORD"] = builder.Password ?? "";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await error}");
        var dump = await output;
        Assert.Contains("\"Reports\"", dump, StringComparison.Ordinal);
        return dump;
    }

    /// <summary>Every row of every table in the public schema as JSON text (bytea shows as hex).</summary>
    private static async Task<string> EveryRowAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("Reports", tables);
        var all = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                all.AppendLine(reader.GetString(0));
            }
        }

        return all.ToString();
    }
}
