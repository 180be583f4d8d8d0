namespace Tickwatch.ArchitectureTests;

/// <summary>Where the repository is, found from the test's output folder, so tests can read its docs and project files.</summary>
internal static class RepositoryFiles
{
    private const string Marker = "Tickwatch.slnx";

    /// <summary>The repository's root: the nearest folder above the test binaries that holds the solution file.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {Marker} above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
