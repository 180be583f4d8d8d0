using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Tests;

public sealed class TradingEngineUnitTests
{
    private readonly TradingDesk _desk = new();

    [Fact]
    public async Task A_market_buy_fills_at_ask_plus_half_spread_charges_commission_and_records_the_quote_it_used()
    {
        var quote = _desk.Price("EURUSD", 1.08500m, 1.08520m);
        _desk.Time.Advance(TimeSpan.FromMilliseconds(250));

        var outcome = await _desk.Place(OrderType.Buy, 1m);

        Assert.True(outcome.Accepted, outcome.Detail);
        var order = outcome.Order!;
        Assert.Equal(OrderStatus.Open, order.Status);
        Assert.Equal(1.08525m, order.OpenPrice);
        Assert.Equal(7m, order.Commission);
        Assert.Equal(quote.BookSequence, order.OpenQuote!.BookSequence);
        Assert.Equal("json", order.OpenQuote.Feed);
        Assert.Equal(250, order.OpenQuote.AgeMilliseconds);
        Assert.Equal(10_000m, (await _desk.Account()).WalletBalance);
        var (_, filled) = Assert.Single(_desk.Store.Outbox(TradingDesk.Alice), e => e.Event.OrderId is not null);
        Assert.Equal("order_filled", filled.Kind);
        Assert.Contains("\"open_price\":1.08525", filled.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_market_sell_fills_at_bid_minus_half_spread()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);

        var outcome = await _desk.Place(OrderType.Sell, 0.5m);

        Assert.Equal(1.08495m, outcome.Order!.OpenPrice);
    }

    [Fact]
    public async Task A_frozen_feed_refuses_execution_as_stale_with_the_age_and_the_next_price_trades_again_reference_defect_1()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        _desk.Time.Advance(TimeSpan.FromSeconds(3));

        var refused = await _desk.Place(OrderType.Buy, 1m);

        Assert.Equal(RefusalReason.StalePrice, refused.Refusal);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.QuoteAge);
        Assert.Contains("3000 ms old", refused.Detail, StringComparison.Ordinal);
        Assert.Empty((await _desk.Store.ReadAccountAsync(TradingDesk.Alice, default))!.ActiveOrders);

        _desk.Price("EURUSD", 1.08600m, 1.08620m);
        var filled = await _desk.Place(OrderType.Buy, 1m);

        Assert.Equal(1.08625m, filled.Order!.OpenPrice);
    }

    [Fact]
    public async Task A_price_known_only_from_warm_up_is_never_traded_on()
    {
        _desk.Book.Warm("EURUSD", 1.085m, 1.0852m, _desk.Time.GetUtcNow());

        var refused = await _desk.Place(OrderType.Buy, 1m);

        Assert.Equal(RefusalReason.StalePrice, refused.Refusal);
        Assert.Contains("No live price", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_creates_one_order_and_answers_with_it_and_another_request_under_it_is_a_conflict()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);

        var first = await _desk.Place(OrderType.Buy, 1m, key: "client-1");
        var again = await _desk.Place(OrderType.Buy, 1m, key: "client-1");
        var other = await _desk.Place(OrderType.Buy, 2m, key: "client-1");

        Assert.Equal(first.Order!.Id, again.Order!.Id);
        Assert.True(again.Repeated);
        Assert.Equal(RefusalReason.IdempotencyConflict, other.Refusal);
        Assert.Single((await _desk.Store.ReadAccountAsync(TradingDesk.Alice, default))!.ActiveOrders);
    }

    [Fact]
    public async Task An_order_needing_more_margin_than_is_free_is_refused_with_the_figures()
    {
        var desk = new TradingDesk(balance: 1_000m);
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        var refused = await desk.Place(OrderType.Buy, 1m);
        var fits = await desk.Place(OrderType.Buy, 0.5m);

        Assert.Equal(RefusalReason.InsufficientMargin, refused.Refusal);
        Assert.Contains("needs 1085.25 USD", refused.Detail, StringComparison.Ordinal);
        Assert.True(fits.Accepted, fits.Detail);
    }

    [Fact]
    public async Task Concurrent_orders_of_one_account_never_reserve_the_same_free_margin_twice()
    {
        // Each lot needs 1,085.25; equity 2,500 less 37 of spread and commission per lot covers two lots and not three.
        var desk = new TradingDesk(balance: 2_500m);
        desk.Price("EURUSD", 1.08500m, 1.08520m);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => desk.Place(OrderType.Buy, 1m))));

        Assert.Equal(2, outcomes.Count(o => o.Accepted));
        Assert.All(outcomes.Where(o => !o.Accepted), o => Assert.True(o.Refusal is RefusalReason.InsufficientMargin or RefusalReason.Busy, o.Detail));
        Assert.Equal(2, (await desk.Store.ReadAccountAsync(TradingDesk.Alice, default))!.ActiveOrders.Count);
    }

    [Fact]
    public async Task A_fill_further_from_the_price_the_client_saw_than_it_allows_is_a_requote_with_the_current_price()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);

        var requote = await _desk.Engine.PlaceAsync(
            new PlaceOrder { Account = TradingDesk.Alice, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "r1", SeenPrice = 1.08400m, MaxDeviation = 0.0005m },
            default);
        var within = await _desk.Engine.PlaceAsync(
            new PlaceOrder { Account = TradingDesk.Alice, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "r2", SeenPrice = 1.08500m, MaxDeviation = 0.0005m },
            default);

        Assert.Equal(RefusalReason.Requote, requote.Refusal);
        Assert.Equal(1.08525m, requote.ExecutablePrice);
        Assert.True(within.Accepted, within.Detail);
    }

    [Fact]
    public async Task A_fill_keeps_the_half_spread_and_the_quote_the_client_sent_and_a_requote_is_journalled_with_the_quote_it_moved_from()
    {
        var quote = _desk.Price("EURUSD", 1.08500m, 1.08520m);

        var requote = await _desk.Engine.PlaceAsync(
            new PlaceOrder { Account = TradingDesk.Alice, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "j1", SeenPrice = 1.08400m, SeenSequence = 7, MaxDeviation = 0.0005m },
            default);
        var filled = await _desk.Engine.PlaceAsync(
            new PlaceOrder { Account = TradingDesk.Alice, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "j2", SeenPrice = 1.08520m, SeenSequence = quote.BookSequence, MaxDeviation = 0.0005m },
            default);

        Assert.Equal(0.00005m, filled.Order!.OpenQuote!.HalfSpread);
        Assert.Equal(new ClientQuote(1.08520m, quote.BookSequence, 0.0005m), filled.Order.ClientQuote);
        Assert.Equal(TradingDesk.Alice, _desk.Engine.Statistics.Journal.AccountOf(filled.Order.Id));
        Assert.StartsWith("rf", requote.RefusalId, StringComparison.Ordinal);
        var journalled = _desk.Engine.Statistics.Journal.Refusal(requote.RefusalId!)!;
        Assert.Equal(("REQUOTE", "EURUSD", 1.08525m), (journalled.Reason, journalled.Symbol, journalled.ExecutablePrice));
        Assert.Equal((quote.BookSequence, 0.00005m), (journalled.Quote!.BookSequence, journalled.Quote.HalfSpread));
        Assert.Equal(new ClientQuote(1.08400m, 7, 0.0005m), journalled.ClientQuote);
    }

    [Fact]
    public async Task A_stale_refusal_is_journalled_with_the_quote_it_refused_and_its_age()
    {
        var quote = _desk.Price("EURUSD", 1.08500m, 1.08520m);
        _desk.Time.Advance(TimeSpan.FromSeconds(3));

        var refused = await _desk.Place(OrderType.Buy, 1m);

        var journalled = _desk.Engine.Statistics.Journal.Refusal(refused.RefusalId!)!;
        Assert.Equal("STALE_PRICE", journalled.Reason);
        Assert.Equal((quote.BookSequence, 3000L, (decimal?)null), (journalled.Quote!.BookSequence, journalled.Quote.AgeMilliseconds, journalled.Quote.HalfSpread));
        Assert.Null(_desk.Engine.Statistics.Journal.Refusal("rf-unknown"));
    }

    [Fact]
    public async Task A_pending_order_rests_only_where_it_would_not_fire_at_once_and_holds_margin()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);

        var wrongSide = await _desk.Place(OrderType.BuyLimit, 1m, price: 1.09000m);
        var rests = await _desk.Place(OrderType.BuyLimit, 1m, price: 1.08000m);

        Assert.Equal(RefusalReason.InvalidPrice, wrongSide.Refusal);
        Assert.Equal(1.08525m, wrongSide.ExecutablePrice);
        Assert.Equal(OrderStatus.Pending, rests.Order!.Status);
        Assert.Equal(1.08000m, rests.Order.PendingPrice);
        Assert.Null(rests.Order.OpenPrice);
    }

    [Theory]
    [InlineData(OrderType.Buy, "1.08600", null)]
    [InlineData(OrderType.Buy, null, "1.08400")]
    [InlineData(OrderType.Sell, "1.08400", null)]
    [InlineData(OrderType.Sell, null, "1.08600")]
    public async Task A_stop_loss_or_take_profit_on_the_wrong_side_is_refused(OrderType type, string? stopLoss, string? takeProfit)
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);

        var refused = await _desk.Place(type, 1m, stopLoss: Parse(stopLoss), takeProfit: Parse(takeProfit));

        Assert.Equal(RefusalReason.InvalidPrice, refused.Refusal);
    }

    [Fact]
    public async Task A_close_realises_the_profit_at_the_closing_side_into_the_balance_and_a_partial_close_keeps_the_rest_open()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var opened = (await _desk.Place(OrderType.Buy, 1m, key: "open")).Order!;
        var later = _desk.Price("EURUSD", 1.08600m, 1.08620m);

        var partial = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Alice, opened.Id, "close-1", 0.4m), default);

        // 0.4 lot closes at 1.08595: (1.08595 − 1.08525) × 40,000 = 28.00, less 0.4 of the 7.00 commission.
        Assert.Equal(OrderStatus.Open, partial.Order!.Status);
        Assert.Equal(0.6m, partial.Order.Volume);
        Assert.Equal(25.20m, partial.Order.RealisedProfit);
        Assert.Equal(10_025.20m, (await _desk.Account()).WalletBalance);

        var rest = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Alice, opened.Id, "close-2"), default);

        Assert.Equal(OrderStatus.Closed, rest.Order!.Status);
        Assert.Equal(1.08595m, rest.Order.ClosePrice);
        Assert.Equal(later.BookSequence, rest.Order.CloseQuote!.BookSequence);
        Assert.Equal(10_000m + 70m - 7m, (await _desk.Account()).WalletBalance);
        Assert.Empty((await _desk.Store.ReadAccountAsync(TradingDesk.Alice, default))!.ActiveOrders);
        Assert.Equal(OrderStatus.Closed, (await _desk.Store.ReadOrderAsync(TradingDesk.Alice, opened.Id, default))!.Status);
    }

    [Fact]
    public async Task A_close_on_a_stale_price_is_refused_and_the_position_stays_open()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var opened = (await _desk.Place(OrderType.Buy, 1m)).Order!;
        _desk.Time.Advance(TimeSpan.FromSeconds(5));

        var refused = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Alice, opened.Id, "c"), default);

        Assert.Equal(RefusalReason.StalePrice, refused.Refusal);
        Assert.Single((await _desk.Store.ReadAccountAsync(TradingDesk.Alice, default))!.ActiveOrders);
    }

    [Fact]
    public async Task A_yen_profit_is_realised_in_dollars_through_usdjpy()
    {
        _desk.Price("USDJPY", 151.400m, 151.420m);
        var opened = (await _desk.Place(OrderType.Buy, 0.5m, symbol: "USDJPY")).Order!;
        _desk.Price("USDJPY", 151.600m, 151.620m);

        var closed = await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Alice, opened.Id, "c"), default);

        // Opened at 151.425, closes at 151.595: 0.170 × 50,000 = 8,500 JPY ÷ 151.61 = 56.06; less 3.50 commission.
        Assert.Equal(151.425m, opened.OpenPrice);
        Assert.Equal(52.56m, closed.Order!.RealisedProfit);
    }

    [Fact]
    public async Task A_pending_order_is_cancelled_and_an_open_position_is_not()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var pending = (await _desk.Place(OrderType.SellLimit, 1m, price: 1.09000m)).Order!;
        var open = (await _desk.Place(OrderType.Buy, 1m)).Order!;

        var cancelled = await _desk.Engine.CancelAsync(new CancelOrder(TradingDesk.Alice, pending.Id, "x1"), default);
        var notCancelled = await _desk.Engine.CancelAsync(new CancelOrder(TradingDesk.Alice, open.Id, "x2"), default);

        Assert.Equal(OrderStatus.Cancelled, cancelled.Order!.Status);
        Assert.Equal(RefusalReason.InvalidState, notCancelled.Refusal);
    }

    [Fact]
    public async Task Stops_are_changed_checked_and_removed()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var open = (await _desk.Place(OrderType.Buy, 1m)).Order!;

        var set = await _desk.Engine.ModifyAsync(new ModifyOrder(TradingDesk.Alice, open.Id, "m1", StopLoss: 1.08000m, TakeProfit: 1.09000m), default);
        var wrong = await _desk.Engine.ModifyAsync(new ModifyOrder(TradingDesk.Alice, open.Id, "m2", StopLoss: 1.08600m), default);
        var removed = await _desk.Engine.ModifyAsync(new ModifyOrder(TradingDesk.Alice, open.Id, "m3", StopLoss: 0m), default);

        Assert.Equal((1.08000m, 1.09000m), (set.Order!.StopLoss!.Value, set.Order.TakeProfit!.Value));
        Assert.Equal(RefusalReason.InvalidPrice, wrong.Refusal);
        Assert.Null(removed.Order!.StopLoss);
        Assert.Equal(1.09000m, removed.Order.TakeProfit);
    }

    [Fact]
    public async Task A_provider_routed_account_is_refused_while_no_provider_link_is_connected_and_a_demo_account_always_fills_locally()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var demo = new AccountId(UserType.Demo, 7);
        await _desk.Store.PutAccountAsync((await _desk.Account()) with { Route = ExecutionRoute.Provider }, default);
        await _desk.Store.PutAccountAsync(new TradingAccount { Id = demo, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard", Route = ExecutionRoute.Provider }, default);

        var live = await _desk.Place(OrderType.Buy, 1m);
        var local = await _desk.Engine.PlaceAsync(new PlaceOrder { Account = demo, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "d" }, default);

        Assert.Equal(RefusalReason.ProviderUnavailable, live.Refusal);
        Assert.Equal(ExecutionRoute.Local, local.Order!.Route);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_their_reason()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);

        Assert.Equal(RefusalReason.InvalidVolume, (await _desk.Place(OrderType.Buy, 0.001m)).Refusal);
        Assert.Equal(RefusalReason.UnknownSymbol, (await _desk.Place(OrderType.Buy, 1m, symbol: "NOPE")).Refusal);
        Assert.Equal(RefusalReason.UnknownSymbol, (await _desk.Place(OrderType.Buy, 1m, symbol: "XAUUSD")).Refusal);
        Assert.Equal(RefusalReason.InvalidRequest, (await _desk.Place(OrderType.Buy, 1m, key: " ")).Refusal);
        var stranger = await _desk.Engine.PlaceAsync(new PlaceOrder { Account = new AccountId(UserType.Live, 99), Symbol = "EURUSD", Type = OrderType.Buy, Volume = 1m, IdempotencyKey = "s" }, default);
        Assert.Equal(RefusalReason.UnknownAccount, stranger.Refusal);
        Assert.Equal(RefusalReason.OrderNotFound, (await _desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Alice, "missing", "c"), default)).Refusal);
    }

    private static decimal? Parse(string? text) => text is null ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
