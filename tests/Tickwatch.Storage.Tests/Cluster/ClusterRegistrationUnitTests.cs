using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Tests.Cluster;

public sealed class ClusterRegistrationUnitTests
{
    [Fact]
    public void Single_mode_holds_everything_with_token_zero_and_registers_no_fence()
    {
        var services = new ServiceCollection();

        var bound = services.AddCluster(Configuration([]));

        Assert.Empty(bound.Errors);
        using var provider = services.BuildServiceProvider();
        var leases = provider.GetRequiredService<ILeaseHolder>();
        Assert.Equal(ClusterMode.Single, leases.Mode);
        Assert.True(leases.Holds(LeaseName.Feed("binary"), out var token));
        Assert.Equal(0, token);
        Assert.Null(provider.GetService<IPriceWriteFence>());
        Assert.Equal(16, provider.GetRequiredService<IPartitionOwnership>().Owned.Count);
    }

    [Fact]
    public void Leased_mode_without_a_shared_lease_store_is_refused()
    {
        var services = new ServiceCollection();

        var bound = services.AddCluster(Configuration(new() { ["Cluster:Mode"] = "Leased" }));

        Assert.Contains(bound.Errors, e => e.Contains("Redis:Configuration", StringComparison.Ordinal));
    }

    [Fact]
    public void Leased_mode_on_a_lease_store_the_host_shares_runs_the_coordinator_and_fences_the_writer()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILeaseStore>(new InMemoryLeaseStore(TimeProvider.System));
        services.AddSingleton<IInstanceDirectory>(new InMemoryInstanceDirectory(TimeProvider.System));

        var bound = services.AddCluster(Configuration(new() { ["Cluster:Mode"] = "Leased", ["Cluster:InstanceId"] = "market-a" }));

        Assert.Empty(bound.Errors);
        using var provider = services.BuildServiceProvider();
        var coordinator = Assert.IsType<ClusterCoordinator>(provider.GetRequiredService<ILeaseHolder>());
        Assert.Equal("market-a", coordinator.InstanceId);
        Assert.Same(coordinator, provider.GetRequiredService<IInstanceRegistry>());
        Assert.Contains(provider.GetServices<Tickwatch.Hosting.Supervision.ISupervisedService>(), s => s.Name == "cluster_coordinator");
        var partitions = Assert.IsType<LeasedPartitionOwnership>(provider.GetRequiredService<IPartitionOwnership>());
        Assert.Equal(16, partitions.Partitions);
        Assert.Empty(partitions.Owned);
        Assert.Contains(provider.GetServices<Tickwatch.Hosting.Supervision.ISupervisedService>(), s => s.Name == "partition_ownership");
        var fence = Assert.IsType<LeasedPriceWriteFence>(provider.GetRequiredService<IPriceWriteFence>());
        Assert.False(fence.TryGetToken("binary", out _));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
