using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Tests.Contract;
using Tickwatch.Storage.Tests.Prices;

namespace Tickwatch.Storage.Tests;

/// <summary>The in-memory store passes the store contract.</summary>
public sealed class InMemoryPriceStoreContractUnitTests : PriceStoreContract
{
    private readonly InMemoryPriceAnnouncements _hub = new();
    private readonly InMemoryOldPriceKeys _oldKeys = new();

    protected override IPriceStore Store { get; } = new InMemoryPriceStore(TimeProvider.System);

    protected override IPriceAnnouncer Publisher => _hub;

    protected override IPriceAnnouncementSubscriber Subscriber => _hub;

    protected override IOldPriceKeys OldKeys => _oldKeys;

    protected override Task PutOldKeyAsync(StoredPrice price)
    {
        _oldKeys.Put(price);
        return Task.CompletedTask;
    }

    protected override Task<bool> OldKeyExistsAsync(string symbol) => Task.FromResult(_oldKeys.Exists(symbol));
}
