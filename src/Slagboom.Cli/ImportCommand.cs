using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Slagboom.Core.Signals;

namespace Slagboom.Cli;

/// <summary>
/// <c>slagboom import FILE --as EMAIL [--format csv|jsonl] [--publish] [--batch N]</c>: bulk import of signals with
/// their observables through <see cref="SignalImport"/>. Bad rows on stderr as <c>line N: field: message</c>,
/// progress on stderr per batch, the summary on stdout. Exit 0 all rows in, 1 some rows bad, 2 usage errors.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import: JSON lines (one signal with \"externalId\" per line) or CSV with a header row." };
        var asUser = new Option<string>("--as") { Description = "E-mail address of the member or analyst on whose behalf the signals are imported; their organisation owns them.", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or jsonl (default: csv for a .csv file, else jsonl)." };
        format.AcceptOnlyFromAmong([.. SignalImportFile.Formats]);
        var publish = new Option<bool>("--publish") { Description = "Publish the imported signals (default: drafts)." };
        var batch = new Option<int>("--batch") { Description = $"Rows per transaction (1–{SignalImport.MaxBatchSize}).", DefaultValueFactory = _ => SignalImport.DefaultBatchSize };
        batch.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > SignalImport.MaxBatchSize)
            {
                result.AddError($"--batch must lie between 1 and {SignalImport.MaxBatchSize}.");
            }
        });

        var import = new Command("import", "Import signals with their observables from CSV or JSON lines; idempotent per externalId, in whole batches.") { file, asUser, format, publish, batch };
        import.SetAction((parse, cancellationToken) => RunAsync(app, parse.GetValue(file)!, parse.GetValue(asUser)!,
            parse.GetValue(format), new ImportOptions(parse.GetValue(publish), parse.GetValue(batch)), cancellationToken));
        return import;
    }

    private static async Task<int> RunAsync(CliApp app, FileInfo file, string email, string? format, ImportOptions options, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await app.Error.WriteLineAsync($"No such file: {file.FullName}");
            return CliApp.Usage;
        }

        var kind = format ?? (file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? SignalImportFile.Csv : SignalImportFile.JsonLines);
        return await app.WithServicesAsync(async services =>
        {
            var import = services.GetRequiredService<SignalImport>();
            var actor = await import.ActorForAsync(email, cancellationToken);
            if (!actor.Ok)
            {
                await app.Error.WriteLineAsync(actor.Error!.Message);
                return CliApp.Usage;
            }

            using var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var outcome = await import.RunAsync(actor.Value!, file.Name, SignalImportFile.ReadAsync(kind, reader, cancellationToken),
                options with { ExpectedRows = await CountLinesAsync(file, cancellationToken) },
                problem => app.Error.WriteLineAsync(problem.ToString()),
                progress => app.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"read {progress.Read}, imported {progress.Imported}, skipped {progress.Skipped}, bad {progress.Bad}, {progress.RowsPerSecond:F0} rows/s")),
                cancellationToken);
            if (!outcome.Ok)
            {
                return await app.FailAsync(outcome.Error!);
            }

            var done = outcome.Value!;
            await app.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"imported {done.Imported}, skipped {done.Skipped}, bad {done.Bad}"));
            return done.Bad == 0 ? CliApp.Success : CliApp.Negative;
        });
    }

    /// <summary>The file's line count: about its rows, enough to choose a bulk load.</summary>
    private static async Task<long> CountLinesAsync(FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenRead();
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }
}
