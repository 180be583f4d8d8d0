namespace Tickwatch.Storage.Redis;

/// <summary>How to reach the Redis Cluster (section <c>Redis</c>); an empty <see cref="Configuration"/> means the in-memory store.</summary>
public sealed class RedisStoreOptions
{
    public const string SectionName = "Redis";

    /// <summary>Seed list of cluster nodes, e.g. <c>127.0.0.1:7101,127.0.0.1:7102</c> (StackExchange.Redis syntax; no password in it).</summary>
    public string? Configuration { get; set; }

    /// <summary>The cluster's password; from the environment only (<c>TICKWATCH_Redis__Password</c>), never logged or shown.</summary>
    public string? Password { get; set; }

    /// <summary>ACL user name, when the cluster uses ACLs.</summary>
    public string? User { get; set; }

    /// <summary>Time allowed to open a connection to a node.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for one command (synchronous and asynchronous alike) before it counts as timed out.</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time allowed for each node's questions in the cluster diagnostics; a node slower than this is shown as unreachable.</summary>
    public TimeSpan NodeProbeTimeout { get; set; } = TimeSpan.FromMilliseconds(750);

    /// <summary>How often the client re-reads the cluster's topology on its own (it also does after a connection fails).</summary>
    public TimeSpan TopologyCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>For the host: start even when the cluster is unreachable, and keep retrying (the multiplexer reconnects by itself).</summary>
    public bool StartDegraded { get; set; }

    /// <summary>Also announce each written price as JSON on the sharded channel <c>prices:{market:SYMBOL}</c>.</summary>
    public bool PublishPriceChannels { get; set; } = true;

    /// <summary>
    /// Announce each written symbol on the reference channel <c>market_price_updates</c>, for the reference system's
    /// clients, while someone listens there (see <see cref="SymbolUpdatesListenerCheck"/>). Redis Cluster relays a
    /// classic PUBLISH to every node, so this costs the cluster more than the write itself; false never announces there.
    /// </summary>
    public bool PublishSymbolUpdates { get; set; } = true;

    /// <summary>
    /// How often the store asks every node how many clients subscribe to <c>market_price_updates</c>; while none does,
    /// the write script does not publish there. A new listener gets its first symbols within this time. Zero publishes
    /// every written symbol whether or not anyone listens (the way before).
    /// </summary>
    public TimeSpan SymbolUpdatesListenerCheck { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Client name shown by <c>CLIENT LIST</c> on the nodes.</summary>
    public string ClientName { get; set; } = "tickwatch";

    /// <summary>True when a cluster is configured (otherwise the in-memory store is used).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The configuration without any secret, for logs and diagnostics.</summary>
    public override string ToString() =>
        $"{(IsConfigured ? Configuration : "(not configured)")}; password {(string.IsNullOrEmpty(Password) ? "not set" : "set (***)")}";
}
