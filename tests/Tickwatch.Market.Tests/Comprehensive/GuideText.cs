using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>The operators' guide and the repository, found from this source file, and the guide's bash blocks.</summary>
/// <remarks>The guide is kept verbatim in <c>docs/</c>, so that a clean clone (CI) checks Tickwatch against it.</remarks>
internal static class GuideText
{
    public static string GuidePath { get; } = RepositoryFiles.PathOf("docs/production-debugging-guide.md");

    public static string Guide()
    {
        Assert.True(File.Exists(GuidePath), $"The operators' guide is not at {GuidePath}; these tests check Tickwatch against it.");
        return File.ReadAllText(GuidePath);
    }

    /// <summary>The text of every <c>```bash</c> block of the guide, in order.</summary>
    public static IReadOnlyList<string> BashBlocks()
    {
        var blocks = new List<string>();
        List<string>? current = null;
        foreach (var line in Guide().Split('\n'))
        {
            if (current is null && line.TrimEnd() == "```bash")
            {
                current = [];
            }
            else if (current is not null && line.TrimEnd() == "```")
            {
                blocks.Add(string.Join('\n', current) + "\n");
                current = null;
            }
            else
            {
                current?.Add(line);
            }
        }

        return blocks;
    }
}
