using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Store;

public sealed class InMemoryTradingStoreContractUnitTests : TradingStoreContract
{
    protected override ITradingStore Store { get; } = new InMemoryTradingStore();
}
