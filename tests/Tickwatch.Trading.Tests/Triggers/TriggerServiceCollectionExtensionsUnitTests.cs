using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Triggers;

/// <summary>AddTriggers: the index follows the storage rule, one monitor is both listener and observer, the service is supervised, bad options are all reported.</summary>
public sealed class TriggerServiceCollectionExtensionsUnitTests
{
    [Fact]
    public void The_monitor_is_the_book_s_listener_and_the_engine_s_observer_and_the_service_is_supervised()
    {
        using var provider = Build(new Dictionary<string, string?>(), out var errors);

        var monitor = provider.GetRequiredService<TriggerMonitor>();

        Assert.Empty(errors);
        Assert.IsType<InMemoryTriggerIndex>(provider.GetRequiredService<ITriggerIndex>());
        Assert.Same(monitor, Assert.Single(provider.GetServices<IQuoteListener>()));
        Assert.Same(monitor, Assert.Single(provider.GetServices<IOrderObserver>()));
        Assert.Contains(Registrations, d => d.ServiceType == typeof(TriggerService));
        Assert.Contains(Registrations, d => d.ServiceType == typeof(ISupervisedService));
    }

    [Fact]
    public void With_a_redis_configuration_the_index_is_redis_and_nothing_connects()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1" }, out _);

        Assert.IsType<RedisTriggerIndex>(provider.GetRequiredService<ITriggerIndex>());
        Assert.Null(provider.GetRequiredService<Tickwatch.Storage.Redis.RedisConnection>().Multiplexer);
    }

    [Fact]
    public void Options_out_of_range_are_each_reported()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Triggers:RetryDelay"] = "00:00:00", ["Triggers:LastFiringsKept"] = "0" }, out var errors);

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Triggers: ", e, StringComparison.Ordinal));
        Assert.Equal(0, provider.GetRequiredService<IOptions<TriggerOptions>>().Value.LastFiringsKept);
    }

    private ServiceCollection Registrations { get; } = [];

    private ServiceProvider Build(Dictionary<string, string?> settings, out IReadOnlyList<string> errors)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = Registrations;
        services.AddLogging();
        Assert.Empty(services.AddTickwatchStorage(configuration));
        services.AddTradingStore(configuration);
        errors = services.AddTriggers(configuration).Errors;
        return services.BuildServiceProvider();
    }
}
