using System.Runtime.CompilerServices;

namespace Tickwatch.Testing;

/// <summary>The repository's own files (docs, scripts, deploy, project files), for tests that check Tickwatch against them.</summary>
public static class RepositoryFiles
{
    private const string Marker = "Tickwatch.slnx";

    /// <summary>The folder holding Tickwatch.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of <paramref name="relativePath"/> (e.g. <c>deploy/docker-compose.yml</c>).</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>The text of <paramref name="relativePath"/>.</summary>
    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        // Binaries built elsewhere (--artifacts-path) are not under the repository; the compiled-in source path is.
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No {Marker} above {AppContext.BaseDirectory}, {Environment.CurrentDirectory} or {sourceFile}.");
    }
}
