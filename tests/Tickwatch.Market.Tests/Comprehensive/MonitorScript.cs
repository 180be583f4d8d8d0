using System.Runtime.Versioning;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>Runs <c>scripts/monitor_production.sh</c> as it is, for one round, against a market service on any port.</summary>
/// <remarks>
/// The script asks <c>http://localhost:8000</c> and loops forever; a <c>curl</c> on the PATH before the real one sends its
/// requests to the test's port, and a <c>sleep</c> there ends the script where its first round ends.
/// </remarks>
[UnsupportedOSPlatform("windows")]
internal static class MonitorScript
{
    public static string ScriptPath => RepositoryFiles.PathOf("scripts/monitor_production.sh");

    public static async Task<(int ExitCode, string Output, string Errors)> RunOneRoundAsync(string marketUrl)
    {
        var (_, curl, _) = await Bash.RunAsync("command -v curl", TimeSpan.FromSeconds(10));
        var shims = Directory.CreateTempSubdirectory("tickwatch-monitor-");
        try
        {
            await WriteExecutableAsync(
                Path.Combine(shims.FullName, "curl"),
                "#!/bin/bash\nargs=()\nfor a in \"$@\"; do args+=(\"${a//http:\\/\\/localhost:8000/$TICKWATCH_TEST_MARKET}\"); done\nexec \"$TICKWATCH_TEST_CURL\" \"${args[@]}\"\n");
            await WriteExecutableAsync(Path.Combine(shims.FullName, "sleep"), "#!/bin/bash\nkill -TERM $PPID\n");
            return await Bash.RunAsync(
                ScriptPath,
                TimeSpan.FromSeconds(30),
                new Dictionary<string, string>
                {
                    ["PATH"] = shims.FullName + ":" + Environment.GetEnvironmentVariable("PATH"),
                    ["TICKWATCH_TEST_MARKET"] = marketUrl,
                    ["TICKWATCH_TEST_CURL"] = curl.Trim(),
                });
        }
        finally
        {
            shims.Delete(recursive: true);
        }
    }

    private static async Task WriteExecutableAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
