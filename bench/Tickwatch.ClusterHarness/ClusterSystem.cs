using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tickwatch.BenchSupport;
using Tickwatch.Gateway.Auth;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Redis;
using static System.FormattableString;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// The system under test as real processes: its own Redis Cluster, <c>tickwatch quote-hub</c>, <c>tickwatch exec-gateway</c>,
/// <c>market-a</c> and <c>market-b</c> in Leased mode on that cluster, and <c>gateway-a</c> and <c>gateway-b</c> each
/// preferring its own market service; with <see cref="ClusterSettings.Ledger"/>, a PostgreSQL of its own that both
/// market services' ledger writers fill; plus the harness's own view of the store (prices, leases).
/// </summary>
internal sealed class ClusterSystem : IAsyncDisposable
{
    public const string FeedName = "hub";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ClusterSettings _settings;
    private readonly InvariantLog _log;
    private readonly RedisClusterScript _cluster;
    private readonly List<SoakProcess> _fixed = [];
    private readonly PostgresScript? _postgres;
    private RedisConnection? _connection;

    private ClusterSystem(ClusterSettings settings, InvariantLog log)
    {
        _settings = settings;
        _log = log;
        var folder = Path.Combine(settings.Output, "redis-cluster");
        _cluster = new RedisClusterScript(settings.ClusterPort, folder);
        Nodes = new RedisNodes(_cluster.Ports, folder);
        _postgres = settings.Ledger ? new PostgresScript(settings.PostgresPort) : null;
        Hub = Loopback(settings.PortBase);
        ExecControl = Loopback(settings.PortBase + 2);
        SigningKey = AccessTokens.NewSigningKey();
        var markets = new[] { "market-a", "market-b" }.Select((name, i) => (Name: name, Address: Loopback(settings.PortBase + 10 + i))).ToArray();
        Markets = [.. markets.Select(m => new MarketNode(m.Name, m.Address, () => StartMarket(m.Name, m.Address)))];
        Gateways =
        [
            .. new[] { "gateway-a", "gateway-b" }.Select((name, i) =>
            {
                var address = Loopback(settings.PortBase + 20 + i);

                // Each gateway prefers its own market service and falls over to the other.
                Uri[] preferred = i == 0 ? [markets[0].Address, markets[1].Address] : [markets[1].Address, markets[0].Address];
                return new MarketNode(name, address, () => StartGateway(name, address, preferred));
            }),
        ];
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public RedisNodes Nodes { get; }

    public Uri Hub { get; }

    public Uri ExecControl { get; }

    public string SigningKey { get; }

    public IReadOnlyList<MarketNode> Markets { get; }

    public IReadOnlyList<MarketNode> Gateways { get; }

    public string Seeds => _cluster.Seeds;

    /// <summary>The ledger's PostgreSQL connection string, or null when the run has no ledger (the outboxes then keep every entry).</summary>
    public string? LedgerDatabase => _postgres?.ConnectionString;

    public RedisPriceStore Store { get; private set; } = null!;

    public RedisLeaseStore Leases { get; private set; } = null!;

    /// <summary>The harness's own connection to the cluster (for keys no store reads, such as the price fences).</summary>
    public RedisConnection StoreConnection => _connection ?? throw new InvalidOperationException("Not started.");

    private string Logs => Path.Combine(_settings.Output, "logs");

    public static async Task<ClusterSystem> StartAsync(ClusterSettings settings, InvariantLog log)
    {
        var system = new ClusterSystem(settings, log);
        try
        {
            await system.StartAllAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public MarketNode Market(string name) => Markets.Single(m => m.Name == name);

    /// <summary>The instance holding the feed's lease now (<c>lease:{feed:hub}</c> = <c>TOKEN|INSTANCE</c>), with its token; null when unheld.</summary>
    public async Task<(string Holder, long Token)?> FeedHolderAsync(CancellationToken ct = default)
    {
        var state = await Leases.ReadAsync(LeaseName.Feed(FeedName), ct);
        return state.Holder is { } holder && state.Token is { } token ? (holder, token) : null;
    }

    /// <summary>The market service's <c>/api/debug/comprehensive</c>, or null when it does not answer.</summary>
    public async Task<JsonNode?> ComprehensiveAsync(MarketNode market)
    {
        try
        {
            return JsonNode.Parse(await Http.GetStringAsync(new Uri(market.Address, "api/debug/comprehensive")));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A bearer token for <paramref name="user"/> of <paramref name="userType"/> (<c>demo</c>, <c>live</c>).</summary>
    public string Token(string user, string userType) =>
        AccessTokens.Mint(new JwtOptions { SigningKey = SigningKey }, user, userType, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(6));

    public async ValueTask DisposeAsync()
    {
        _log.Freeze();
        foreach (var node in Gateways.Concat(Markets))
        {
            await node.StopAsync();
        }

        foreach (var process in Enumerable.Reverse(_fixed))
        {
            await process.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await _cluster.StopAsync();
        if (_postgres is not null)
        {
            await _postgres.StopAsync();
        }

        Http.Dispose();
    }

    private static Uri Loopback(int port) => new(Invariant($"http://127.0.0.1:{port}/"));

    private async Task StartAllAsync()
    {
        await _cluster.StartAsync();
        if (_postgres is not null)
        {
            await _postgres.StartAsync();
        }

        var connection = new RedisConnection(
            Options.Create(new RedisStoreOptions { Configuration = _cluster.Seeds, ClientName = "tickwatch-cluster-harness" }),
            TimeProvider.System,
            new StoreErrorLog());
        _connection = connection;
        Store = new RedisPriceStore(connection, TimeProvider.System);
        Leases = new RedisLeaseStore(connection, TimeProvider.System);

        var hub = SoakProcess.Start("quote-hub", new Dictionary<string, string>
        {
            ["QuoteHub:Port"] = Invariant($"{_settings.PortBase}"),
            ["QuoteHub:Seed"] = "17",
            ["QuoteHub:TargetUpdatesPerSecond"] = Invariant($"{_settings.HubRate}"),
            ["QuoteHub:Feeds:0:Name"] = FeedName,
            ["QuoteHub:Feeds:0:Protocol"] = "Protobuf",
            ["QuoteHub:Feeds:0:Path"] = "/ws/binary",
        }, Logs, _log);
        _fixed.Add(hub);
        await hub.WaitReadyAsync(Http, new Uri(Hub, "health"), StartTimeout);

        var exec = SoakProcess.Start("exec-gateway", new Dictionary<string, string>
        {
            ["ExecGateway:Port"] = Invariant($"{_settings.PortBase + 1}"),
            ["ExecGateway:ControlPort"] = Invariant($"{_settings.PortBase + 2}"),
            ["ExecGateway:Seed"] = "17",
            ["ExecGateway:PriceFeed:Name"] = "exec-prices",
            ["ExecGateway:PriceFeed:Protocol"] = "Protobuf",
            ["ExecGateway:PriceFeed:Url"] = Invariant($"ws://127.0.0.1:{_settings.PortBase}/ws/binary"),
        }, Logs, _log);
        _fixed.Add(exec);
        await exec.WaitReadyAsync(Http, new Uri(ExecControl, "health"), StartTimeout);

        // market-a first, so it is the feed's first writer; market-b starts as its standby.
        foreach (var market in Markets)
        {
            await market.StartAsync(Http, "health/ready", StartTimeout);
        }

        foreach (var gateway in Gateways)
        {
            await gateway.StartAsync(Http, "health", StartTimeout);
        }
    }

    private SoakProcess StartMarket(string name, Uri address)
    {
        var settings = new Dictionary<string, string>
        {
            ["Market:Port"] = Invariant($"{address.Port}"),
            ["Feeds:0:Name"] = FeedName,
            ["Feeds:0:Protocol"] = "Protobuf",
            ["Feeds:0:Url"] = Invariant($"ws://127.0.0.1:{_settings.PortBase}/ws/binary"),
            ["Redis:Configuration"] = _cluster.Seeds,
            ["Redis:PublishPriceChannels"] = "true",
            ["Cluster:Mode"] = "Leased",
            ["Cluster:InstanceId"] = name,
            ["Cluster:AdvertisedUrl"] = address.ToString().TrimEnd('/'),
            ["Ledger:Enabled"] = _postgres is null ? "false" : "true",
            ["Trading:SeedDevelopmentAccounts"] = "true",
            ["ProviderLink:Enabled"] = "true",
            ["ProviderLink:Port"] = Invariant($"{_settings.PortBase + 1}"),
        };

        // Both write the ledger, each the outboxes of the accounts in its partitions (the writer is partitioned in Leased mode).
        if (_postgres is not null)
        {
            settings["Ledger:Provider"] = "postgresql";
            settings["Ledger:ConnectionString"] = _postgres.ConnectionString;
        }

        return SoakProcess.Start("market", settings, Logs, _log, name);
    }

    private SoakProcess StartGateway(string name, Uri address, Uri[] markets)
    {
        var settings = new Dictionary<string, string>
        {
            ["Gateway:Port"] = Invariant($"{address.Port}"),
            ["Redis:Configuration"] = _cluster.Seeds,
            ["Jwt:SigningKey"] = SigningKey,

            // Every client follows demo:1; after a gateway kill they are all on the other one, beyond the default 5 per user.
            ["Gateway:Stream:MaxConnectionsPerUser"] = "50",

            // The throughput phases measure the market services, not the per-client order rate limit (default 5/s).
            ["Gateway:OrderEntry:BurstLimit"] = "100000",
            ["Gateway:OrderEntry:TokensPerPeriod"] = "100000",
        };
        for (var i = 0; i < markets.Length; i++)
        {
            settings[Invariant($"Gateway:MarketServiceUrls:{i}")] = markets[i].ToString().TrimEnd('/');
        }

        return SoakProcess.Start("gateway", settings, Logs, _log, name);
    }
}
