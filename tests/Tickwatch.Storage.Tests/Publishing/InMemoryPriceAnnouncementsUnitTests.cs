using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Storage.Tests.Publishing;

public sealed class InMemoryPriceAnnouncementsUnitTests
{
    [Fact]
    public async Task A_handler_that_throws_is_counted_and_does_not_stop_the_others()
    {
        var hub = new InMemoryPriceAnnouncements();
        var heard = new List<string>();
        await using var bad = await hub.SubscribeSymbolsAsync(_ => throw new InvalidOperationException("bug"), default);
        await using var good = await hub.SubscribeSymbolsAsync(heard.Add, default);

        var summary = await hub.PublishAsync([PriceWriteResult.Written(Price("EURUSD"))], default);

        Assert.Equal(1, summary.Published);
        Assert.Equal(["EURUSD"], heard);
        Assert.Equal(1, hub.HandlerErrors);
    }

    [Fact]
    public async Task After_unsubscribing_nothing_more_is_heard()
    {
        var hub = new InMemoryPriceAnnouncements();
        var symbols = new List<string>();
        var prices = new List<StoredPrice>();
        var symbolSubscription = await hub.SubscribeSymbolsAsync(symbols.Add, default);
        var priceSubscription = await hub.SubscribePricesAsync("EURUSD", prices.Add, default);

        await hub.PublishAsync([PriceWriteResult.Written(Price("EURUSD")), PriceWriteResult.Written(Price("GBPUSD"))], default);
        await symbolSubscription.DisposeAsync();
        await priceSubscription.DisposeAsync();
        await hub.PublishAsync([PriceWriteResult.Written(Price("EURUSD"))], default);

        Assert.Equal(["EURUSD", "GBPUSD"], symbols);
        Assert.Single(prices);
    }

    [Fact]
    public async Task Refused_and_failed_writes_are_never_published()
    {
        var hub = new InMemoryPriceAnnouncements();
        var heard = new List<string>();
        await using var subscription = await hub.SubscribeSymbolsAsync(heard.Add, default);

        var summary = await hub.PublishAsync(
            [PriceWriteResult.RefusedOlder(Price("EURUSD"), null), PriceWriteResult.Failed(Price("GBPUSD"), new InvalidOperationException("down"))],
            default);

        Assert.Equal(PublishSummary.None, summary);
        Assert.Empty(heard);
    }

    private static StoredPrice Price(string symbol) => new()
    {
        Symbol = symbol,
        Bid = 1m,
        Ask = 1.1m,
        Feed = "json",
        ReceivedAt = DateTimeOffset.UnixEpoch,
        BookSequence = 1,
        Version = new PriceVersion(1, 1),
    };
}
