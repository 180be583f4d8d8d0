using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>An account's changes as the market service announces them: portfolios as its calculator stores them (valued, or degraded with no figures), and order changes.</summary>
internal static class AccountChanges
{
    public static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, 250, TimeSpan.Zero);

    /// <summary>A valued portfolio computed <paramref name="secondsLater"/> after <see cref="At"/>, its equity moved by as many dollars.</summary>
    public static AccountPortfolio Valued(AccountId account, int secondsLater = 0) => new()
    {
        Account = account,
        Balance = 10_000.00m,
        ComputedAt = At.AddSeconds(secondsLater),
        Equity = 10_063.00m + secondsLater,
        FreeMargin = 8977.75m + secondsLater,
        UsedMargin = 1085.25m,
        UsedMarginExecuted = 1085.25m,
        MarginLevel = 927.25m,
        OpenPnl = 70.00m + secondsLater,
        TotalPnl = 63.00m + secondsLater,
        QuoteSequences = new Dictionary<string, long>(StringComparer.Ordinal) { ["EURUSD"] = 981 + secondsLater },
    };

    /// <summary>A portfolio degraded by a stale USDJPY: its balance and the symbol, no figures.</summary>
    public static AccountPortfolio Degraded(AccountId account, int secondsLater = 0) => new()
    {
        Account = account,
        Balance = 10_000.00m,
        ComputedAt = At.AddSeconds(secondsLater),
        DegradedSymbols = new Dictionary<string, RefusalReason>(StringComparer.Ordinal) { ["USDJPY"] = RefusalReason.StalePrice },
    };

    /// <summary>A BUY of 0.10 EURUSD filled at 1.08525, in <paramref name="status"/> (closed at 1.08595 when CLOSED).</summary>
    public static OrderAnnouncement Order(AccountId account, string id, OrderStatus status = OrderStatus.Open) => new()
    {
        Account = account,
        OrderId = id,
        Symbol = "EURUSD",
        Type = OrderType.Buy,
        Status = status,
        Volume = 0.10m,
        Price = 1.08525m,
        ClosePrice = status == OrderStatus.Closed ? 1.08595m : null,
        Time = At,
    };
}
