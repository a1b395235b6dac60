namespace Slagboom.Core.Data;

/// <summary>Opaque ids: version-7 GUIDs, so that they sort roughly by creation and index well.</summary>
public static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
