using System.Text;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>The portfolio channel's messages, letter for letter: the wire format clients code against.</summary>
public sealed class AccountMessagesUnitTests
{
    private static readonly AccountId Bob = new(UserType.Demo, 7);

    [Fact]
    public void A_valued_portfolio_carries_its_figures_with_the_account_routes_names_and_exact_decimals()
    {
        var message = AccountMessages.Portfolio(AccountChanges.Valued(Bob));

        Assert.Equal(
            """{"type":"portfolio","portfolio":{"account":"demo:7","calc_status":"ok","degraded_symbols":{},"balance":10000.00,"equity":10063.00,"open_pnl":70.00,"total_pl":63.00,"used_margin":1085.25,"used_margin_executed":1085.25,"used_margin_all":1085.25,"free_margin":8977.75,"margin_level":927.25,"computed_at":"2026-12-02T12:00:00.25+00:00","quote_sequences":{"EURUSD":981}}}""",
            Encoding.UTF8.GetString(message.Json));
        Assert.Equal(AccountChanges.At, message.ComputedAt);
    }

    [Fact]
    public void A_degraded_portfolio_names_its_symbols_and_has_no_figures_never_zeros()
    {
        var message = AccountMessages.Portfolio(AccountChanges.Degraded(Bob));

        Assert.Equal(
            """{"type":"portfolio","portfolio":{"account":"demo:7","calc_status":"degraded","degraded_symbols":{"USDJPY":"STALE_PRICE"},"balance":10000.00,"computed_at":"2026-12-02T12:00:00.25+00:00","quote_sequences":{}}}""",
            Encoding.UTF8.GetString(message.Json));
    }

    [Fact]
    public void An_order_change_is_the_announcement_as_published()
    {
        var json = AccountMessages.Order(new OrderAnnouncement
        {
            Account = Bob,
            OrderId = "0193a1b2c3d4e5f6a7b8c9d0e1f2a3b4",
            Symbol = "EURUSD",
            Type = OrderType.Buy,
            Status = OrderStatus.Rejected,
            Volume = 0.10m,
            Price = 1.08525m,
            Time = AccountChanges.At,
            Reason = "STALE_PRICE",
        });

        Assert.Equal(
            """{"type":"order","order":{"account":"demo:7","order_id":"0193a1b2c3d4e5f6a7b8c9d0e1f2a3b4","symbol":"EURUSD","type":"BUY","status":"REJECTED","volume":0.10,"price":1.08525,"time":"2026-12-02T12:00:00.25+00:00","reason":"STALE_PRICE"}}""",
            Encoding.UTF8.GetString(json));
    }
}
