using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Tests.Support;

namespace Tickwatch.Market.Tests.Hosting;

/// <summary><c>Feeds:N:Protocol</c> BinanceJson / BinanceSbe and the per-feed symbol map, checked at build with every problem at once.</summary>
public sealed class BinanceFeedConfigurationUnitTests
{
    [Fact]
    public async Task A_binance_feed_with_a_good_symbol_map_builds_and_its_listener_speaks_the_protocol()
    {
        await using var host = MarketHost.Build(new Dictionary<string, string?>
        {
            ["Feeds:2:Name"] = "binance",
            ["Feeds:2:Protocol"] = "BinanceSbe",
            ["Feeds:2:Url"] = "wss://stream-sbe.binance.com/stream?streams=btcusdt@bestBidAsk/ethusdt@bestBidAsk",
            ["Feeds:2:Symbols:BTCUSDT"] = "BTCUSD",
            ["Feeds:2:Symbols:ethusdt"] = "ETHUSD",
        });

        var listeners = host.App.Services.GetRequiredService<FeedListenerSet>().Listeners;
        Assert.Equal("binance_sbe", listeners.Single(l => l.Name == "binance").Statistics.Protocol);
    }

    [Fact]
    public void A_bad_symbol_map_is_refused_at_start_with_every_problem_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MarketHost.Build(new Dictionary<string, string?>
        {
            ["Feeds:0:Symbols:EURUSD"] = "EURUSD",
            ["Feeds:2:Name"] = "binance",
            ["Feeds:2:Protocol"] = "BinanceJson",
            ["Feeds:2:Url"] = "wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker",
            ["Feeds:2:Symbols:BTCUSDT"] = "BTCUSD",
            ["Feeds:2:Symbols:BTCUSDC"] = "BTCUSD",
            ["Feeds:2:Symbols:PEPEUSDT"] = "PEPEUSD",
        }));

        Assert.Equal(
            [
                "Feeds:0 (json): Symbols maps venue symbols of a Binance feed; a Json feed sends the broker's symbols, so remove it.",
                "Feeds:2 (binance): Symbols: 'BTCUSDC' and 'BTCUSDT' both map to BTCUSD: two venue pairs would mix in one broker symbol.",
                "Feeds:2 (binance): Symbols:PEPEUSDT: 'PEPEUSD' is not a broker symbol the service knows (Prices:Symbols).",
            ],
            error.Failures.Order(StringComparer.Ordinal));
    }
}
