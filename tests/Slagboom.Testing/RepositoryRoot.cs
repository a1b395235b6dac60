namespace Slagboom.Testing;

/// <summary>Finds the repository root (the folder with Slagboom.slnx) and the shared/ folder beside it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary><c>../shared</c> relative to the repository root, as on the developers' machines and in CI.</summary>
    public static string Shared => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "Slagboom.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Slagboom.slnx not found above " + AppContext.BaseDirectory);
    }
}
