using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.TradingHarness;

/// <summary>The harness's command line (see <see cref="Usage"/>); the defaults are issue 13's figures.</summary>
internal sealed record HarnessSettings(
    StoreKind Store,
    int Accounts,
    int Positions,
    decimal Volume,
    IReadOnlyList<int> Rates,
    double Seconds,
    double WarmupSeconds,
    double SettleSeconds,
    int SampleEveryMs,
    int OrdersPerSecond,
    double OrderSeconds,
    OrderMix OrderMix,
    int ReadBack,
    int Forensics,
    LedgerKind Ledger,
    string? LedgerConnection,
    string? Seeds,
    int ClusterPort,
    string ClusterDirectory,
    IReadOnlyDictionary<string, string> MarketSettings,
    IReadOnlyDictionary<string, string> MarketEnvironment)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Tickwatch.TradingHarness -- [options]
          --store memory             memory: the embedded stores; redis: a Redis Cluster (the harness starts its own)
          --accounts 10000           live accounts created in group Standard, each funded with 100,000 USD at 1:100
          --positions 5              market positions opened per account through the engine, on consecutive symbols
          --volume 0.1               lots per position
          --rates 5000               price updates/s the quote hub sends over the 58 standard symbols, one phase each
                                     (e.g. 1000,2500,5000 for the curve)
          --seconds 20               measured window of each phase
          --warmup-seconds 5         each phase's feed running before its window (nothing recorded)
          --settle-seconds 10        after a window: time for the samples taken in it to reach every holder
          --sample-every-ms 20       a price update is sampled this often (the next one the book accepts for a symbol
                                     without a sample in flight)
          --orders-per-second 1000   order requests/s over HTTP during a last phase at the last rate (0: none)
          --order-seconds 30         length of that phase
          --order-mix alternate      alternate: the rate counts every request, an open then a close in turn;
                                     pairs: the rate counts opens, and each is closed too (twice the requests)
          --read-back 500            accounts whose stored portfolio is read back at the end
          --forensics 300            orders of the order phase whose forensics are asked for, one at a time, while
                                     prices still run at the last rate (issue 21: under 100 ms each; 0: none)
          --ledger sqlite            the market's ledger during the run: sqlite (a file in a temporary folder), postgresql
                                     (at --ledger-connection) or off; its writer's lag and outbox depth are sampled from
                                     /api/debug/ledger over the order phase (issue 14: lag p99 <= 1 s at 1,000 orders/s)
          --ledger-connection CS     the PostgreSQL connection string, e.g. "$(scripts/postgres.sh url)"
          --seeds host:port,...      an existing cluster (default: start one with scripts/redis-cluster.sh, stop it at the end)
          --cluster-port 7601        first port of the cluster the harness starts (6 nodes)
          --cluster-dir DIR          its folder (default: .tickwatch/redis-cluster-trading)
          --market K=V[,K=V]         configuration of the market process, e.g. Trading:MaxExecutionQuoteAge=00:00:01
          --market-env K=V[,K=V]     environment of the market process, e.g. DOTNET_gcServer=1
        The market service runs in a child process (this program with --serve) listening to the quote hub's binary
        (zlib-protobuf) feed; the hub runs in this process.
        """;

    /// <summary>What <c>--market</c> and <c>--market-env</c> passed, as given ("defaults" when nothing).</summary>
    public string MarketArguments => MarketSettings.Count + MarketEnvironment.Count == 0
        ? "defaults"
        : string.Join(", ", MarketSettings.Concat(MarketEnvironment).Select(p => p.Key + "=" + p.Value));

    public static HarnessSettings Parse(string[] args)
    {
        string[] known =
        [
            "store", "accounts", "positions", "volume", "rates", "seconds", "warmup-seconds", "settle-seconds", "sample-every-ms", "orders-per-second",
            "order-seconds", "order-mix", "read-back", "forensics", "ledger", "ledger-connection", "seeds", "cluster-port", "cluster-dir", "market", "market-env",
        ];
        var values = HarnessArguments.Parse(args, known, Usage);
        int Int(string key, int fallback, int minimum) =>
            values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) is var n && n >= minimum ? n : throw new ArgumentException($"--{key} must be at least {minimum}.") : fallback;
        double Double(string key, double fallback) => values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new HarnessSettings(
            values.GetValueOrDefault("store") switch
            {
                null or "memory" => StoreKind.Memory,
                "redis" => StoreKind.Redis,
                var other => throw new ArgumentException($"--store is memory or redis, not '{other}'."),
            },
            Int("accounts", 10_000, 1),
            Int("positions", 5, 1),
            values.TryGetValue("volume", out var volume) ? decimal.Parse(volume, CultureInfo.InvariantCulture) : 0.1m,
            values.TryGetValue("rates", out var rates) ? [.. rates.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))] : [5_000],
            Double("seconds", 20),
            Double("warmup-seconds", 5),
            Double("settle-seconds", 10),
            Int("sample-every-ms", 20, 1),
            Int("orders-per-second", 1_000, 0),
            Double("order-seconds", 30),
            values.GetValueOrDefault("order-mix") switch
            {
                null or "alternate" => OrderMix.Alternate,
                "pairs" => OrderMix.Pairs,
                var other => throw new ArgumentException($"--order-mix is alternate or pairs, not '{other}'."),
            },
            Int("read-back", 500, 0),
            Int("forensics", 300, 0),
            values.GetValueOrDefault("ledger") switch
            {
                null or "sqlite" => LedgerKind.Sqlite,
                "postgresql" when values.ContainsKey("ledger-connection") => LedgerKind.PostgreSql,
                "postgresql" => throw new ArgumentException("--ledger postgresql needs --ledger-connection (e.g. \"$(scripts/postgres.sh url)\")."),
                "off" => LedgerKind.Off,
                var other => throw new ArgumentException($"--ledger is sqlite, postgresql or off, not '{other}'."),
            },
            values.GetValueOrDefault("ledger-connection"),
            values.GetValueOrDefault("seeds"),
            Int("cluster-port", 7601, 1),
            values.GetValueOrDefault("cluster-dir") ?? ".tickwatch/redis-cluster-trading",
            HarnessArguments.Pairs(values.GetValueOrDefault("market")),
            HarnessArguments.Pairs(values.GetValueOrDefault("market-env")));
    }
}
