using Microsoft.Extensions.Configuration;
using Tickwatch.Cli.Instances;

namespace Tickwatch.Cli.Tests.Instances;

public sealed class ClusterLayoutUnitTests
{
    private const string Redis = "127.0.0.1:7101,127.0.0.1:7102";

    [Fact]
    public void Market_services_and_gateways_are_numbered_from_the_roles_default_ports_and_named_a_b_c()
    {
        var plan = Plan([], count: 3);

        Assert.Equal(["quote-hub", "exec-gateway"], plan.Simulators.Select(r => r.Name));
        Assert.Equal(["http://127.0.0.1:9001/", "http://127.0.0.1:9003/"], plan.Simulators.Select(r => r.Url.ToString()));
        Assert.Equal("127.0.0.1:9002", plan.ProviderLink);
        Assert.Equal(["market-a", "market-b", "market-c"], plan.Markets.Select(r => r.Name));
        Assert.Equal([8001, 8002, 8003], plan.Markets.Select(r => r.Url.Port));
        Assert.Equal(["gateway-a", "gateway-b", "gateway-c"], plan.Gateways.Select(r => r.Name));
        Assert.Equal([3001, 3002, 3003], plan.Gateways.Select(r => r.Url.Port));
        Assert.All(plan.Markets, r => Assert.Equal("http://127.0.0.1:" + r.Url.Port + "/health/ready", r.Ready.ToString()));
        Assert.All(plan.Gateways.Concat(plan.Simulators), r => Assert.Equal("/health", r.ReadyPath));
    }

    [Fact]
    public void Every_market_service_runs_leased_on_the_cluster_under_its_own_name_and_address()
    {
        var plan = Plan([], count: 2);

        foreach (var (market, name, port) in plan.Markets.Zip(["market-a", "market-b"], [8001, 8002]))
        {
            Assert.Equal("market", market.Command);
            Assert.Equal("Leased", market.Settings["Cluster:Mode"]);
            Assert.Equal(name, market.Settings["Cluster:InstanceId"]);
            Assert.Equal($"http://127.0.0.1:{port}", market.Settings["Cluster:AdvertisedUrl"]);
            Assert.Equal(Redis, market.Settings["Redis:Configuration"]);
            Assert.Equal("true", market.Settings["Redis:PublishPriceChannels"]);
            Assert.Equal($"{port}", market.Settings["Market:Port"]);
            Assert.Equal(Path.Combine("logs", name), market.Settings["Logs:Directory"]);

            // The hub's two feeds, the execution gateway's link and the seed's provider-routed account, the gateways for forensics.
            Assert.Equal("ws://127.0.0.1:9001/ws/binary", market.Settings["Feeds:0:Url"]);
            Assert.Equal("ws://127.0.0.1:9001/ws/json", market.Settings["Feeds:1:Url"]);
            Assert.Equal(("true", "127.0.0.1", "9002"), (market.Settings["ProviderLink:Enabled"], market.Settings["ProviderLink:Host"], market.Settings["ProviderLink:Port"]));
            Assert.Equal("true", market.Settings["Trading:SeedDevelopmentAccounts"]);
            Assert.Equal(("http://127.0.0.1:3001/", "http://127.0.0.1:3002/"), (market.Settings["Forensics:Gateways:0"], market.Settings["Forensics:Gateways:1"]));
        }
    }

    [Fact]
    public void Every_gateway_lists_every_market_service_its_own_first_and_signs_with_one_key_made_for_the_run()
    {
        var plan = Plan([], count: 2);

        Assert.Equal(
            ["http://127.0.0.1:8001", "http://127.0.0.1:8002"],
            [plan.Gateways[0].Settings["Gateway:MarketServiceUrls:0"], plan.Gateways[0].Settings["Gateway:MarketServiceUrls:1"]]);
        Assert.Equal(
            ["http://127.0.0.1:8002", "http://127.0.0.1:8001"],
            [plan.Gateways[1].Settings["Gateway:MarketServiceUrls:0"], plan.Gateways[1].Settings["Gateway:MarketServiceUrls:1"]]);
        Assert.All(plan.Gateways, g => Assert.Equal(Redis, g.Settings["Redis:Configuration"]));
        Assert.All(plan.Gateways, g => Assert.DoesNotContain(g.Settings, s => s.Key.StartsWith("Gateway:MarketServiceUrl:", StringComparison.Ordinal)));

        // A secret goes by the environment, never on a command line.
        Assert.NotNull(plan.SigningKey);
        Assert.All(plan.Gateways, g => Assert.Equal(plan.SigningKey, g.Secrets["Jwt:SigningKey"]));
        Assert.All(plan.All, r => Assert.DoesNotContain(r.Settings, s => s.Key.Contains("SigningKey", StringComparison.Ordinal) || s.Key.EndsWith(":Token", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_configured_signing_key_feeds_and_provider_link_are_left_as_configured()
    {
        var plan = Plan(
            new()
            {
                ["Jwt:SigningKey"] = "configured-elsewhere",
                ["Feeds:0:Name"] = "venue",
                ["Feeds:0:Url"] = "wss://venue.example/ws",
                ["ProviderLink:Host"] = "lp.example",
                ["Forensics:Gateways:0"] = "https://gw.example/",
            },
            count: 2);

        Assert.Null(plan.SigningKey);
        Assert.All(plan.Gateways, g => Assert.Empty(g.Secrets));
        Assert.All(plan.Markets, m => Assert.DoesNotContain(m.Settings, s => s.Key.StartsWith("Feeds:", StringComparison.Ordinal)
            || s.Key.StartsWith("ProviderLink:", StringComparison.Ordinal) || s.Key.StartsWith("Forensics:", StringComparison.Ordinal)));
        Assert.All(plan.Markets, m => Assert.Equal("Leased", m.Settings["Cluster:Mode"]));
    }

    [Fact]
    public void The_hubs_token_reaches_the_feeds_through_the_environment()
    {
        var plan = Plan(new() { ["QuoteHub:Token"] = "hub-secret" }, count: 2);

        Assert.All(plan.Markets, m => Assert.Equal(("hub-secret", "hub-secret"), (m.Secrets["Feeds:0:Token"], m.Secrets["Feeds:1:Token"])));
        Assert.All(plan.All, r => Assert.DoesNotContain("hub-secret", r.Settings.Values));
    }

    [Fact]
    public void Port_0_takes_a_free_port_for_each_role_and_configured_ports_are_the_base_of_the_numbered_ones()
    {
        var free = 40000;
        var plan = ClusterLayout.Plan(
            Configuration(new() { ["Market:Port"] = "0", ["Gateway:Port"] = "18100", ["QuoteHub:Port"] = "0", ["ExecGateway:Port"] = "0", ["ExecGateway:ControlPort"] = "19003" }),
            2,
            Redis,
            startHub: true,
            startExecGateway: true,
            () => ++free);

        Assert.Equal([40003, 40004], plan.Markets.Select(r => r.Url.Port));
        Assert.Equal([18101, 18102], plan.Gateways.Select(r => r.Url.Port));
        Assert.Equal(40001, plan.Simulators[0].Url.Port);
        Assert.Equal("127.0.0.1:40002", plan.ProviderLink);
        Assert.Equal(19003, plan.Simulators[1].Url.Port);
        Assert.Equal("ws://127.0.0.1:40001/ws/json", plan.Simulators[1].Settings["ExecGateway:PriceFeed:Url"]);
    }

    [Fact]
    public void Without_hub_and_execution_gateway_only_the_instances_run()
    {
        var plan = ClusterLayout.Plan(Configuration([]), 2, Redis, startHub: false, startExecGateway: false, () => 0);

        Assert.Empty(plan.Simulators);
        Assert.Null(plan.ProviderLink);
        Assert.All(plan.Markets, m => Assert.DoesNotContain(m.Settings, s => s.Key.StartsWith("Feeds:", StringComparison.Ordinal) || s.Key.StartsWith("ProviderLink:", StringComparison.Ordinal)));
    }

    private static ClusterPlan Plan(Dictionary<string, string?> settings, int count) =>
        ClusterLayout.Plan(Configuration(settings), count, Redis, startHub: true, startExecGateway: true, () => throw new InvalidOperationException("no port 0 here"));

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
