using System.Globalization;

namespace Tickwatch.StoreHarness;

/// <summary>The harness's command line: <c>--seeds</c>, <c>--symbols</c>, <c>--rates</c>, <c>--seconds</c>, <c>--feeds</c>, <c>--cluster-port</c>, <c>--batch-size</c>, <c>--concurrent-batches</c>, <c>--no-raw</c>, <c>--no-price-channels</c>, <c>--no-publish</c>, <c>--in-memory</c> (the writer and the feed alone, against the in-memory store).</summary>
internal sealed record HarnessSettings(string? Seeds, int Symbols, IReadOnlyList<int> Rates, double Seconds, int Feeds, int ClusterPort, bool RawBenchmark, int BatchSize, int ConcurrentBatches, bool PriceChannels, bool Publish, bool InMemory)
{
    public static HarnessSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
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
        return new HarnessSettings(
            values.GetValueOrDefault("seeds"),
            Int("symbols", 1000),
            values.TryGetValue("rates", out var rates)
                ? [.. rates.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]
                : [100_000, 1_000_000],
            values.TryGetValue("seconds", out var seconds) ? double.Parse(seconds, CultureInfo.InvariantCulture) : 10,
            Int("feeds", 1),
            Int("cluster-port", 7401),
            !flags.Contains("no-raw"),
            Int("batch-size", 512),
            Int("concurrent-batches", 4),
            !flags.Contains("no-price-channels"),
            !flags.Contains("no-publish"),
            flags.Contains("in-memory"));
    }
}
