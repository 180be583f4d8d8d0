using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Cluster;

public sealed class LeaseNameUnitTests
{
    [Fact]
    public void Names_read_as_keys_show_them_and_back()
    {
        Assert.Equal("feed:binary", LeaseName.Feed("binary").ToString());
        Assert.Equal("part:7", LeaseName.Partition(7).ToString());
        Assert.Equal("job:provider", LeaseName.Job(ClusterJobs.Provider).ToString());
        foreach (var name in new[] { LeaseName.Feed("binary"), LeaseName.Partition(15), LeaseName.Job(ClusterJobs.LedgerRestore) })
        {
            Assert.True(LeaseName.TryParse(name.ToString(), out var parsed));
            Assert.Equal(name, parsed);
        }

        Assert.False(LeaseName.TryParse("lease:x", out _));
        Assert.False(LeaseName.TryParse("feed:", out _));
    }

    [Fact]
    public void A_name_that_would_change_a_key_or_a_record_is_refused()
    {
        Assert.Throws<ArgumentException>(() => LeaseName.Feed("a}b"));
        Assert.Throws<ArgumentException>(() => LeaseName.Job("a|b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => LeaseName.Partition(-1));
    }

    [Fact]
    public void Lease_and_fence_keys_share_the_slot_of_what_they_guard()
    {
        Assert.Equal("lease:{feed:binary}", RedisKeys.Lease(RedisKeys.FeedLeaseName("binary")));
        Assert.Equal("lease_token:{part:7}", RedisKeys.LeaseToken(RedisKeys.PartitionLeaseName(7)));
        Assert.Equal("price_fence:{market:EURUSD}", RedisKeys.PriceFence("EURUSD"));
        Assert.Equal("cluster:instance:{market-a}", RedisKeys.ClusterInstance("market-a"));
        Assert.Equal(PartitionMap.HashSlot(RedisKeys.Lease("job:provider")), PartitionMap.HashSlot(RedisKeys.LeaseToken("job:provider")));
        Assert.Equal(PartitionMap.HashSlot(RedisKeys.MarketPrice("EURUSD")), PartitionMap.HashSlot(RedisKeys.PriceFence("EURUSD")));
        Assert.Equal(PartitionMap.HashSlot(RedisKeys.MarketPrice("EURUSD")), PartitionMap.HashSlot(RedisKeys.PriceChannel("EURUSD")));
    }
}
