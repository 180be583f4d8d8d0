using BenchmarkDotNet.Attributes;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Benchmarks;

/// <summary>
/// The ledger writer's batch on the embedded SQLite ledger (a file in a temporary folder): 500 events of 100 accounts,
/// each account opening two positions, closing one whole and the other in part, and taking a deposit. At 1,000
/// orders/s the writer must apply a batch like this well within a second (issue 14), so it is timed per batch.
/// </summary>
public class LedgerWriteBenchmarks
{
    private const int Accounts = 100;
    private const int EventsPerAccount = 5;
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private string _folder = null!;
    private SqliteLedgerStore _store = null!;
    private AccountId[] _accounts = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tickwatch-ledger-bench-" + Guid.NewGuid().ToString("N"));
        _store = new SqliteLedgerStore(Path.Combine(_folder, "ledger.db"), TimeProvider.System);
        _store.MigrateAsync(default).GetAwaiter().GetResult();
        _accounts = [.. Enumerable.Range(0, Accounts).Select(i => AccountId.Parse("live:" + (10_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)))];

        // A first round makes the accounts' rows, so each measured batch finds its accounts and positions in place.
        _store.WriteAsync(Batch(), default).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One batch of 500 fresh events (each round's revisions follow the last round's).</summary>
    [Benchmark]
    public int WriteBatch() => _store.WriteAsync(Batch(), default).GetAwaiter().GetResult().Applied;

    private LedgerEvent[] Batch()
    {
        var round = _round++;
        var at = Start.AddSeconds(round);
        var events = new LedgerEvent[Accounts * EventsPerAccount];
        for (var a = 0; a < Accounts; a++)
        {
            var account = _accounts[a];
            var revision = 1 + ((long)round * EventsPerAccount);
            var whole = OrderOf(account, $"w-{round}", at);
            var partial = OrderOf(account, $"p-{round}", at);
            var i = a * EventsPerAccount;
            events[i] = LedgerEvent.OfBalance(new LedgerEventId(account, revision, 0), at, new BalanceChange(BalanceOperationKind.Deposit, 1_000m));
            events[i + 1] = LedgerEvent.OfOrder(new LedgerEventId(account, revision + 1, 0), "order_filled", at, whole);
            events[i + 2] = LedgerEvent.OfOrder(new LedgerEventId(account, revision + 2, 0), "order_filled", at, partial);
            events[i + 3] = LedgerEvent.OfOrder(
                new LedgerEventId(account, revision + 3, 0),
                "order_closed",
                at,
                whole with { Status = OrderStatus.Closed, Commission = 0m, Swap = 0m, RealisedProfit = 12.34m, ClosePrice = 1.08625m, ClosedAt = at, CloseQuote = whole.OpenQuote });
            events[i + 4] = LedgerEvent.OfOrder(
                new LedgerEventId(account, revision + 4, 0),
                "order_partially_closed",
                at,
                partial with { Volume = 0.60m, Commission = 2.40m, RealisedProfit = 4.10m, ClosePrice = 1.08625m, CloseQuote = partial.OpenQuote });
        }

        return events;
    }

    private static Order OrderOf(AccountId account, string id, DateTimeOffset at) => new()
    {
        Id = id,
        Account = account,
        Symbol = "EURUSD",
        Type = OrderType.Buy,
        Status = OrderStatus.Open,
        Volume = 1.00m,
        Group = "Standard",
        Route = ExecutionRoute.Local,
        CreatedAt = at,
        OpenPrice = 1.08525m,
        OpenedAt = at,
        StopLoss = 1.07000m,
        Commission = 4.00m,
        Swap = -0.42m,
        OpenQuote = new QuoteLineage(1.08500m, 1.08520m, 981, "json", at.AddMilliseconds(-100), at, 122, 0.00005m),
        ClientQuote = new ClientQuote(1.08520m, 977, 0.00030m),
    };
}
