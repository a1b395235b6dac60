using System.Globalization;
using System.Text;

namespace Slagboom.Core.Data;

/// <summary>
/// Keyset paging cursors: the (time, id) of the last item of a page, opaque to clients. A cursor that does not
/// parse is the client's error (400), never a crash.
/// </summary>
public static class Cursor
{
    public static string Write(DateTime at, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks.ToString(CultureInfo.InvariantCulture)}|{id}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryRead(string cursor, out DateTime at, out string id)
    {
        at = default;
        id = "";
        try
        {
            var text = cursor.Replace('-', '+').Replace('_', '/');
            text += new string('=', (4 - text.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Split('|');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks)
            {
                return false;
            }

            at = new DateTime(ticks, DateTimeKind.Utc);
            id = parts[1];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
