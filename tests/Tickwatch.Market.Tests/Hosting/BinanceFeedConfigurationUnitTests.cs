using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Feeds.Listening;
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
            ["Feeds:2:ApiKey"] = "test-api-key",
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

    [Fact]
    public void The_api_key_is_required_for_sbe_refused_elsewhere_and_binance_pings_are_off_or_no_faster_than_the_venues()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MarketHost.Build(new Dictionary<string, string?>
        {
            ["Feeds:0:ApiKey"] = "key-for-nothing",
            ["Feeds:2:Name"] = "sbe",
            ["Feeds:2:Protocol"] = "BinanceSbe",
            ["Feeds:2:Url"] = "wss://stream-sbe.binance.com/ws/btcusdt@bestBidAsk",
            ["Feeds:3:Name"] = "bjson",
            ["Feeds:3:Protocol"] = "BinanceJson",
            ["Feeds:3:Url"] = "wss://stream.binance.com:9443/ws/btcusdt@bookTicker",
            ["Feeds:3:PingInterval"] = "00:00:05",
        }));

        Assert.Equal(
            [
                "Feeds:0 (json): ApiKey is sent only to a BinanceSbe feed; a Json feed does not use it, so remove it.",
                "Feeds:2 (sbe): a BinanceSbe feed needs the venue's API key (sent as X-MBX-APIKEY): set it in the environment as TICKWATCH_Feeds__2__ApiKey.",
                "Feeds:3 (bjson): PingInterval of a Binance feed must be 0 (off: the venue pings us every 20 s) or at least 20 s (was 00:00:05).",
            ],
            error.Failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_api_key_in_a_settings_file_is_refused_naming_the_variable_to_use()
    {
        var file = """{"Feeds":[{},{},{"Name":"sbe","Protocol":"BinanceSbe","Url":"wss://stream-sbe.binance.com/ws/btcusdt@bestBidAsk","ApiKey":"written-down"}]}""";

        var error = Assert.Throws<OptionsValidationException>(() => MarketHost.Build(
            sources: c => c.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(file)))));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Feeds:2:ApiKey must come from the environment (TICKWATCH_Feeds__2__ApiKey), not from ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("written-down", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_keep_alive_settings_take_the_protocols_defaults()
    {
        var feeds = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feeds:0:Name"] = "json",
            ["Feeds:0:Url"] = "ws://127.0.0.1:1/ws/json",
            ["Feeds:1:Protocol"] = "BinanceJson",
            ["Feeds:1:Name"] = "bjson",
            ["Feeds:1:Url"] = "wss://stream.binance.com:9443/ws/btcusdt@bookTicker",
            ["Feeds:2:Name"] = "bsbe",
            ["Feeds:2:Url"] = "wss://stream-sbe.binance.com/ws/btcusdt@bestBidAsk",
            ["Feeds:2:PingInterval"] = "00:00:30",
            ["Feeds:2:NoDataTimeout"] = "00:00:10",
            ["Feeds:2:Protocol"] = "BinanceSbe",
        }).Build().GetSection("Feeds").Get<List<FeedOptions>>()!;

        Assert.Equal(
            [
                (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5)),
                (TimeSpan.Zero, TimeSpan.FromSeconds(60)),
                (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
            ],
            feeds.Select(f => (f.PingInterval, f.NoDataTimeout)));
    }
}
