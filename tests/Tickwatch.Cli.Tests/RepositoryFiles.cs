using System.Runtime.CompilerServices;

namespace Tickwatch.Cli.Tests;

/// <summary>Files of the repository, found from this source file.</summary>
internal static class RepositoryFiles
{
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root(), relativePath));

    private static string Root([CallerFilePath] string source = "")
    {
        for (var dir = Path.GetDirectoryName(source); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Tickwatch.slnx")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No Tickwatch.slnx above {source}.");
    }
}
