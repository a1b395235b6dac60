using System.Globalization;
using System.Text;
using Slagboom.Core.Accounts;
using Slagboom.Core.Audit;
using Slagboom.Core.Errors;
using Slagboom.Domain.Sharing;

namespace Slagboom.Core.Signals;

/// <summary>An export: the signals as the caller receives them, under the strictest TLP marking among them.</summary>
public sealed record SignalExport(string Marking, DateTime ExportedAt, string ExportedBy, IReadOnlyList<SignalView> Signals);

/// <summary>
/// Exports what a caller may see, through the same list (and so the same sharing policy) as every other read. The
/// export carries its TLP marking, and each exported signal is recorded in the audit trail with its recipient.
/// </summary>
public sealed class SignalExports(SignalService signals, AuditTrail audit, TimeProvider clock)
{
    public const int MaxSignals = 1000;

    public async Task<Result<SignalExport>> ExportAsync(Actor actor, string? q, string? mainport, CancellationToken cancellationToken = default)
    {
        var items = new List<SignalView>();
        string? cursor = null;
        do
        {
            var page = await signals.ListAsync(actor, q, mainport, SignalService.MaxPageSize, cursor, cancellationToken);
            if (!page.Ok)
            {
                return page.Error!;
            }

            items.AddRange(page.Value!.Items);
            cursor = page.Value.Next;
        }
        while (cursor is not null && items.Count < MaxSignals);

        if (items.Count > MaxSignals)
        {
            items.RemoveRange(MaxSignals, items.Count - MaxSignals);
        }

        var strictest = items.Select(s => SharingTerms.ParseTlp(s.Tlp)!.Value).DefaultIfEmpty(Tlp.Clear).Max();
        foreach (var signal in items)
        {
            await audit.AppendAsync(new AuditEvent("signal.export", $"signal:{signal.Id}", AuditOutcome.Ok, actor.UserId, actor.OrganisationId,
                Recipients: $"user:{actor.UserId} organisation:{actor.OrganisationId}"), cancellationToken);
        }

        return new SignalExport(strictest.ToLabel(), clock.GetUtcNow().UtcDateTime, actor.UserId ?? "", items);
    }

    /// <summary>RFC 4180 CSV; every row carries its own TLP marking, and the file's marking leads its name.</summary>
    public static string ToCsv(SignalExport export)
    {
        var text = new StringBuilder();
        text.Append("tlp,id,title,description,mainport,occurredAt,category,modusOperandi,status,observables\r\n");
        foreach (var s in export.Signals)
        {
            var tlp = SharingTerms.ParseTlp(s.Tlp)!.Value.ToLabel();
            string[] fields =
            [
                tlp, s.Id, s.Title, s.Description ?? "", s.Mainport, s.OccurredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                s.Category, string.Join(';', s.ModusOperandi), s.Status, string.Join(';', s.Observables.Select(o => $"{o.Type}:{o.Value}")),
            ];
            text.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Quote(string field)
    {
        // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
        var safe = field.Length > 0 && "=+-@".Contains(field[0], StringComparison.Ordinal) ? "'" + field : field;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
