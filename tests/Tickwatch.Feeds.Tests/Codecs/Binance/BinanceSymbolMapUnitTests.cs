using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Feeds.Tests.Codecs.Binance;

public sealed class BinanceSymbolMapUnitTests
{
    private static readonly HashSet<string> Known = ["BTCUSD", "ETHUSD"];

    private static List<string> Validate(params (string Venue, string Broker)[] map) =>
        BinanceSymbolMap.Validate(map.Select(e => KeyValuePair.Create(e.Venue, e.Broker)), Known.Contains, "Feeds:2 (binance)");

    [Fact]
    public void A_good_map_has_no_errors() => Assert.Empty(Validate(("BTCUSDT", "BTCUSD"), ("ethusdt", "ETHUSD")));

    [Fact]
    public void Every_problem_is_reported_at_once_with_where_it_is()
    {
        var errors = Validate(("BTCUSDT", "BTCUSD"), ("BTCUSDC", "BTCUSD"), ("DOGEUSDT", "DOGEUSD"), ("btcusdt", "ETHUSD"), ("BAD SYMBOL", "ETHUSD"));

        Assert.Equal(
            [
                "Feeds:2 (binance): Symbols: 'BTCUSDT' and 'BTCUSDC' both map to BTCUSD: two venue pairs would mix in one broker symbol.",
                "Feeds:2 (binance): Symbols:DOGEUSDT: 'DOGEUSD' is not a broker symbol the service knows (Prices:Symbols).",
                "Feeds:2 (binance): Symbols: the venue symbol 'BTCUSDT' is listed more than once.",
                "Feeds:2 (binance): Symbols: 'BAD SYMBOL' is not a venue symbol (letters, digits and . _ - /, 1 to 32 characters).",
            ],
            errors);
    }

    [Fact]
    public void Venue_symbols_are_matched_as_binance_writes_them_upper_case()
    {
        var map = new BinanceSymbolMap([KeyValuePair.Create("btcusdt", "BTCUSD")]);

        Assert.Equal("BTCUSD", map.Entries["BTCUSDT"]);
    }
}
