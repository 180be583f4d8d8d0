using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Seed;

public sealed class TradingSeedServiceUnitTests
{
    [Fact]
    public async Task A_store_that_is_down_at_start_is_seeded_once_it_answers()
    {
        var time = new FakeTimeProvider();
        var store = new DownAtFirstStore();
        using var service = new TradingSeedService(store, Options.Create(new TradingOptions()), time, NullLogger<TradingSeedService>.Instance);

        await service.StartAsync(default);
        await Eventually.UntilAsync(() => service.LastError is not null, "the first attempt failed");
        Assert.False(service.Done);

        store.Up = true;

        // The retry's delay may start after the failure is seen: time moves on until the retry has run.
        await Eventually.UntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return service.Done;
            },
            "the seed is applied after the retry delay");

        Assert.NotNull(await store.ReadAccountAsync(AccountId.Parse("demo:1"), default));
        Assert.Null(service.LastError);
        await service.StopAsync(default);
    }

    [Fact]
    public async Task Seeding_off_writes_nothing()
    {
        var store = new InMemoryTradingStore();
        using var service = new TradingSeedService(store, Options.Create(new TradingOptions { SeedOnStart = false }), TimeProvider.System, NullLogger<TradingSeedService>.Instance);

        await service.StartAsync(default);
        await Eventually.UntilAsync(() => service.Done, "the service finished");

        Assert.Empty(await store.ListAccountsAsync(default));
        await service.StopAsync(default);
    }

    private sealed class DownAtFirstStore : ITradingStore
    {
        private readonly InMemoryTradingStore _inner = new();

        public volatile bool Up;

        public Task<AccountState?> ReadAccountAsync(AccountId account, CancellationToken cancellationToken) => Check() ?? _inner.ReadAccountAsync(account, cancellationToken);

        public Task PutAccountAsync(Accounts.TradingAccount account, CancellationToken cancellationToken) => _inner.PutAccountAsync(account, cancellationToken);

        public Task<IReadOnlyList<AccountId>> ListAccountsAsync(CancellationToken cancellationToken) => _inner.ListAccountsAsync(cancellationToken);

        public Task<GroupSymbolTerms?> ReadTermsAsync(string group, string symbol, CancellationToken cancellationToken) => _inner.ReadTermsAsync(group, symbol, cancellationToken);

        public Task PutTermsAsync(GroupSymbolTerms terms, CancellationToken cancellationToken) =>
            Up ? _inner.PutTermsAsync(terms, cancellationToken) : throw new TradingStoreException("the cluster is down");

        public Task<IReadOnlyList<GroupSymbolTerms>> ListTermsAsync(CancellationToken cancellationToken) => _inner.ListTermsAsync(cancellationToken);

        public Task<Orders.Order?> ReadOrderAsync(AccountId account, string orderId, CancellationToken cancellationToken) => _inner.ReadOrderAsync(account, orderId, cancellationToken);

        public Task<string?> ReadPriorResultAsync(AccountId account, string idempotencyKey, CancellationToken cancellationToken) => _inner.ReadPriorResultAsync(account, idempotencyKey, cancellationToken);

        public Task<CommitOutcome> CommitAsync(AccountCommit commit, CancellationToken cancellationToken) => _inner.CommitAsync(commit, cancellationToken);

        private Task<AccountState?>? Check() => Up ? null : throw new TradingStoreException("the cluster is down");
    }
}
