using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.SoakHarness;

/// <summary>A soak run's settings: its length, seed, fault schedule (the long one or CI's compressed one), ports and output folder.</summary>
internal sealed record SoakSettings(
    double Minutes,
    int Seed,
    string Profile,
    string Output,
    int ClusterPort,
    int? HubPort,
    int? MarketPort,
    int? GatewayPort,
    int Clients,
    int SymbolsPerClient,
    int HubRate,
    TimeSpan MaxQuoteAge,
    TimeSpan MaxExecutionAge,
    IReadOnlyDictionary<SoakFault, TimeSpan> MeanIntervals,
    TimeSpan SampleInterval,
    TimeSpan RecoveryDeadline)
{
    public const string Usage = """
        Soak harness: the real system on loopback under seeded random faults, invariants checked throughout.
          --minutes N          run length (default 60)
          --seed N             the fault schedule's seed (default: random, printed)
          --profile soak|ci    soak: faults every few minutes; ci: the compressed schedule of the 2-minute CI test (default soak)
          --out DIR            report, process logs and the cluster's folder (default .tickwatch/soak)
          --cluster-port N     first of the 6 Redis ports (default 7651)
          --hub-port N, --market-port N, --gateway-port N   loopback ports (default: free ones)
          --clients N          stream clients (default 20)
          --symbols-per-client N (default 8)
          --hub-rate N         hub updates/s over all symbols (default 2000)
        Exit code 1 on any violated invariant; a soak-profile run of 30 minutes or more also fails on RSS growth over 5 %/h after warm-up.
        """;

    private static readonly string[] Known =
        ["minutes", "seed", "profile", "out", "cluster-port", "hub-port", "market-port", "gateway-port", "clients", "symbols-per-client", "hub-rate"];

    /// <summary>From this length on, the soak profile fails a run whose RSS grows faster than the target.</summary>
    public static readonly TimeSpan JudgedGrowthFrom = TimeSpan.FromMinutes(30);

    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);

    /// <summary>
    /// RSS before this is growth of the start, not a leak: the slope is fitted after it. Half the run, at most 30 minutes:
    /// under faults the JIT keeps compiling the paths each kind of fault opens for the first half hour (3,000–5,000
    /// methods an hour 10–30 minutes in, against 1,300–1,800 30–50 minutes in; docs/BENCHMARKS.md), and its code stays.
    /// </summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(Math.Clamp(Duration.TotalSeconds * 0.5, 20, 1800));

    /// <summary>Faults start once the system has run a little with nothing wrong.</summary>
    public TimeSpan FaultsFrom => TimeSpan.FromSeconds(Math.Clamp(Duration.TotalSeconds * 0.05, 5, 60));

    /// <summary>No fault starts this close to the end, so every one can be seen recovered.</summary>
    public TimeSpan FaultsUntil => Duration - TimeSpan.FromSeconds(Math.Clamp(Duration.TotalSeconds * 0.15, 15, 120));

    public static SoakSettings Parse(string[] args)
    {
        var values = HarnessArguments.Parse(args, Known, Usage);
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int? Port(string name) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        var profile = values.GetValueOrDefault("profile", "soak");
        var compressed = profile switch
        {
            "soak" => false,
            "ci" => true,
            _ => throw new ArgumentException($"--profile is soak or ci, not '{profile}'.{Environment.NewLine}{Usage}"),
        };

        // Mean time between two faults of a kind; the CI schedule fits each kind at least once into two minutes.
        var means = compressed
            ? new Dictionary<SoakFault, TimeSpan>
            {
                [SoakFault.FeedDrop] = TimeSpan.FromSeconds(25),
                [SoakFault.Stall] = TimeSpan.FromSeconds(30),
                [SoakFault.Garbage] = TimeSpan.FromSeconds(20),
                [SoakFault.RedisMasterKill] = TimeSpan.FromSeconds(60),
                [SoakFault.ClientChurn] = TimeSpan.FromSeconds(15),
                [SoakFault.OrderBurst] = TimeSpan.FromSeconds(15),
                [SoakFault.ProviderDisconnect] = TimeSpan.FromSeconds(30),
            }
            : new Dictionary<SoakFault, TimeSpan>
            {
                [SoakFault.FeedDrop] = TimeSpan.FromMinutes(2),
                [SoakFault.Stall] = TimeSpan.FromMinutes(2.5),
                [SoakFault.Garbage] = TimeSpan.FromMinutes(1.5),
                [SoakFault.RedisMasterKill] = TimeSpan.FromMinutes(8),
                [SoakFault.ClientChurn] = TimeSpan.FromMinutes(1),
                [SoakFault.OrderBurst] = TimeSpan.FromMinutes(1),
                [SoakFault.ProviderDisconnect] = TimeSpan.FromMinutes(3),
            };
        var seed = values.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next(1, 1_000_000);
        return new SoakSettings(
            values.TryGetValue("minutes", out var m) ? double.Parse(m, CultureInfo.InvariantCulture) : 60,
            seed,
            profile,
            Path.GetFullPath(values.GetValueOrDefault("out", ".tickwatch/soak")),
            Int("cluster-port", 7651),
            Port("hub-port"),
            Port("market-port"),
            Port("gateway-port"),
            Int("clients", 20),
            Int("symbols-per-client", 8),
            Int("hub-rate", 2000),
            TimeSpan.FromSeconds(3),
            TimeSpan.FromSeconds(2),
            means,
            TimeSpan.FromSeconds(compressed ? 2 : 5),
            TimeSpan.FromSeconds(compressed ? 45 : 90));
    }
}
