using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.Tests;

/// <summary>The execution gateway against a real TCP client: fills, resting orders, the faults of its control API, and bad frames.</summary>
public sealed class ExecGatewayLinkTests
{
    private static readonly AccountId Account = AccountId.Parse("live:42");
    private static int s_ids;

    [Fact]
    public async Task A_market_order_fills_at_the_price_plus_at_most_the_slippage()
    {
        await using var gateway = await RunningExecGateway.StartAsync(o => o.MaxSlippage = 0.00020m);
        await gateway.PostAsync("/control/prices", new { symbol = "EURUSD", bid = 1.08400m, ask = 1.08412m });
        var client = await gateway.ConnectAsync();

        var buy = Order(OrderType.Buy);
        await client.SendAsync(buy);
        var report = await client.ReceiveAsync();

        Assert.Equal(ProviderOrderStatus.Executed, report.Status);
        Assert.Equal(buy.ClientOrderId, report.ClientOrderId);
        Assert.Equal(buy.OrderId, report.OrderId);
        Assert.Equal(0.10m, report.CumulativeQuantity);
        Assert.InRange(report.AveragePrice!.Value, 1.08412m, 1.08432m);

        var sell = Order(OrderType.Sell);
        await client.SendAsync(sell);
        Assert.InRange((await client.ReceiveAsync()).AveragePrice!.Value, 1.08380m, 1.08400m);
    }

    [Fact]
    public async Task The_closes_listing_counts_one_execution_for_a_close_asked_twice_and_one_per_cl_ord_id()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var client = await gateway.ConnectAsync();
        var buy = Order(OrderType.Buy);
        await client.SendAsync(buy);
        Assert.Equal(ProviderOrderStatus.Executed, (await client.ReceiveAsync()).Status);

        var close = new CloseRequest { ClientOrderId = buy.OrderId + "-close-1", OrderId = buy.OrderId, Account = Account, Symbol = "EURUSD", Side = TradeSide.Sell, Volume = 0.10m };
        await client.SendAsync(close);
        var first = await client.ReceiveAsync();
        await client.SendAsync(close);
        Assert.Equal(first.ReportId, (await client.ReceiveAsync()).ReportId);
        await client.SendAsync(close with { ClientOrderId = buy.OrderId + "-close-2" });
        Assert.Equal(ProviderOrderStatus.Executed, (await client.ReceiveAsync()).Status);

        var closes = await gateway.Http.GetFromJsonAsync<CloseExecutionView[]>("/control/closes", RunningHub.Json);
        Assert.Equal(
            [(buy.OrderId + "-close-1", 1, 0), (buy.OrderId + "-close-2", 1, 0)],
            closes!.Where(c => c.OrderId == buy.OrderId).OrderBy(c => c.ClientOrderId, StringComparer.Ordinal).Select(c => (c.ClientOrderId, c.Executions, c.Rejections)));
        Assert.All(closes!, c => Assert.Equal(("live:42", 0.10m), (c.Account, c.Volume)));
    }

    [Fact]
    public async Task A_limit_order_rests_then_fills_when_the_market_crosses_its_price()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var client = await gateway.ConnectAsync();

        var limit = Order(OrderType.BuyLimit, price: 1.08300m);
        await client.SendAsync(limit);
        var pending = await client.ReceiveAsync();
        Assert.Equal(ProviderOrderStatus.Pending, pending.Status);
        Assert.Equal(1.08300m, pending.Price);
        Assert.Single(gateway.Engine.ListResting());

        gateway.Prices.Set("EURUSD", 1.08320m, 1.08332m);
        Assert.Single(gateway.Engine.ListResting());
        await gateway.PostAsync("/control/prices", new { symbol = "EURUSD", bid = 1.08288m, ask = 1.08299m });

        var filled = await client.ReceiveAsync();
        Assert.Equal(ProviderOrderStatus.Executed, filled.Status);
        Assert.Equal(limit.ClientOrderId, filled.ClientOrderId);
        Assert.Equal(1.08299m, filled.AveragePrice);
        Assert.NotEqual(pending.ReportId, filled.ReportId);
        Assert.Empty(gateway.Engine.ListResting());
    }

    [Fact]
    public async Task A_resting_order_can_be_modified_and_cancelled_once()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var client = await gateway.ConnectAsync();
        var stop = Order(OrderType.BuyStop, price: 1.08500m);
        await client.SendAsync(stop);
        Assert.Equal(ProviderOrderStatus.Pending, (await client.ReceiveAsync()).Status);

        await client.SendAsync(new ModifyRequest { ClientOrderId = NextId("m"), OrderId = stop.OrderId, Account = Account, Symbol = "EURUSD", Price = 1.08600m });
        var modified = await client.ReceiveAsync();
        Assert.Equal((ProviderOrderStatus.Modify, 1.08600m), (modified.Status, modified.Price!.Value));

        var cancel = new CancelRequest { ClientOrderId = NextId("x"), OrderId = stop.OrderId, Account = Account, Symbol = "EURUSD" };
        await client.SendAsync(cancel);
        Assert.Equal(ProviderOrderStatus.Cancelled, (await client.ReceiveAsync()).Status);
        await client.SendAsync(cancel with { ClientOrderId = NextId("x") });
        var again = await client.ReceiveAsync();
        Assert.Equal(ProviderOrderStatus.Rejected, again.Status);
        Assert.StartsWith("NOT_RESTING", again.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_applies_per_symbol_or_to_all_until_cleared()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.084m, 1.0841m);
        gateway.Prices.Set("GBPUSD", 1.25m, 1.2501m);
        var client = await gateway.ConnectAsync();

        await gateway.PostAsync("/control/reject", new { symbol = "EURUSD", reason = "LP_REJECT: no liquidity" });
        await client.SendAsync(Order(OrderType.Buy));
        var rejected = await client.ReceiveAsync();
        Assert.Equal((ProviderOrderStatus.Rejected, "LP_REJECT: no liquidity"), (rejected.Status, rejected.Reason));
        await client.SendAsync(Order(OrderType.Buy, symbol: "GBPUSD"));
        Assert.Equal(ProviderOrderStatus.Executed, (await client.ReceiveAsync()).Status);

        await gateway.PostAsync("/control/reject", new { });
        await client.SendAsync(Order(OrderType.Buy, symbol: "GBPUSD"));
        Assert.Equal("REJECTED_BY_PROVIDER", (await client.ReceiveAsync()).Reason);

        using (var cleared = await gateway.Http.DeleteAsync("/control/reject"))
        {
            cleared.EnsureSuccessStatusCode();
        }

        await client.SendAsync(Order(OrderType.Sell));
        Assert.Equal(ProviderOrderStatus.Executed, (await client.ReceiveAsync()).Status);
    }

    [Fact]
    public async Task A_market_order_without_a_price_is_rejected_with_a_reason()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        var client = await gateway.ConnectAsync();
        await client.SendAsync(Order(OrderType.Buy, symbol: "XAUUSD"));
        var report = await client.ReceiveAsync();
        Assert.Equal(ProviderOrderStatus.Rejected, report.Status);
        Assert.StartsWith("NO_PRICE", report.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeat_writes_each_report_several_times_under_one_report_id()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.084m, 1.0841m);
        var client = await gateway.ConnectAsync();
        await gateway.PostAsync("/control/repeat", new { copies = 3 });

        await client.SendAsync(Order(OrderType.Buy));
        var copies = new[] { await client.ReceiveAsync(), await client.ReceiveAsync(), await client.ReceiveAsync() };

        Assert.Single(copies.Select(r => r.ReportId).Distinct());
        Assert.Equal(1, gateway.Engine.GetStatus().Reports["EXECUTED"]);
    }

    [Fact]
    public async Task Split_fills_a_new_order_in_parts_with_a_rising_cumqty_and_a_weighted_average_price()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08410m);
        var client = await gateway.ConnectAsync();
        await gateway.PostAsync("/control/split", new { parts = 3 });

        await client.SendAsync(Order(OrderType.Buy) with { Volume = 1m });
        var parts = new[] { await client.ReceiveAsync(), await client.ReceiveAsync(), await client.ReceiveAsync() };

        // 0.33 at 1.08410, 0.33 at 1.08411 and the last 0.34 at 1.08412: each part a step further into the book.
        Assert.All(parts, r => Assert.Equal(ProviderOrderStatus.Executed, r.Status));
        Assert.Equal(3, parts.Select(r => r.ReportId).Distinct().Count());
        Assert.Equal([0.33m, 0.66m, 1m], parts.Select(r => r.CumulativeQuantity));
        Assert.Equal([1.08410m, 1.084105m, Math.Round(((0.33m * 1.08410m) + (0.33m * 1.08411m) + (0.34m * 1.08412m)) / 1m, 10)], parts.Select(r => r.AveragePrice!.Value));
        Assert.Equal(3, gateway.Engine.GetStatus().Reports["EXECUTED"]);
        Assert.Equal(3, gateway.Engine.GetStatus().Controls.FillParts);

        await gateway.PostAsync("/control/reset");
        await client.SendAsync(Order(OrderType.Buy) with { Volume = 1m });
        Assert.Equal(1m, (await client.ReceiveAsync()).CumulativeQuantity);
        Assert.False(client.HasUnread);
    }

    [Fact]
    public async Task A_repeated_client_order_id_is_answered_with_the_same_reports_not_executed_again()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.084m, 1.0841m);
        var first = await gateway.ConnectAsync();
        var order = Order(OrderType.Buy);
        await first.SendAsync(order);
        var report = await first.ReceiveAsync();

        await gateway.PostAsync("/control/drop");
        await first.WaitClosedAsync();
        var second = await gateway.ConnectAsync();
        await second.SendAsync(order);

        Assert.Equal(report, await second.ReceiveAsync());
        var status = gateway.Engine.GetStatus();
        Assert.Equal((1L, 1L), (status.Reports["EXECUTED"], status.RepeatedRequests));
    }

    [Fact]
    public async Task Delay_holds_each_report_until_its_time_on_the_gateways_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2024-05-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var gateway = await RunningExecGateway.StartAsync(timeProvider: time);
        gateway.Prices.Set("EURUSD", 1.084m, 1.0841m);
        var client = await gateway.ConnectAsync();
        await gateway.PostAsync("/control/delay", new { delay_ms = 5000 });

        await client.SendAsync(Order(OrderType.Buy));
        await Eventually.UntilAsync(() => gateway.Engine.GetStatus().Reports.GetValueOrDefault("EXECUTED") == 1, "the gateway has filled the order");

        // The clock moves only once the writer's timer is set: moved before, the timer would start 4.9 s late.
        await Eventually.UntilAsync(() => gateway.Engine.GetStatus().Connections.Single().Delaying == 1, "the writer holds the report for its delay");
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(client.HasUnread);

        time.Advance(TimeSpan.FromMilliseconds(100));
        var report = await client.ReceiveAsync();
        Assert.Equal(ProviderOrderStatus.Executed, report.Status);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(5), report.TransactTime);
    }

    [Fact]
    public async Task Pause_holds_reports_until_resume()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.084m, 1.0841m);
        var client = await gateway.ConnectAsync();
        await gateway.PostAsync("/control/pause");

        await client.SendAsync(Order(OrderType.Buy));
        await Eventually.UntilAsync(() => gateway.Engine.GetStatus().Reports.GetValueOrDefault("EXECUTED") == 1, "the gateway has filled the order");
        Assert.True(gateway.Engine.GetStatus().Controls.Paused);
        Assert.False(client.HasUnread);

        await gateway.PostAsync("/control/resume");
        Assert.Equal(ProviderOrderStatus.Executed, (await client.ReceiveAsync()).Status);
    }

    [Fact]
    public async Task Malformed_frames_are_counted_by_category_and_the_connection_carries_on()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.084m, 1.0841m);
        var client = await gateway.ConnectAsync();

        await client.SendRawAsync([.. ProviderFraming.Header(1), 0xc1]);
        await client.SendRawAsync([.. ProviderFraming.Header(2), 0x91, 0x01]);
        await client.SendRawAsync(ProviderFraming.Header(0));
        await client.SendAsync(Order(OrderType.Buy));

        Assert.Equal(ProviderOrderStatus.Executed, (await client.ReceiveAsync()).Status);
        var refused = gateway.Engine.GetStatus().FramesRefused;
        Assert.Equal((1L, 1L, 1L), (refused["invalid_msgpack"], refused["not_a_map"], refused["empty"]));
    }

    [Fact]
    public async Task An_oversized_frame_drops_only_its_own_connection()
    {
        await using var gateway = await RunningExecGateway.StartAsync(o => o.MaxFrameBytes = 1024);
        gateway.Prices.Set("EURUSD", 1.084m, 1.0841m);
        var hostile = await gateway.ConnectAsync();
        var good = await gateway.ConnectAsync();

        await hostile.SendRawAsync(ProviderFraming.Header(1_000_000_000));
        await hostile.WaitClosedAsync();

        await good.SendAsync(Order(OrderType.Buy));
        Assert.Equal(ProviderOrderStatus.Executed, (await good.ReceiveAsync()).Status);
        var status = gateway.Engine.GetStatus();
        Assert.Equal((1L, 1L), (status.FramesRefused["oversized"], status.OversizedDrops));

        // The dropped connection leaves the list once its handler has ended, which may follow the client seeing it closed.
        await Eventually.UntilAsync(() => gateway.Engine.GetStatus().Connections.Count == 1, "the gateway lists only the good connection");
    }

    [Fact]
    public async Task The_control_api_refuses_bad_requests_with_problem_details()
    {
        await using var gateway = await RunningExecGateway.StartAsync();
        using var delay = await gateway.Http.PostAsJsonAsync("/control/delay", new { delay_ms = -1 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, delay.StatusCode);
        using var unknown = await gateway.Http.PostAsJsonAsync("/control/repeat", new { times = 2 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        using var noParts = await gateway.Http.PostAsJsonAsync("/control/split", new { parts = 0 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, noParts.StatusCode);
        using var tooMany = await gateway.Http.PostAsJsonAsync("/control/split", new { parts = 11 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(1, gateway.Engine.GetStatus().Controls.FillParts);
        using var text = await gateway.Http.PostAsync("/control/reject", new StringContent("{}"));
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    private static NewOrderRequest Order(OrderType type, decimal? price = null, string symbol = "EURUSD") => new()
    {
        ClientOrderId = NextId("c"),
        OrderId = NextId("o"),
        Account = Account,
        Symbol = symbol,
        Type = type,
        Volume = 0.10m,
        Price = price,
    };

    private static string NextId(string prefix) => prefix + Interlocked.Increment(ref s_ids);
}
