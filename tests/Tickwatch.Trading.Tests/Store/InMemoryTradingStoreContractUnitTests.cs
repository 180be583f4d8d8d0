using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Store;

public sealed class InMemoryTradingStoreContractUnitTests : TradingStoreContract
{
    private readonly InMemoryTradingStore _store = new(orderEventsRetained: OrderEventsRetained);

    protected override ITradingStore Store => _store;

    protected override IOrderEventStream OrderEvents => _store;
}
