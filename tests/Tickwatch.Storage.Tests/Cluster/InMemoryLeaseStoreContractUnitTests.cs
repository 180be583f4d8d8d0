using Microsoft.Extensions.Time.Testing;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Tests.Contract;

namespace Tickwatch.Storage.Tests.Cluster;

public sealed class InMemoryLeaseStoreContractUnitTests : LeaseStoreContract
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryLeaseStore _store;

    public InMemoryLeaseStoreContractUnitTests()
    {
        _store = new InMemoryLeaseStore(_time);
    }

    protected override ILeaseStore Store => _store;

    protected override Task ExpireAsync(LeaseName name, TimeSpan ttl)
    {
        _time.Advance(ttl + TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_lease_held_until_a_moment_before_its_ttl_is_still_refused_to_others()
    {
        var name = NewName();
        await _store.TryAcquireAsync(name, "a", TimeSpan.FromSeconds(2), 0, default);

        _time.Advance(TimeSpan.FromMilliseconds(1999));

        Assert.Null(await _store.TryAcquireAsync(name, "b", Ttl, 0, default));
        Assert.Equal(TimeSpan.FromMilliseconds(1), (await _store.ReadAsync(name, default)).RemainingTtl);
    }

    [Fact]
    public async Task After_the_token_counter_is_lost_only_the_floor_keeps_tokens_rising()
    {
        var name = NewName();
        var first = await _store.TryAcquireAsync(name, "a", Ttl, 0, default);
        await _store.ReleaseAsync(first!, default);
        _store.LoseTokenCounters();

        var regressed = await _store.TryAcquireAsync(name, "b", Ttl, 0, default);
        await _store.ReleaseAsync(regressed!, default);
        var floored = await _store.TryAcquireAsync(name, "b", Ttl, first!.Token, default);

        Assert.Equal(first.Token, regressed!.Token);
        Assert.True(floored!.Token > first.Token);
    }
}
