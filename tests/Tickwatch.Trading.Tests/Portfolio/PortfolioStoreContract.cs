using System.Collections.Concurrent;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.Trading.Tests.Portfolio;

/// <summary>
/// What every <see cref="IPortfolioStore"/> does, the embedded one and Redis Cluster alike: the suite each implementation's
/// test class inherits. Each test uses accounts and symbols of its own, so a shared store between tests does no harm.
/// </summary>
public abstract class PortfolioStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, 250, TimeSpan.Zero);

    protected abstract IPortfolioStore Store { get; }

    public static AccountPortfolio Valued(AccountId account) => new()
    {
        Account = account,
        Balance = 10_000.00m,
        ComputedAt = At,
        Equity = 10_063.00m,
        FreeMargin = 8977.75m,
        UsedMargin = 1085.25m,
        UsedMarginExecuted = 1085.25m,
        MarginLevel = 927.25m,
        OpenPnl = 70.00m,
        TotalPnl = 63.00m,
        QuoteSequences = new Dictionary<string, long>(StringComparer.Ordinal) { ["EURUSD"] = 981, ["USDJPY"] = 55 },
    };

    [Fact]
    public async Task A_portfolio_reads_back_exactly_as_it_was_written()
    {
        var id = TradingStoreContract.NewAccountId();
        await Store.WriteAsync(Valued(id), default);

        var read = (await Store.ReadAsync(id, default))!;

        Assert.Equivalent(Valued(id), read, strict: true);
        Assert.Equal("10063.00", read.Equity!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ok", read.CalcStatus);
        Assert.Null(await Store.ReadAsync(TradingStoreContract.NewAccountId(), default));
    }

    [Fact]
    public async Task Figures_a_later_portfolio_lacks_are_gone_not_left_old_or_zero()
    {
        var id = TradingStoreContract.NewAccountId();
        await Store.WriteAsync(Valued(id), default);

        await Store.WriteAsync(Valued(id) with { UsedMargin = 0m, UsedMarginExecuted = 0m, MarginLevel = null }, default);
        var noMargin = (await Store.ReadAsync(id, default))!;
        await Store.WriteAsync(
            new AccountPortfolio
            {
                Account = id,
                Balance = 10_000.00m,
                ComputedAt = At.AddSeconds(1),
                DegradedSymbols = new Dictionary<string, RefusalReason>(StringComparer.Ordinal) { ["USDJPY"] = RefusalReason.StalePrice, ["EURUSD"] = RefusalReason.MarketClosed },
            },
            default);
        var degraded = (await Store.ReadAsync(id, default))!;

        Assert.Null(noMargin.MarginLevel);
        Assert.Equal(0m, noMargin.UsedMargin);
        Assert.Equal("degraded", degraded.CalcStatus);
        Assert.Equal("EURUSD:MARKET_CLOSED,USDJPY:STALE_PRICE", degraded.DegradedText());
        Assert.Equal((null, null, null, null, null, null, null), (degraded.Equity, degraded.FreeMargin, degraded.UsedMargin, degraded.UsedMarginExecuted, degraded.MarginLevel, degraded.OpenPnl, degraded.TotalPnl));
        Assert.Empty(degraded.QuoteSequences);
        Assert.Equal(At.AddSeconds(1), degraded.ComputedAt);
    }

    [Fact]
    public async Task A_write_is_announced_as_the_account()
    {
        var id = TradingStoreContract.NewAccountId();
        var announced = new ConcurrentQueue<AccountId>();
        await using (await Store.SubscribeUpdatesAsync(announced.Enqueue, default))
        {
            await Store.WriteAsync(Valued(id), default);
            await Eventually.UntilAsync(() => announced.Contains(id), "the write is announced");
        }
    }

    [Fact]
    public async Task Holders_are_added_removed_and_read_per_symbol_across_user_types()
    {
        var live = TradingStoreContract.NewAccountId();
        var demo = new AccountId(UserType.Demo, live.Number);
        string[] symbols = ["XAUUSD", "EURUSD"];
        await Store.AddHolderAsync(live, symbols, default);
        await Store.AddHolderAsync(demo, ["XAUUSD"], default);

        var both = await Store.ReadHoldersAsync(symbols, default);
        await Store.RemoveHolderAsync(live, symbols, default);
        var after = await Store.ReadHoldersAsync(symbols, default);

        Assert.Contains(live, both["XAUUSD"]);
        Assert.Contains(demo, both["XAUUSD"]);
        Assert.Contains(live, both["EURUSD"]);
        Assert.DoesNotContain(live, after.GetValueOrDefault("XAUUSD") ?? new HashSet<AccountId>());
        Assert.Contains(demo, after["XAUUSD"]);
        Assert.DoesNotContain(live, after.GetValueOrDefault("EURUSD") ?? new HashSet<AccountId>());
    }

    [Fact]
    public async Task A_recompute_request_reaches_its_subscribers_with_the_users()
    {
        var a = TradingStoreContract.NewAccountId();
        var b = new AccountId(UserType.CopyFollower, a.Number);
        var requests = new ConcurrentQueue<IReadOnlyList<AccountId>>();
        await using (await Store.SubscribeRecalcAsync(requests.Enqueue, default))
        {
            await Store.RequestRecalcAsync([a, b], default);
            await Eventually.UntilAsync(() => requests.Any(r => r.Contains(a)), "the request arrives");
        }

        Assert.Equal([a, b], requests.First(r => r.Contains(a)));
    }
}
