using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Tests.Cluster;

namespace Tickwatch.Trading.Tests.AutoCutoff;

/// <summary>AutoCutoff in a leased cluster (risk 6): its lock names the instance and lives 4 s unless configured; alone, nothing changes.</summary>
public sealed class AutoCutoffClusterDefaultsUnitTests
{
    [Fact]
    public void Alone_the_lock_lives_10_s_and_names_the_process()
    {
        var options = Bind([]);

        Assert.Equal(TimeSpan.FromSeconds(10), options.LockTtl);
        Assert.Equal(AutoCutoffOptions.SingleLockTtl, options.LockTtl);
        Assert.Null(options.Owner);
        Assert.Equal(options.EffectiveOwner(), options.EffectiveOwner(new SingleLeaseHolder("market-a")));
        Assert.NotEqual("market-a", options.EffectiveOwner(new SingleLeaseHolder("market-a")));
    }

    [Fact]
    public void In_a_leased_cluster_the_lock_lives_4_s_and_names_the_instance()
    {
        var options = Bind(new() { ["Cluster:Mode"] = "Leased" });

        Assert.Equal(TimeSpan.FromSeconds(4), options.LockTtl);
        Assert.Equal("market-a", options.EffectiveOwner(new FakeLeaseHolder("market-a")));
    }

    [Fact]
    public void In_a_leased_cluster_a_configured_lock_life_and_owner_are_kept()
    {
        var options = Bind(new() { ["Cluster:Mode"] = "Leased", ["AutoCutoff:LockTtl"] = "00:00:07", ["AutoCutoff:Owner"] = "cutoff-1" });

        Assert.Equal(TimeSpan.FromSeconds(7), options.LockTtl);
        Assert.Equal("cutoff-1", options.EffectiveOwner(new FakeLeaseHolder("market-a")));
    }

    [Fact]
    public void In_a_leased_cluster_a_lock_renewed_faster_than_the_leases_is_refused()
    {
        var errors = Errors(new() { ["Cluster:Mode"] = "Leased", ["AutoCutoff:LockTtl"] = "00:00:01", ["Cluster:RenewInterval"] = "00:00:00.5" });

        var error = Assert.Single(errors);
        Assert.Contains("AutoCutoff:LockTtl", error, StringComparison.Ordinal);
        Assert.Contains("Cluster:RenewInterval", error, StringComparison.Ordinal);

        // Alone the same lock life is fine, and 1.5 s (renewed every 0.5 s) is enough in a cluster.
        Assert.Empty(Errors(new() { ["AutoCutoff:LockTtl"] = "00:00:01" }));
        Assert.Empty(Errors(new() { ["Cluster:Mode"] = "Leased", ["AutoCutoff:LockTtl"] = "00:00:01.5" }));
    }

    [Fact]
    public void In_a_leased_cluster_an_instance_id_with_a_colon_cannot_name_the_lock()
    {
        var error = Assert.Single(Errors(new() { ["Cluster:Mode"] = "Leased", ["Cluster:InstanceId"] = "market:a" }));
        Assert.Contains("Cluster:InstanceId", error, StringComparison.Ordinal);

        Assert.Empty(Errors(new() { ["Cluster:Mode"] = "Leased", ["Cluster:InstanceId"] = "market:a", ["AutoCutoff:Owner"] = "cutoff-1" }));
    }

    private static AutoCutoffOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        Assert.Empty(services.AddAutoCutoff(Configuration(settings)));
        return services.BuildServiceProvider().GetRequiredService<IOptions<AutoCutoffOptions>>().Value;
    }

    private static IReadOnlyList<string> Errors(Dictionary<string, string?> settings) => new ServiceCollection().AddAutoCutoff(Configuration(settings));

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
