using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Contract;

/// <summary>What every lease store must do; compiled into both test tiers (in memory here, Redis in Tickwatch.IntegrationTests).</summary>
/// <remarks>Each test uses lease names of its own, so a store shared between tests needs no cleaning.</remarks>
public abstract class LeaseStoreContract
{
    protected static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    protected abstract ILeaseStore Store { get; }

    /// <summary>Lets a lease granted for <paramref name="ttl"/> expire in the store (a fake clock moves, or the test waits for it).</summary>
    protected abstract Task ExpireAsync(LeaseName name, TimeSpan ttl);

    [Fact]
    public async Task A_free_lease_is_granted_to_one_instance_and_refused_to_another()
    {
        var name = NewName();

        var a = await Store.TryAcquireAsync(name, "a", Ttl, 0, default);
        var b = await Store.TryAcquireAsync(name, "b", Ttl, 0, default);

        Assert.NotNull(a);
        Assert.Null(b);
        Assert.True(a.Token > 0);
        var state = await Store.ReadAsync(name, default);
        Assert.Equal("a", state.Holder);
        Assert.Equal(a.Token, state.Token);
        Assert.InRange(state.RemainingTtl!.Value, TimeSpan.FromSeconds(1), Ttl);
    }

    [Fact]
    public async Task Tokens_rise_with_every_grant_and_a_release_frees_the_lease_at_once()
    {
        var name = NewName();
        var first = await Store.TryAcquireAsync(name, "a", Ttl, 0, default);

        await Store.ReleaseAsync(first!, default);
        var second = await Store.TryAcquireAsync(name, "b", Ttl, 0, default);

        Assert.NotNull(second);
        Assert.True(second.Token > first!.Token);
        Assert.Equal("b", (await Store.ReadAsync(name, default)).Holder);
    }

    [Fact]
    public async Task Only_the_grant_held_renews_or_releases()
    {
        var name = NewName();
        var old = await Store.TryAcquireAsync(name, "a", Ttl, 0, default);
        await Store.ReleaseAsync(old!, default);
        var current = await Store.TryAcquireAsync(name, "b", Ttl, 0, default);

        Assert.False(await Store.RenewAsync(old!, Ttl, default));
        await Store.ReleaseAsync(old!, default);
        Assert.Equal("b", (await Store.ReadAsync(name, default)).Holder);
        Assert.True(await Store.RenewAsync(current!, Ttl, default));
    }

    [Fact]
    public async Task The_holder_that_acquires_again_gets_a_new_higher_token()
    {
        var name = NewName();
        var first = await Store.TryAcquireAsync(name, "a", Ttl, 0, default);

        var again = await Store.TryAcquireAsync(name, "a", Ttl, 0, default);

        Assert.NotNull(again);
        Assert.True(again.Token > first!.Token);
        Assert.False(await Store.RenewAsync(first, Ttl, default));
    }

    [Fact]
    public async Task A_token_floor_raises_the_next_token_above_it()
    {
        var name = NewName();
        var first = await Store.TryAcquireAsync(name, "a", Ttl, 0, default);
        await Store.ReleaseAsync(first!, default);

        var raised = await Store.TryAcquireAsync(name, "b", Ttl, 1000, default);
        await Store.ReleaseAsync(raised!, default);
        var next = await Store.TryAcquireAsync(name, "a", Ttl, 0, default);

        Assert.Equal(1001, raised!.Token);
        Assert.Equal(1002, next!.Token);
    }

    [Fact]
    public async Task An_expired_lease_is_free_and_its_grant_no_longer_renews()
    {
        var name = NewName();
        var ttl = TimeSpan.FromMilliseconds(200);
        var a = await Store.TryAcquireAsync(name, "a", ttl, 0, default);

        await ExpireAsync(name, ttl);
        var b = await Store.TryAcquireAsync(name, "b", Ttl, 0, default);

        Assert.NotNull(b);
        Assert.True(b.Token > a!.Token);
        Assert.False(await Store.RenewAsync(a, Ttl, default));
    }

    [Fact]
    public async Task Two_instances_racing_for_a_lease_never_hold_it_at_once()
    {
        var name = NewName();
        var lastToken = 0L;
        for (var round = 0; round < RaceRounds; round++)
        {
            var attempts = await Task.WhenAll(
                Task.Run(() => Store.TryAcquireAsync(name, "a", Ttl, 0, default)),
                Task.Run(() => Store.TryAcquireAsync(name, "b", Ttl, 0, default)));

            var winner = Assert.Single(attempts, g => g is not null)!;
            Assert.True(winner.Token > lastToken);
            lastToken = winner.Token;
            var loser = winner.Holder == "a" ? "b" : "a";
            Assert.False(await Store.RenewAsync(winner with { Holder = loser }, Ttl, default));
            Assert.True(await Store.RenewAsync(winner, Ttl, default));
            await Store.ReleaseAsync(winner, default);
        }
    }

    /// <summary>Rounds of <see cref="Two_instances_racing_for_a_lease_never_hold_it_at_once"/>.</summary>
    protected virtual int RaceRounds => 200;

    protected static LeaseName NewName() => LeaseName.Job("test_" + Guid.NewGuid().ToString("N")[..12]);
}
