using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Tests.Ledger;

namespace Tickwatch.Simulators.Tests.ProviderLink;

/// <summary>A provider request in flight survives the loss of the trading store: restored from the ledger, sent on connect to the real gateway.</summary>
public sealed class ProviderRestoreTests
{
    [Fact]
    public async Task A_close_committed_but_never_sent_is_restored_from_the_ledger_and_sent_on_connect_closing_the_position_once()
    {
        await using var ledger = new TemporaryLedger(TimeProvider.System);
        await using var gateway = await RunningExecGateway.StartAsync();
        gateway.Prices.Set("EURUSD", 1.08400m, 1.08412m);
        var first = ProviderDesk.Start(gateway.Link);
        first.Price("EURUSD", 1.08400m, 1.08412m);
        await first.WhenConnectedAsync();
        var id = (await first.Place(OrderType.Buy)).Order!.Id;
        await first.WhenSettledAsync();
        Assert.Equal(OrderStatus.Open, (await first.OrderAsync(id)).Status);
        await first.DisposeAsync();

        // The close is committed with its request, and the process dies before the request reaches the wire.
        var unsent = new UnsentProviderLink();
        var dying = new TradingEngine(
            first.Store, first.Book, Options.Create(new TradingOptions { MaxExecutionQuoteAge = TimeSpan.FromMinutes(1) }), TimeProvider.System,
            NullLogger<TradingEngine>.Instance, provider: unsent);
        var closing = await dying.CloseAsync(new CloseOrder(first.Trader, id, "close-before-the-crash"), default);
        Assert.True(closing.Accepted, closing.Detail);
        var request = closing.Order!.ProviderRequest!;
        Assert.Equal(1, unsent.Taken);

        // The ledger has every change; the store is lost and restored from it.
        var writer = new LedgerWriter((ITradingOutbox)first.Store, ledger.Store, Options.Create(new LedgerOptions()), TimeProvider.System, NullLogger<LedgerWriter>.Instance);
        Assert.True(await writer.StartAsync(default));
        Assert.False((await writer.RunOnceAsync(default)).Failed);
        var restored = new InMemoryTradingStore(TimeProvider.System);
        var report = await new LedgerRestore(ledger.Store, restored, Options.Create(new LedgerOptions()), TimeProvider.System, NullLogger<LedgerRestore>.Instance)
            .RestoreAsync(default);
        Assert.Equal((0, 1), (report.Skipped + report.Unrestorable, report.Positions));
        Assert.Equal(request, (await restored.ReadOrderAsync(first.Trader, id, default))!.ProviderRequest);

        // A new process on the restored store: its link sends the close on connect, the gateway executes it for the first time.
        await using var second = ProviderDesk.Start(gateway.Link, store: restored);
        second.Price("EURUSD", 1.08400m, 1.08412m);
        await second.WhenSettledAsync();

        var closed = await second.OrderAsync(id);
        Assert.Equal((OrderStatus.Closed, 1.08400m, (OutstandingRequest?)null), (closed.Status, closed.ClosePrice, closed.ProviderRequest));
        Assert.True(second.Link.Snapshot().Resent >= 1, $"resent {second.Link.Snapshot().Resent}");
        Assert.Equal(2, gateway.Engine.GetStatus().Reports.GetValueOrDefault("EXECUTED"));
        Assert.Equal(1, restored.Outbox(first.Trader).Count(e => e.Event.Kind == "order_closed"));
    }
}
