using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Hosting;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Hosting;

/// <summary>The composition's settings for supervision, start-up and health: validated at build, every error at once.</summary>
public sealed class MarketServiceConfigurationUnitTests
{
    [Fact]
    public void Every_bad_supervision_start_up_and_health_setting_is_reported_at_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MarketServiceHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Supervisor:ShutdownTimeout"] = "00:00:00",
            ["Supervisor:RestartMaxDelay"] = "00:00:00.5",
            ["Startup:RecheckInterval"] = "-00:00:01",
            ["Startup:MaxMemoryUsagePercent"] = "120",
            ["Health:Interval"] = "00:00:00",
            ["Health:MinFreshFraction"] = "1.5",
        })));

        Assert.Equal(6, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Supervisor:ShutdownTimeout must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Supervisor:RestartMaxDelay must not be below RestartInitialDelay", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Startup:RecheckInterval must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Startup:MaxMemoryUsagePercent", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Health:Interval must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Health:MinFreshFraction must be between 0 and 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_storage_settings_are_reported_in_the_same_list_as_the_market_services_own()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MarketServiceHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Health:Interval"] = "00:00:00",
            ["Redis:Configuration"] = "127.0.0.1:7101",
            ["Redis:ClientName"] = "two words",
            ["StoreWriter:RetryInitialDelay"] = "00:00:00",
        })));

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Health:Interval must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Redis:ClientName must be a non-empty name without spaces", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("StoreWriter:RetryInitialDelay must be more than 0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("binary", FeedProtocol.Protobuf, "Binary market listener")]
    [InlineData("json", FeedProtocol.Json, "JSON market listener")]
    [InlineData("backup", FeedProtocol.Json, "JSON market listener (backup)")]
    [InlineData("lp2", FeedProtocol.Protobuf, "Binary market listener (lp2)")]
    public void A_feed_listener_is_named_after_its_protocol_as_the_guide_names_it(string feed, FeedProtocol protocol, string expected)
    {
        var options = new FeedOptions { Name = feed, Protocol = protocol, Url = new Uri("ws://127.0.0.1:1/ws") };
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        using var listener = new FeedListener(options, FeedCodecs.CreateCodec(protocol, Symbols()), new NullSink(), TimeProvider.System, factory.CreateLogger<FeedListener>());

        var service = new FeedListenerService(listener, protocol);

        Assert.Equal(expected, service.DisplayName);
        Assert.Equal($"feed_{feed}", service.Name);
    }

    private static SymbolRegistry Symbols() => new([], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), acceptUnlisted: true);

    private sealed class NullSink : IPriceUpdateSink
    {
        public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
        {
        }
    }
}
