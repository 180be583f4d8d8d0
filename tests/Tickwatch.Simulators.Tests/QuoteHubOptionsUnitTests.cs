using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Simulators.Tests;

public sealed class QuoteHubOptionsUnitTests
{
    [Fact]
    public void The_defaults_are_valid_and_serve_the_reference_pair_of_feeds_with_every_standard_instrument()
    {
        var options = new QuoteHubOptions();

        Assert.Empty(QuoteHubOptionsValidator.Collect(options));
        Assert.Equal("127.0.0.1", options.BindAddress);
        Assert.Equal(9001, options.Port);
        var feeds = options.ResolveFeeds();
        Assert.Equal([("json", FeedProtocol.Json, "/ws/json"), ("binary", FeedProtocol.Protobuf, "/ws/binary")], feeds.Select(f => (f.Name, f.Protocol, f.Path)));
        Assert.Equal(58, options.ResolveInstruments().Count);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new QuoteHubOptions
        {
            BindAddress = "somewhere",
            Port = 70000,
            Token = "",
            Symbols = ["EURUSD", "NOPE"],
            TargetUpdatesPerSecond = -1,
            MaxPricesPerFrame = 0,
            PartialUpdateProbability = 2,
            ConnectionQueueCapacity = 0,
            TickInterval = TimeSpan.Zero,
            Feeds = [new() { Name = "a", Path = "/x" }, new() { Name = "a", Path = "/control/x" }],
        };

        var errors = QuoteHubOptionsValidator.Collect(options);

        Assert.Equal(11, errors.Count);
        Assert.Contains(errors, e => e.Contains("BindAddress", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'NOPE'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Feeds:1:Name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("collides with the control API", StringComparison.Ordinal));
    }

    [Fact]
    public void Binance_feeds_are_served_and_their_settings_checked()
    {
        var good = new QuoteHubOptions
        {
            Feeds =
            [
                new() { Name = "binance", Protocol = FeedProtocol.BinanceJson, Path = "/binance", Symbols = new() { ["BTCUSDT"] = "BTCUSD" } },
                new() { Name = "binance-sbe", Protocol = FeedProtocol.BinanceSbe, Path = "/binance-sbe" },
            ],
        };
        Assert.Empty(QuoteHubOptionsValidator.Collect(good));
        Assert.Equal(TimeSpan.FromHours(24), good.Feeds[0].ConnectionLifetime);
        Assert.Equal(TimeSpan.FromSeconds(20), good.Feeds[0].PingInterval);

        var bad = new QuoteHubOptions
        {
            ApiKey = " ",
            Feeds =
            [
                new()
                {
                    Name = "binance", Protocol = FeedProtocol.BinanceJson, Path = "/binance", Symbols = new() { ["BTCUSDT"] = "NOPE", ["BTC USDT"] = "BTCUSD" },
                    ConnectionLifetime = TimeSpan.Zero, PingInterval = TimeSpan.FromMilliseconds(1), TradeProbability = 2, ShutdownNotice = TimeSpan.FromSeconds(-1),
                },
                new() { Name = "json", Protocol = FeedProtocol.Json, Path = "/ws/json", Symbols = new() { ["BTCUSDT"] = "BTCUSD" } },
            ],
        };

        var errors = QuoteHubOptionsValidator.Collect(bad);

        Assert.Equal(8, errors.Count);
        Assert.Contains(errors, e => e.Contains("QuoteHub:ApiKey", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'NOPE'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'BTC USDT'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Feeds:0:ConnectionLifetime", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Feeds:0:PingInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Feeds:0:TradeProbability", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Feeds:0:ShutdownNotice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Feeds:1:Symbols", StringComparison.Ordinal));
    }

    [Fact]
    public void Building_with_invalid_options_fails_with_every_error()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => QuoteHubHost.Build(new QuoteHubOptions { Port = -1, MaxPricesPerFrame = 0 }));

        Assert.Equal(2, ex.Failures.Count());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.10")]
    public void A_hub_bound_beyond_loopback_without_a_token_refuses_to_start_naming_the_key(string bindAddress)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => QuoteHubHost.Build(new QuoteHubOptions { BindAddress = bindAddress, Port = 0 }));

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith($"QuoteHub:Token is required when QuoteHub:BindAddress '{bindAddress}' is not a loopback address", failure, StringComparison.Ordinal);
        Assert.Contains("TICKWATCH_QuoteHub__Token", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("localhost", null)]
    [InlineData("0.0.0.0", "hub-token")]
    public void Loopback_needs_no_token_and_anywhere_else_has_one(string bindAddress, string? token)
    {
        Assert.Empty(QuoteHubOptionsValidator.Collect(new QuoteHubOptions { BindAddress = bindAddress, Token = token }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void The_fault_cap_is_bounded(int cap)
    {
        Assert.Contains(QuoteHubOptionsValidator.Collect(new QuoteHubOptions { MaxActiveFaults = cap }), e => e.StartsWith("QuoteHub:MaxActiveFaults", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_bind_from_the_quote_hub_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QuoteHub:Port"] = "0",
            ["QuoteHub:Token"] = "abc",
            ["QuoteHub:SyntheticSymbols"] = "10",
            ["QuoteHub:SlowClientPolicy"] = "Backpressure",
            ["QuoteHub:TickInterval"] = "00:00:00.005",
            ["QuoteHub:Feeds:0:Name"] = "only",
            ["QuoteHub:Feeds:0:Protocol"] = "Protobuf",
            ["QuoteHub:Feeds:0:Path"] = "/feed",
        }).Build();

        var options = configuration.GetSection(QuoteHubOptions.SectionName).Get<QuoteHubOptions>()!;

        Assert.Empty(QuoteHubOptionsValidator.Collect(options));
        Assert.Equal(68, options.ResolveInstruments().Count);
        Assert.Equal(SlowClientPolicy.Backpressure, options.SlowClientPolicy);
        Assert.Equal(TimeSpan.FromMilliseconds(5), options.TickInterval);
        Assert.Equal("/feed", Assert.Single(options.ResolveFeeds()).Path);
    }

    [Fact]
    public async Task A_hub_built_from_configuration_listens_where_it_says()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QuoteHub:Port"] = "0",
            ["QuoteHub:GenerateTicks"] = "false",
        }).Build();
        await using var app = QuoteHubHost.Build(configuration, loggerFactory: Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await app.StartAsync();

        var address = QuoteHubHost.GetBaseAddress(app);

        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        Assert.Equal(new Uri($"ws://127.0.0.1:{address.Port}/ws/binary?token=t%20k"), QuoteHubHost.GetFeedAddress(app, "binary", "t k"));
        await app.StopAsync();
    }
}
