using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Tests.Contract;

namespace Tickwatch.Storage.Tests;

/// <summary>The in-memory store passes the store contract.</summary>
public sealed class InMemoryPriceStoreContractUnitTests : PriceStoreContract
{
    private readonly InMemoryPriceAnnouncements _hub = new();

    protected override IPriceStore Store { get; } = new InMemoryPriceStore(TimeProvider.System);

    protected override IPriceAnnouncer Publisher => _hub;

    protected override IPriceAnnouncementSubscriber Subscriber => _hub;
}
