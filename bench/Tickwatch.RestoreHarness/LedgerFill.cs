using System.Diagnostics;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;

namespace Tickwatch.RestoreHarness;

/// <summary>Writes the accounts and their orders into the ledger as the writer would: per account its put (configuration and deposit), then one fill per order.</summary>
internal static class LedgerFill
{
    private const int Batch = 5_000;

    public static AccountId Account(int i) => new(UserType.Live, 900_000_000 + i);

    public static async Task<TimeSpan> FillAsync(ILedgerStore ledger, RestoreSettings settings, DateTimeOffset at)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = new List<LedgerEvent>(Batch + 64);
        for (var a = 0; a < settings.Accounts; a++)
        {
            var id = Account(a);
            var account = new TradingAccount { Id = id, WalletBalance = 0m, Leverage = 100m, Group = "Standard" };
            batch.Add(LedgerEvent.OfAccount(new LedgerEventId(id, 1, 0), at, account));
            batch.Add(LedgerEvent.OfBalance(new LedgerEventId(id, 1, 1), at, new BalanceChange(BalanceOperationKind.Deposit, 100_000m + a)));
            var revision = 1L;
            foreach (var order in Orders(id, a, settings, at))
            {
                batch.Add(LedgerEvent.OfOrder(new LedgerEventId(id, ++revision, 0), order.OpenPrice is null ? "order_placed" : "order_filled", at, order));
            }

            if (batch.Count >= Batch)
            {
                await ledger.WriteAsync(batch, default).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await ledger.WriteAsync(batch, default).ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static IEnumerable<Order> Orders(AccountId id, int a, RestoreSettings settings, DateTimeOffset at)
    {
        // Spread evenly: account a gets its share of positions and pending orders (the first ones one more when it does not divide).
        var positions = (settings.Positions / settings.Accounts) + (a < settings.Positions % settings.Accounts ? 1 : 0);
        var pending = (settings.Pending / settings.Accounts) + (a < settings.Pending % settings.Accounts ? 1 : 0);
        for (var p = 0; p < positions; p++)
        {
            yield return new Order
            {
                Id = $"p{a}x{p}",
                Account = id,
                Symbol = "EURUSD",
                Type = p % 2 == 0 ? OrderType.Buy : OrderType.Sell,
                Status = OrderStatus.Open,
                Volume = 0.1m * (p + 1),
                Group = "Standard",
                Route = ExecutionRoute.Local,
                CreatedAt = at,
                OpenPrice = 1.08500m + (p * 0.0001m),
                OpenedAt = at,
                StopLoss = p % 2 == 0 ? 1.05000m : 1.12000m,
            };
        }

        for (var p = 0; p < pending; p++)
        {
            yield return new Order
            {
                Id = $"q{a}x{p}",
                Account = id,
                Symbol = "EURUSD",
                Type = OrderType.BuyLimit,
                Status = OrderStatus.Pending,
                Volume = 0.2m,
                Group = "Standard",
                Route = ExecutionRoute.Local,
                CreatedAt = at,
                PendingPrice = 1.07000m - (p * 0.0001m),
            };
        }
    }
}
