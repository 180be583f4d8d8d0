using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Market.Tests.Ledger;

/// <summary>
/// The market service started with an empty (in-memory) trading store on a SQLite ledger that holds accounts restores
/// them at their ledger revisions instead of seeding demo accounts at revision 1: orders and triggers are back, the
/// reconciliation agrees, and the next order reaches the ledger (the defect of a <c>tickwatch up</c> restart).
/// </summary>
public sealed class LedgerRestoreAtStartTests : IAsyncLifetime
{
    private static readonly AccountId Demo = new(UserType.Demo, 1);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tickwatch-ledger-restart-" + Guid.NewGuid().ToString("N"));
    private RunningSystem? _system;

    private string File => Path.Combine(_folder, "ledger.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_restart_on_the_same_ledger_file_restores_the_accounts_instead_of_seeding_them()
    {
        _system = await StartAsync();
        var (status, position) = await _system.PlaceOrderAsync(Demo.ToString(), new { symbol = "EURUSD", type = "BUY", volume = "0.10", stop_loss = "0.50000" });
        Assert.Equal(HttpStatusCode.Created, status);
        (status, var resting) = await _system.PlaceOrderAsync(Demo.ToString(), new { symbol = "EURUSD", type = "BUY_LIMIT", volume = "0.20", price = "0.90000" });
        Assert.Equal(HttpStatusCode.Created, status);
        var first = Services(_system).GetRequiredService<ITradingStore>();
        var before = (await first.ReadAccountAsync(Demo, default))!;
        await using (var reader = new SqliteLedgerStore(File, TimeProvider.System))
        {
            await Eventually.ValueAsync(
                () => reader.ReadAccountAsync(Demo, default),
                a => a?.Position?.Revision == before.Revision,
                "the writer has put both orders in the ledger");
        }

        await _system.DisposeAsync();
        _system = await StartAsync();
        var services = Services(_system);
        var seed = services.GetServices<IHostedService>().OfType<TradingSeedService>().Single();
        await Eventually.UntilAsync(() => seed.Done, "the seed (after the restore) is done");
        var after = (await services.GetRequiredService<ITradingStore>().ReadAccountAsync(Demo, default))!;

        Assert.True(seed.Restored);
        Assert.Equal((before.Account, before.Revision), (after.Account, after.Revision));
        // The ledger keeps times to the microsecond, the system clock finer: the orders come back at the ledger's precision.
        Assert.Equal(Figures(before), Figures(after));
        var triggers = services.GetRequiredService<TriggerService>();
        await Eventually.UntilAsync(
            () => triggers.GetStatistics() is { ArmedPending: 1, ArmedStopLoss: 1 },
            "the restored pending order and stop-loss are armed");

        var reconciled = await _system.MarketHttp.PostAsync(new Uri("/api/debug/ledger/reconciliation", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, reconciled.StatusCode);
        var ledger = await _system.GetMarketJsonAsync("/api/debug/ledger");
        var last = ledger["reconciliation"]!["last"]!;
        Assert.Equal(0, last["drifting"]!.GetValue<int>());
        Assert.True(last["in_agreement"]!.GetValue<int>() >= 1);
        var metrics = await _system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Matches(@"tickwatch_ledger_reconciliation_drifting_accounts(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_ledger_reconciliation_last_run_age_seconds(\{\})? \d", metrics);
        Assert.Matches(@"tickwatch_ledger_reconciliation_failures_total(\{\})? 0\n", metrics);

        // The next change is numbered above the ledger's position, so the writer takes it as new, not as a duplicate.
        (status, var next) = await _system.PlaceOrderAsync(Demo.ToString(), new { symbol = "EURUSD", type = "BUY", volume = "0.10" });
        Assert.Equal(HttpStatusCode.Created, status);
        await using var books = new SqliteLedgerStore(File, TimeProvider.System);
        await Eventually.ValueAsync(
            () => books.ReadOpenPositionsAsync(Demo, default),
            positions => positions.Any(o => o.Id == next["order_id"]!.GetValue<string>()),
            "the order after the restart is in the ledger");
        Assert.Contains(position["order_id"]!.GetValue<string>(), (await books.ReadOpenPositionsAsync(Demo, default)).Select(o => o.Id));
        Assert.Equal([resting["order_id"]!.GetValue<string>()], (await books.ReadPendingOrdersAsync(Demo, default)).Select(o => o.Id));
        Assert.Empty(services.GetRequiredService<LedgerWriter>().Report().Poison);
        Assert.Equal(0, services.GetRequiredService<LedgerWriter>().Report().Duplicates);
    }

    private static IServiceProvider Services(RunningSystem system) => system.Market.Services;

    private static List<string> Figures(AccountState state) =>
    [
        .. state.ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => string.Join(
            ' ', o.Id, o.Type, o.Status, o.Volume, o.OpenPrice, o.PendingPrice, o.StopLoss, o.TakeProfit, o.CreatedAt.UtcTicks / 10, o.OpenQuote?.Bid, o.OpenQuote?.BookSequence)),
    ];

    private async Task<RunningSystem> StartAsync()
    {
        var system = await RunningSystem.StartAsync(new Dictionary<string, string?> { ["Ledger:Enabled"] = "true", ["Ledger:Path"] = File });
        await system.WaitUntilHealthyAsync();
        return system;
    }
}
