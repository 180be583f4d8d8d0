using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary><c>GET /metrics</c> on the gateway: the live stream's clients and prices, in the Prometheus text format.</summary>
public sealed class GatewayMetricsTests
{
    [Fact]
    public async Task The_stream_is_counted_as_prices_reach_a_subscriber()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync("EURUSD", "GBPUSD");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        await gateway.WaitForSubscribersAsync("EURUSD", "GBPUSD");

        var start = TimeProvider.System.GetUtcNow();
        for (var n = 1; n <= 3; n++)
        {
            await prices.Writer.WriteAsync([MarketPriceWriter.Price("EURUSD", n, 1.1000m + (n * 0.0001m), 1.1002m + (n * 0.0001m), start.AddTicks(n))]);
        }

        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "price" && m["sequence"]!.GetValue<long>() == 3, "the third price");

        var metrics = await Eventually.ValueAsync(
            async () => await (await gateway.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            // Each of the three prices was either sent or, when a newer one came first, conflated.
            text => MetricsText.Sample(text, "tickwatch_gateway_stream_prices_sent_total") + MetricsText.Sample(text, "tickwatch_gateway_stream_prices_conflated_total") == 3,
            "the sent prices are counted");
        Assert.True(MetricsText.Sample(metrics, "tickwatch_gateway_stream_prices_sent_total") >= 1);
        Assert.InRange(MetricsText.Sample(metrics, "tickwatch_gateway_stream_messages_sent_total"), 1, MetricsText.Sample(metrics, "tickwatch_gateway_stream_prices_sent_total"));
        Assert.Equal(1, MetricsText.Sample(metrics, "tickwatch_gateway_stream_clients"));
        Assert.Equal(2, MetricsText.Sample(metrics, "tickwatch_gateway_stream_symbols"));
        Assert.Equal(1, MetricsText.Sample(metrics, "tickwatch_gateway_stream_clients_connected_total"));
        Assert.Equal(3, MetricsText.Sample(metrics, "tickwatch_gateway_stream_updates_received_total"));
        Assert.Equal(0, MetricsText.Sample(metrics, "tickwatch_gateway_stream_clients_dropped_slow_total"));
        Assert.Contains("# TYPE process_cpu_time_seconds", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("tickwatch_feed_", metrics, StringComparison.Ordinal);
    }
}
