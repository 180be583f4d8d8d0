using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Cluster;

public sealed class ClusterOptionsValidatorUnitTests
{
    [Fact]
    public void The_defaults_are_valid_in_both_modes_on_redis()
    {
        var validator = new ClusterOptionsValidator(redisStore: true, publishPriceChannels: true);

        Assert.Empty(validator.Errors(new ClusterOptions()));
        Assert.Empty(validator.Errors(new ClusterOptions { Mode = ClusterMode.Leased, InstanceId = "market-a", AdvertisedUrl = "http://10.0.0.5:8001" }));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new ClusterOptions
        {
            Mode = ClusterMode.Leased,
            InstanceId = "market {a}",
            AdvertisedUrl = "ftp://x",
            LeaseTtl = TimeSpan.FromMilliseconds(900),
            RenewInterval = TimeSpan.FromMilliseconds(400),
            AcquirePoll = TimeSpan.FromSeconds(1),
            HeartbeatTtl = TimeSpan.FromSeconds(1),
            Partitions = 8,
            OrphanGrace = TimeSpan.Zero,
        };

        var errors = new ClusterOptionsValidator(redisStore: false, publishPriceChannels: false).Errors(options);

        Assert.Equal(9, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Cluster:InstanceId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:AdvertisedUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:LeaseTtl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:AcquirePoll", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:HeartbeatTtl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:Partitions", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:OrphanGrace", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Redis:Configuration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Redis:PublishPriceChannels", StringComparison.Ordinal));
    }

    [Fact]
    public void Single_mode_needs_no_redis()
    {
        Assert.Empty(new ClusterOptionsValidator(redisStore: false, publishPriceChannels: false).Errors(new ClusterOptions()));
    }

    [Fact]
    public void A_generated_instance_id_is_made_once_and_names_a_lease_holder()
    {
        var options = new ClusterOptions();

        var id = options.EffectiveInstanceId();

        Assert.Same(id, options.EffectiveInstanceId());
        Assert.True(LeaseName.IsWellFormed(id));
        Assert.Matches(@"-\d+-[0-9a-f]{6}$", id);
    }
}
