namespace Tickwatch.SoakHarness;

/// <summary>The kinds of fault a soak run injects.</summary>
internal enum SoakFault
{
    /// <summary>The hub aborts the market's feed connection (and refuses it for a moment).</summary>
    FeedDrop,

    /// <summary>The hub sends nothing for a few seconds, sometimes longer than a symbol's max quote age.</summary>
    Stall,

    /// <summary>The hub replaces its next frames with random bytes.</summary>
    Garbage,

    /// <summary>A Redis master is SIGKILLed; the cluster fails over; the node is restarted and rejoins as a replica.</summary>
    RedisMasterKill,

    /// <summary>Some stream clients drop their connection and reconnect and resubscribe.</summary>
    ClientChurn,

    /// <summary>A burst of market orders through the gateway (each position closed again), local and provider-routed.</summary>
    OrderBurst,

    /// <summary>The execution gateway drops the provider link; provider orders are placed while the market service reconnects.</summary>
    ProviderDisconnect,
}
