using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>Each symbol's subscription work on its own: a store subscribe that hangs on one symbol holds up no other client.</summary>
public sealed class StreamSubscriptionConcurrencyTests
{
    [Fact]
    public async Task While_one_symbols_store_subscription_hangs_other_clients_subscribe_get_prices_and_disconnect()
    {
        var prices = new SharedPrices();
        var gated = new GatedSubscriber(prices.Hub, "USDJPY");
        await using var gateway = await RunningGateway.StartAsync(shared: new GatewaySharedServices(prices.Store, gated, prices.Symbols));
        var hub = gateway.App.Services.GetRequiredService<LivePriceStream>();
        await using var leaving = await gateway.ConnectStreamAsync(gateway.Token(user: "leaving"));
        await leaving.SubscribeAsync("GBPUSD");
        await leaving.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the leaving client's subscription");
        await gateway.WaitForSubscribersAsync("GBPUSD");

        // One client's subscription to USDJPY reaches the store and hangs there.
        await using var held = await gateway.ConnectStreamAsync(gateway.Token(user: "held"));
        await held.SubscribeAsync("USDJPY");
        await held.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the held client's subscription");
        await gated.Entered.WaitAsync(Eventually.DefaultTimeout);

        // Meanwhile another client subscribes to EURUSD and gets its prices.
        await using var other = await gateway.ConnectStreamAsync(gateway.Token(user: "other"));
        await other.SubscribeAsync("EURUSD");
        await other.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the other client's subscription");
        await gateway.WaitForSubscribersAsync("EURUSD");
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0851m, TimeProvider.System.GetUtcNow()));
        var price = await other.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "price", "EURUSD's price while USDJPY hangs");

        // A client disconnects, and its symbol's store subscription ends.
        await leaving.DisposeAsync();
        await Eventually.UntilAsync(
            () => hub.StreamsOf("live:leaving") == 0 && !hub.Streams.Any(s => s.Symbol == "GBPUSD"), "the leaving client is released while USDJPY hangs");

        // A second subscriber of USDJPY waits for it, and gives up when its connection drops.
        await using var abandoning = await gateway.ConnectStreamAsync(gateway.Token(user: "abandoning"));
        await abandoning.SubscribeAsync("USDJPY");
        await abandoning.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the abandoning client's subscription");
        abandoning.Abort();
        await Eventually.UntilAsync(() => hub.StreamsOf("live:abandoning") == 0, "the abandoning client is released while USDJPY hangs");

        // The store answers at last: the held client gets USDJPY's prices, from the one store subscription.
        gated.Open();
        await Eventually.UntilAsync(() => hub.Streams.Any(s => s.Symbol == "USDJPY" && s.SubscriberCount == 1), "USDJPY is subscribed");
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("USDJPY", 1, 151.20m, 151.22m, TimeProvider.System.GetUtcNow()));
        var usdjpy = await held.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "price", "USDJPY's price");

        Assert.Equal("EURUSD", price["symbol"]!.GetValue<string>());
        Assert.Equal("USDJPY", usdjpy["symbol"]!.GetValue<string>());
        Assert.Equal(["EURUSD", "USDJPY"], hub.Streams.Select(s => s.Symbol).Order(StringComparer.Ordinal));
        Assert.Equal(0, gated.Cancelled);
        Assert.Empty(gateway.Errors.Entries);
    }
}
