namespace Tickwatch.LoadHarness;

/// <summary>What produces the frames and what consumes them.</summary>
internal enum ScenarioKind
{
    /// <summary>The quote hub (price model + encoders + WebSocket server) into the feed listeners and the price book.</summary>
    EndToEnd,

    /// <summary>The quote hub into bare WebSocket readers that only count frames: what the hub can produce.</summary>
    HubCeiling,

    /// <summary>A minimal server replaying pre-encoded frames into the feed listeners and the price book: our pipeline alone.</summary>
    Replay,

    /// <summary>Decode and book on one thread, no sockets: where a core's time goes.</summary>
    InMemory,
}
