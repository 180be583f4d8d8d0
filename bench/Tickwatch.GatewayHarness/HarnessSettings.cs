using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.GatewayHarness;

/// <summary>The harness's command line (see <see cref="Usage"/>); the defaults are issue 4's figures.</summary>
internal sealed record HarnessSettings(int Clients, int SymbolsPerClient, int Rate, double Seconds, double WarmupSeconds, double SettleSeconds, int? ClientReceiveBuffer, ClientMode ClientMode, int PollThreads, int TimedClientsEvery, IReadOnlyDictionary<string, string> GatewaySettings, IReadOnlyDictionary<string, string> GatewayEnvironment, ClusterSettings? Cluster = null)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Tickwatch.GatewayHarness -- [options]
          --clients 1000             WebSocket clients of GET /api/stream, in this process
          --symbols-per-client 20    symbols each client subscribes to (spread so every symbol has subscribers)
          --rate 50000               price updates/s the source offers over all the gateway's symbols
          --seconds 30               measured window
          --warmup-seconds 5         feed running, clients reading, nothing recorded (JIT, buffers, GC settle)
          --settle-seconds 3         after the feed stops: time for the last prices to reach every client
          --client-receive-buffer N  each client socket's kernel receive buffer in bytes (default: the system's, auto-tuned)
          --client-mode async        async: a ClientWebSocket and an async receive loop per client; poll: raw non-blocking
                                     sockets read by --poll-threads threads waiting with Socket.Select
          --poll-threads 2           reader threads of --client-mode poll, each owning an equal share of the clients
          --timed-clients-every 1    every Nth client records latencies (1: all); every client checks the order of every
                                     price and its last prices; fewer timed clients leave more CPU to the gateway
          --gateway K=V[,K=V]        configuration for the gateway process, e.g. Gateway:Stream:SendInterval=00:00:00.050
          --gateway-env K=V[,K=V]    environment of the gateway process, e.g. DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
          --source pacer             pacer: the gateway in a child process with an in-memory store fed by a pacer (one run);
                                     cluster: as in production, see below
        The gateway runs in a child process (this program with --serve) with its in-memory store, fed by a pacer;
        the report starts with the stream settings it runs with and gives tick-to-client latency and coverage delay.

        --source cluster: a Redis Cluster (scripts/redis-cluster.sh), `tickwatch quote-hub` and `tickwatch market` (the built
        CLI, processes of their own) storing prices in it and announcing them on prices:{SYM}, and `tickwatch gateway` reading
        from it in its own process, started again for every step and pacing; the clients stay in this process.
          --steps 50,100,200,500,1000  clients at each step (--clients is not used); defaults: the --profile's
          --pacings fixed,adaptive   the gateway's Gateway:Stream:Pacing at each step, one after the other (the profile's)
          --hub-rate 2500            price updates/s the quote hub offers over its symbols (the profile's)
          --cluster-port 7801        first port of the cluster the harness starts (6 nodes)
          --cluster-dir DIR          its folder (default .tickwatch/redis-cluster-gateway-bench)
          --seeds host:port,...      an existing cluster instead (not stopped at the end)
          --out DIR                  where the reports go (default .tickwatch/gateway-bench): gateway-cluster.{json,md} for
                                     the pacing profile, gateway-cluster-broker.{json,md} and gateway-cluster-stress.{json,md}
          --profile pacing           the workload's defaults (any option given overrides its part):
                                       pacing: 58 standard symbols, --hub-rate 2500, 10 symbols per client,
                                               --steps 50,100,200,500,1000, --pacings fixed,adaptive (issue 20's)
                                       broker: 2,000 symbols (58 standard + SYN0001...), --hub-rate 20000, 20 symbols per
                                               client, --steps 100,500,1000,2000,5000, --pacings adaptive
                                       stress: 58 standard symbols, --hub-rate 50000, 20 symbols per client, the broker's
                                               steps and pacing
          --symbols N                symbols the hub serves and the market and gateway list, 50 to 10,000: the standard ones
                                     first, then synthetic SYN0001... (QuoteHub:SyntheticSymbols)
          --protocol protobuf        protobuf or json: the hub's feed and the market's feed together
          --placement none           none: wherever the scheduler puts them; split: the gateway alone on the last CPU, the hub,
                                     market, every redis-server node and this harness with its clients on the others
                                     (taskset -a -c -p on the started processes; needs util-linux)
          --limits yes               yes (broker, stress) or no (pacing): before the market starts, measure the machine's
                                     limits in the same run (a receive-only client of the same hub at its highest rate,
                                     redis-benchmark pipelined HSET on the same cluster) and show each step's accepted
                                     updates/s and stored prices/s also as a share of them
        Defaults with --source cluster: --symbols-per-client 10 (20 for broker and stress), --seconds 20.
        Every step also reports the whole path: updates/s the market received and accepted, prices/s stored, tick-to-store
        p50/p99/p99.9/max over the market's rolling window (set to the measured window), CPU cores and RSS (end, peak) of
        the hub, market, each Redis node and their sum, the gateway and this harness, CPU µs per accepted price in the
        market, cluster CPU µs per stored price; and the allowed CPUs of every process as /proc/PID/status reads them.
        A step that cannot run (e.g. too few file descriptors for its clients) says why and the run goes on.
        """;

    /// <summary>What <c>--gateway</c> and <c>--gateway-env</c> passed, as given ("defaults" when nothing).</summary>
    public string GatewayArguments => GatewaySettings.Count + GatewayEnvironment.Count == 0
        ? "defaults"
        : string.Join(", ", GatewaySettings.Concat(GatewayEnvironment).Select(p => p.Key + "=" + p.Value));

    public static HarnessSettings Parse(string[] args)
    {
        var values = HarnessArguments.Parse(
            args,
            ["clients", "symbols-per-client", "rate", "seconds", "warmup-seconds", "settle-seconds", "client-receive-buffer", "client-mode", "poll-threads", "timed-clients-every", "gateway", "gateway-env",
                "source", "steps", "pacings", "hub-rate", "cluster-port", "cluster-dir", "seeds", "out", "profile", "symbols", "protocol", "placement", "limits"],
            Usage);
        var cluster = values.GetValueOrDefault("source") switch
        {
            null or "pacer" => null,
            "cluster" => ClusterSettings.Parse(values),
            var other => throw new ArgumentException($"--source is pacer or cluster, not '{other}'."),
        };
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double Double(string key, double fallback) => values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new HarnessSettings(
            Int("clients", 1000),
            Int("symbols-per-client", cluster?.DefaultSymbolsPerClient ?? 20),
            Int("rate", 50_000),
            Double("seconds", cluster is null ? 30 : 20),
            Double("warmup-seconds", 5),
            Double("settle-seconds", 3),
            values.ContainsKey("client-receive-buffer") ? Int("client-receive-buffer", 0) : null,
            Mode(values.GetValueOrDefault("client-mode")),
            Int("poll-threads", 2) is var threads and > 0 ? threads : throw new ArgumentException("--poll-threads must be at least 1."),
            Int("timed-clients-every", 1) is var every and > 0 ? every : throw new ArgumentException("--timed-clients-every must be at least 1."),
            HarnessArguments.Pairs(values.GetValueOrDefault("gateway")),
            HarnessArguments.Pairs(values.GetValueOrDefault("gateway-env")),
            cluster);
    }

    private static ClientMode Mode(string? mode) => mode switch
    {
        null or "async" => ClientMode.Async,
        "poll" => ClientMode.Poll,
        _ => throw new ArgumentException($"--client-mode is async or poll, not '{mode}'."),
    };
}
