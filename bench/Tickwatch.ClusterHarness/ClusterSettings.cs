using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.ClusterHarness;

/// <summary>A cluster harness run's settings: the scenarios, how many writer kills, ports, load and output folder.</summary>
internal sealed record ClusterSettings(
    IReadOnlyList<ClusterScenario> Scenarios,
    int Kills,
    int StopOuts,
    int ProviderStopOuts,
    int TriggerKills,
    bool Ledger,
    int PostgresPort,
    string Output,
    int ClusterPort,
    int PortBase,
    int HubRate,
    int Clients,
    int SymbolsPerClient,
    TimeSpan ThroughputPhase,
    int OrderConcurrency,
    TimeSpan TakeoverTarget)
{
    public const string Usage = """
        Cluster failover harness (issue 17): Redis Cluster, quote hub, execution gateway, market-a and market-b (Leased),
        gateway-a and gateway-b, stream clients, as real processes; kills and pauses by scenario.
          --scenario LIST      writer-kill, sigstop, gateway-kill, master-and-market-kill, throughput, stopout-kill, trigger-kill,
                               provider-stopout-kill, or all (comma list; default all)
          --kills N            writer kills (default 20)
          --stopouts N         stop-outs with their liquidating instance killed (default 3)
          --provider-stopouts N  stop-outs of provider-routed accounts with their liquidating instance killed (default 2)
          --trigger-kills N    kills of the instance owning armed triggers as their price comes (default 2)
          --ledger on|off      the ledger writer on a PostgreSQL of its own (scripts/postgres.sh), its rows counted (default on)
          --postgres-port N    that PostgreSQL's port (default 55441)
          --out DIR            report, process logs and the cluster's folder (default .tickwatch/cluster-ha)
          --cluster-port N     first of the 6 Redis ports (default 7341)
          --port-base N        first of the services' loopback ports (default 19100; uses N .. N+21)
          --hub-rate N         hub updates/s over all symbols (default 1000)
          --clients N          stream clients, half on each gateway (default 6)
          --symbols-per-client N (default 6)
          --throughput-seconds N   length of each throughput phase (default 20)
          --order-concurrency N    orders in flight in the throughput phases (default 8)
          --takeover-target-ms N   the takeover time a kill must stay within (default 3000)
        Exit code 1 on any violated invariant.
        """;

    private static readonly string[] Known =
        ["scenario", "kills", "stopouts", "provider-stopouts", "trigger-kills", "ledger", "postgres-port", "out", "cluster-port", "port-base", "hub-rate", "clients", "symbols-per-client", "throughput-seconds", "order-concurrency", "takeover-target-ms"];

    public static ClusterSettings Parse(string[] args)
    {
        var values = HarnessArguments.Parse(args, Known, Usage);
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new ClusterSettings(
            ParseScenarios(values.GetValueOrDefault("scenario", "all")),
            Int("kills", 20),
            Int("stopouts", 3),
            Int("provider-stopouts", 2),
            Int("trigger-kills", 2),
            values.GetValueOrDefault("ledger", "on") switch
            {
                "on" => true,
                "off" => false,
                var other => throw new ArgumentException($"--ledger is on or off, not '{other}'.{Environment.NewLine}{Usage}"),
            },
            Int("postgres-port", 55441),
            Path.GetFullPath(values.GetValueOrDefault("out", ".tickwatch/cluster-ha")),
            Int("cluster-port", 7341),
            Int("port-base", 19100),
            Int("hub-rate", 1000),
            Int("clients", 6),
            Int("symbols-per-client", 6),
            TimeSpan.FromSeconds(Int("throughput-seconds", 20)),
            Int("order-concurrency", 8),
            TimeSpan.FromMilliseconds(Int("takeover-target-ms", 3000)));
    }

    private static ClusterScenario[] ParseScenarios(string list)
    {
        if (list == "all")
        {
            return Enum.GetValues<ClusterScenario>();
        }

        return [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => name switch
        {
            "writer-kill" => ClusterScenario.WriterKill,
            "sigstop" => ClusterScenario.Sigstop,
            "gateway-kill" => ClusterScenario.GatewayKill,
            "master-and-market-kill" => ClusterScenario.MasterAndMarketKill,
            "throughput" => ClusterScenario.Throughput,
            "stopout-kill" => ClusterScenario.StopOutKill,
            "trigger-kill" => ClusterScenario.TriggerKill,
            "provider-stopout-kill" => ClusterScenario.ProviderStopOutKill,
            _ => throw new ArgumentException($"Unknown scenario '{name}'.{Environment.NewLine}{Usage}"),
        })];
    }
}
