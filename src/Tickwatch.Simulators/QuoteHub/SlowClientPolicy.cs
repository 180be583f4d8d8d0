namespace Tickwatch.Simulators.QuoteHub;

/// <summary>What the hub does when a client reads more slowly than frames are produced.</summary>
public enum SlowClientPolicy
{
    /// <summary>The connection's queue drops its oldest frame to make room, and the drop is counted (the default, like a real hub).</summary>
    Drop,

    /// <summary>The generator waits for the slowest client, so no frame is lost (for benchmarks).</summary>
    Backpressure,
}
