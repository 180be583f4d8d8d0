namespace Tickwatch.ClusterHarness;

/// <summary>A failover the harness can inflict on the running system (issue 17's tests).</summary>
internal enum ClusterScenario
{
    /// <summary>SIGKILL the instance holding the feed lease, N times, restarting it after each.</summary>
    WriterKill,

    /// <summary>SIGSTOP the feed writer past its lease, let the other take over, then SIGCONT it.</summary>
    Sigstop,

    /// <summary>SIGKILL a gateway with subscribed clients; they resume on the other.</summary>
    GatewayKill,

    /// <summary>SIGKILL a Redis master and the feed-writing market service at once.</summary>
    MasterAndMarketKill,

    /// <summary>Orders per second and stored prices per second with one market service, then with two.</summary>
    Throughput,

    /// <summary>SIGKILL the market service liquidating an account mid-stop-out; the survivor finishes it, each position closed once.</summary>
    StopOutKill,

    /// <summary>SIGKILL the market service owning an account's partition as the price reaches its armed triggers; each fires once.</summary>
    TriggerKill,

    /// <summary>The same for an account routed to the liquidity provider: its closes are provider requests, each executed once at the gateway.</summary>
    ProviderStopOutKill,
}
