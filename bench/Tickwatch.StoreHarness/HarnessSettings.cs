using System.Globalization;
using Tickwatch.Storage;

namespace Tickwatch.StoreHarness;

/// <summary>The harness's command line (see <see cref="Usage"/>).</summary>
internal sealed record HarnessSettings(
    string? Seeds,
    int Symbols,
    IReadOnlyList<int> Rates,
    double Seconds,
    double WarmupSeconds,
    int Feeds,
    int ClusterPort,
    string ClusterDirectory,
    bool RawBenchmark,
    int BatchSize,
    int ConcurrentBatches,
    bool PriceChannels,
    bool SymbolUpdates,
    bool PublishAfterWrite,
    bool InMemory,
    bool SymbolUpdatesAlways,
    bool ReferenceListener)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Tickwatch.StoreHarness -- [options]
          --seeds host:port,...      an existing cluster (default: start one with scripts/redis-cluster.sh, stop it at the end)
          --cluster-port 7401        first port of the cluster the harness starts (6 nodes)
          --cluster-dir DIR          its folder (default: $REDIS_CLUSTER_DIR, else .tickwatch/redis-cluster-bench)
          --symbols 1000             symbols the feed updates round-robin
          --rates 100000,1000000     offered updates/s, one phase each
          --seconds 10               length of each phase
          --warmup-seconds 2         an unreported phase first, at the first rate (JIT, script load, connections)
          --feeds 1                  feed threads (each owns every feeds-th symbol)
          --batch-size 512           StoreWriter:MaxBatchSize
          --concurrent-batches 4     StoreWriter:MaxConcurrentBatches
          --no-price-channels        Redis:PublishPriceChannels=false (no prices:{market:SYMBOL})
          --no-symbol-updates        Redis:PublishSymbolUpdates=false (no market_price_updates)
          --no-publish               both of the above
          --symbol-updates-always    Redis:SymbolUpdatesListenerCheck=0: publish market_price_updates even while nobody listens (the way before)
          --reference-listener       a client subscribed to market_price_updates all along (as a reference client would be), counting what it hears
          --publish-after-write      announce from the client after each batch's replies (the pre-issue-3 way), not from the script
          --in-memory                the writer and the feed alone, against the in-memory store
          --no-raw                   skip the raw redis-benchmark figure
        """;

    public static HarnessSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.{Environment.NewLine}{Usage}");
            }

            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                flags.Add(args[i][2..]);
            }
        }

        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double Double(string key, double fallback) => values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var noPublish = flags.Contains("no-publish");
        return new HarnessSettings(
            values.GetValueOrDefault("seeds"),
            Int("symbols", 1000),
            values.TryGetValue("rates", out var rates)
                ? [.. rates.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]
                : [100_000, 1_000_000],
            Double("seconds", 10),
            Double("warmup-seconds", 2),
            Int("feeds", 1),
            Int("cluster-port", 7401),
            values.GetValueOrDefault("cluster-dir") ?? Environment.GetEnvironmentVariable("REDIS_CLUSTER_DIR") ?? ".tickwatch/redis-cluster-bench",
            !flags.Contains("no-raw"),
            Int("batch-size", 512),
            Int("concurrent-batches", 4),
            !noPublish && !flags.Contains("no-price-channels"),
            !noPublish && !flags.Contains("no-symbol-updates"),
            flags.Contains("publish-after-write"),
            flags.Contains("in-memory"),
            flags.Contains("symbol-updates-always"),
            flags.Contains("reference-listener"));
    }

    private string SymbolUpdatesText =>
        RedisKeys.MarketPriceUpdatesChannel
        + (SymbolUpdatesAlways ? " (always)" : " (while someone listens)")
        + (ReferenceListener ? ", a reference listener subscribed" : "");

    /// <summary>What is announced, in words, for the report.</summary>
    public string Announcing =>
        (SymbolUpdates, PriceChannels) switch
        {
            (false, false) => "nothing",
            (true, false) => SymbolUpdatesText,
            (false, true) => RedisKeys.PriceChannel("SYMBOL"),
            _ => SymbolUpdatesText + " and " + RedisKeys.PriceChannel("SYMBOL"),
        } + (InMemory ? " (in-process hub)" : PublishAfterWrite ? " after each batch's replies (client)" : " from the write script");
}
