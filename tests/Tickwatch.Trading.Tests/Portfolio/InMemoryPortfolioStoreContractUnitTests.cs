using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Trading.Tests.Portfolio;

public sealed class InMemoryPortfolioStoreContractUnitTests : PortfolioStoreContract
{
    protected override IPortfolioStore Store { get; } = new InMemoryPortfolioStore();
}
