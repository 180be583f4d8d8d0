using System.Text.Json.Nodes;
using Tickwatch.Gateway.MarketService;

namespace Tickwatch.Gateway.Tests.Unit;

public sealed class MarketServiceSummaryUnitTests
{
    [Fact]
    public void A_figure_the_market_service_did_not_give_reads_as_unknown_never_as_zero_or_false()
    {
        var summary = MarketServiceSummary.From(JsonNode.Parse("""{"status":"ready","checks":{"store":{"status":"healthy"}}}""")!);

        Assert.Equal("ready", summary.Status);
        Assert.Null(summary.Ready);
        Assert.Null(summary.Redis.Connected);
        Assert.Null(summary.Feeds.IsRunning);
        Assert.Null(summary.MarketData.FreshnessRate);
        Assert.Empty(summary.MarketData.MissingDataSymbols);
        Assert.Empty(summary.FailingChecks);
    }

    [Fact]
    public void Feeds_are_running_only_when_every_one_is()
    {
        var some = MarketServiceSummary.From(JsonNode.Parse("""{"checks":{"feeds":{"data":{"feeds_running":1,"feeds_total":2}}}}""")!);
        var all = MarketServiceSummary.From(JsonNode.Parse("""{"checks":{"feeds":{"data":{"feeds_running":2,"feeds_total":2}}}}""")!);

        Assert.False(some.Feeds.IsRunning);
        Assert.True(all.Feeds.IsRunning);
    }
}
