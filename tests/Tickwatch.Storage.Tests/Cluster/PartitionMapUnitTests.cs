using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Cluster;

public sealed class PartitionMapUnitTests
{
    [Theory]
    [InlineData("123456789", 0x31C3)]
    [InlineData("foo", 12182)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("foo{}{bar}", 8363)]
    [InlineData("foo{{bar}}zap", 4015)]
    [InlineData("foo{bar}{zap}", 5061)]
    public void Hash_slots_are_the_ones_redis_cluster_gives(string key, int slot)
    {
        Assert.Equal(slot, PartitionMap.HashSlot(key));
    }

    [Fact]
    public void An_account_and_every_key_of_its_tag_are_in_one_partition()
    {
        var account = new AccountId(UserType.Live, 42);

        var partition = PartitionMap.Of(account);

        Assert.Equal(PartitionMap.HashSlot(RedisKeys.UserConfig(account)) * 16 / 16384, partition);
        Assert.Equal(PartitionMap.HashSlot(RedisKeys.UserPortfolio(account)) >> 10, partition);
    }

    [Fact]
    public void Accounts_spread_over_every_partition()
    {
        var counts = new int[16];
        for (var n = 1; n <= 16_000; n++)
        {
            counts[PartitionMap.Of(new AccountId(UserType.Live, n))]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }
}
