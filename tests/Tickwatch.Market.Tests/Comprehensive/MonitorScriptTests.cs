using System.Runtime.Versioning;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary><c>scripts/monitor_production.sh</c> is the guide's script, unchanged, and reads the right values from Tickwatch.</summary>
[Collection(HealthySystem.Collection)]
[UnsupportedOSPlatform("windows")]
public sealed class MonitorScriptTests(HealthySystem healthy)
{
    [Fact]
    public void The_script_is_the_guides_text_verbatim()
    {
        var guide = GuideText.BashBlocks().Single(b => b.StartsWith("#!/bin/bash", StringComparison.Ordinal));

        Assert.Equal(guide, File.ReadAllText(MonitorScript.ScriptPath));
        Assert.True(File.GetUnixFileMode(MonitorScript.ScriptPath).HasFlag(UnixFileMode.UserExecute), "the script is executable");
    }

    [Fact]
    public async Task One_round_reads_redis_websocket_and_freshness_from_the_running_service()
    {
        var (exit, output, errors) = await MonitorScript.RunOneRoundAsync(healthy.MarketUrl);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 4, $"the script printed: {output}{errors}");
        Assert.StartsWith("=== ", lines[0], StringComparison.Ordinal);
        Assert.Equal("Redis: not_applicable", lines[1]);
        Assert.Equal("WebSocket: true", lines[2]);
        Assert.Equal("Data Freshness: 100%", lines[3]);

        // The script knows nothing of an in-memory store: it alerts on its cluster_state, and on nothing else here.
        Assert.Equal(["🚨 ALERT: Redis cluster unhealthy!"], lines.Skip(4));
        Assert.Equal("", errors);
        Assert.Equal(143, exit);
    }
}
