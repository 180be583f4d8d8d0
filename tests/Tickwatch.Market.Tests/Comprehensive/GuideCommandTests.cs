using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>Every curl/jq command line of the guide against the market service (port 8000 replaced by the test's), run through bash, reading the right values.</summary>
/// <remarks>The gateway's <c>localhost:3000</c> line is the gateway's to test.</remarks>
[Collection(HealthySystem.Collection)]
public sealed partial class GuideCommandTests(HealthySystem healthy)
{
    private const string GuideMarketUrl = "http://localhost:8000";

    // What each command must print against a healthy system on the in-memory store; a command the guide adds must be added here.
    private static readonly Dictionary<string, Func<string, bool>> Expected = new(StringComparer.Ordinal)
    {
        ["curl -X GET http://localhost:8000/api/debug/comprehensive"] = o => Json(o)?["redis_diagnostics"]?["connected"]?.GetValue<bool>() == true
            && Json(o)?["market_data_diagnostics"]?["data_freshness"]?["freshness_rate"]?.GetValue<double>() == 100,
        ["curl -X GET http://localhost:8000/api/debug/redis-cluster"] = o => Json(o)?["cluster_health"]?["cluster_state"]?.GetValue<string>() == "not_applicable",
        ["curl -X GET http://localhost:8000/api/debug/websocket"] = o => Json(o)?["connection_status"]?["is_running"]?.GetValue<bool>() == true,
        ["curl -X GET http://localhost:8000/api/debug/market-data"] = o => Json(o)?["data_freshness"]?["freshness_rate"]?.GetValue<double>() == 100,
        ["curl -s http://localhost:8000/api/debug/redis-cluster | jq '.cluster_health.cluster_state'"] = o => o == "\"not_applicable\"\n",
        ["curl -s http://localhost:8000/api/debug/websocket | jq '.connection_history.success_rate'"] = o => o == "100\n",
        ["curl -s http://localhost:8000/api/debug/market-data | jq '.data_freshness.freshness_rate'"] = o => o == "100\n",
        ["curl -s http://localhost:8000/api/debug/redis-cluster | jq '.cluster_health'"] = o => Json(o)?["ping_success"] is null && Json(o)?["cluster_state"] is not null,
        ["curl -s http://localhost:8000/api/debug/websocket | jq '.connection_status.is_running'"] = o => o == "true\n",
        ["curl -s http://localhost:8000/api/debug/websocket | jq '.connection_history'"] = o => Json(o)?["success_rate"]?.GetValue<double>() == 100
            && Json(o)?["connection_failures"]?.GetValue<long>() == 0,
        ["curl -s http://localhost:8000/api/debug/market-data | jq '.data_freshness'"] = o => Json(o)?["fresh_symbols"]?.GetValue<int>() == 58
            && Json(o)?["missing_data_symbols"]?.AsArray().Count == 0,
        ["curl -s http://localhost:8000/api/debug/market-data | jq '.symbol_analysis'"] = o => Json(o)?["EURUSD"]?["is_fresh"]?.GetValue<bool>() == true
            && Json(o)?.AsObject().Count == 58,
        ["curl -s http://localhost:8000/api/debug/redis-cluster | jq -r '.cluster_health.cluster_state // \"error\"'"] = o => o == "not_applicable\n",
        ["curl -s http://localhost:8000/api/debug/websocket | jq -r '.connection_status.is_running // false'"] = o => o == "true\n",
        ["curl -s http://localhost:8000/api/debug/market-data | jq -r '.data_freshness.freshness_rate // 0'"] = o => o == "100\n",
    };

    [Fact]
    public void The_guide_has_the_market_commands_this_test_knows()
    {
        var commands = MarketCommands();

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), commands.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_market_command_of_the_guide_reads_the_right_value()
    {
        foreach (var command in MarketCommands().Distinct())
        {
            var line = command.Replace(GuideMarketUrl, healthy.MarketUrl, StringComparison.Ordinal);
            var output = "";
            await Eventually.UntilAsync(
                async () =>
                {
                    var (exit, stdout, stderr) = await Bash.RunAsync(line, TimeSpan.FromSeconds(20));
                    output = $"exit {exit}: {stdout}{stderr}";
                    return exit == 0 && Expected[command](stdout);
                },
                $"'{line}' prints what the guide expects (last: {output})");
        }
    }

    /// <summary>Each curl command line of the guide that asks the market service: whole lines, and the ones inside <c>$(…)</c>.</summary>
    private static List<string> MarketCommands()
    {
        var commands = new List<string>();
        foreach (var line in GuideText.BashBlocks().SelectMany(b => b.Split('\n')).Select(l => l.Trim()))
        {
            if (line.StartsWith("curl ", StringComparison.Ordinal))
            {
                commands.Add(line);
            }
            else if (Substitution().Match(line) is { Success: true } inner)
            {
                commands.Add(inner.Groups[1].Value);
            }
        }

        return [.. commands.Where(c => c.Contains(GuideMarketUrl, StringComparison.Ordinal))];
    }

    private static JsonNode? Json(string output)
    {
        try
        {
            return JsonNode.Parse(output);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\$\((curl .*)\)\s*$")]
    private static partial Regex Substitution();
}
