using Microsoft.Extensions.Time.Testing;
using Tickwatch.Market.Cluster;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Tests.Cluster;

namespace Tickwatch.Market.Tests.Cluster;

/// <summary>Per feed: written here, standby for the instance that holds it, or held by nobody; single mode writes every feed.</summary>
public sealed class FeedRolesUnitTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Single_mode_writes_every_feed_without_reading_the_store()
    {
        var store = new CuttableLeaseStore(new InMemoryLeaseStore(_time));
        store.Cut();
        var roles = new FeedRoles(new FakeLeaseHolder("market-a", ClusterMode.Single), store);

        var of = await roles.OfAsync(["json", "binary"], default);

        Assert.All(of.Values, r => Assert.Equal(new FeedRole(FeedRoleKind.Writer, "market-a"), r));
    }

    [Fact]
    public async Task Leased_mode_tells_the_writer_the_standby_and_the_unheld_feed_apart()
    {
        var store = new InMemoryLeaseStore(_time);
        Assert.NotNull(await store.TryAcquireAsync(LeaseName.Feed("json"), "market-a", Ttl, 0, default));
        Assert.NotNull(await store.TryAcquireAsync(LeaseName.Feed("binary"), "market-b", Ttl, 0, default));
        var roles = new FeedRoles(new FakeLeaseHolder("market-a", ClusterMode.Leased, LeaseName.Feed("json")), store);

        var of = await roles.OfAsync(["json", "binary", "fix"], default);

        Assert.Equal(new FeedRole(FeedRoleKind.Writer, "market-a"), of["json"]);
        Assert.Equal(new FeedRole(FeedRoleKind.Standby, "market-b"), of["binary"]);
        Assert.Equal(new FeedRole(FeedRoleKind.Unheld, null), of["fix"]);
        Assert.Equal(["writer", "standby", "unheld"], new[] { of["json"].Name, of["binary"].Name, of["fix"].Name });
    }

    [Fact]
    public async Task A_lease_expired_in_the_store_leaves_the_feed_unheld()
    {
        var store = new InMemoryLeaseStore(_time);
        Assert.NotNull(await store.TryAcquireAsync(LeaseName.Feed("binary"), "market-b", Ttl, 0, default));
        var roles = new FeedRoles(new FakeLeaseHolder("market-a"), store);
        Assert.Equal(FeedRoleKind.Standby, (await roles.OfAsync("binary", default)).Kind);

        _time.Advance(Ttl + TimeSpan.FromMilliseconds(1));

        Assert.Equal(new FeedRole(FeedRoleKind.Unheld, null), await roles.OfAsync("binary", default));
    }

    [Fact]
    public async Task An_unreadable_store_leaves_the_role_unknown_not_standby()
    {
        var store = new CuttableLeaseStore(new InMemoryLeaseStore(_time));
        store.Cut();
        var roles = new FeedRoles(new FakeLeaseHolder("market-a"), store);

        Assert.Equal(new FeedRole(FeedRoleKind.Unknown, null), await roles.OfAsync("binary", default));
    }
}
