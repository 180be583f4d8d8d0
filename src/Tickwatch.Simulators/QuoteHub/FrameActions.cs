namespace Tickwatch.Simulators.QuoteHub;

/// <summary>What the active faults do to one frame of one feed.</summary>
[Flags]
internal enum FrameActions
{
    None = 0,

    /// <summary>Send nothing.</summary>
    Stall = 1,

    /// <summary>The prices differ from the shared ones (frozen, spiked or diverged).</summary>
    PricesChanged = 2,

    Garbage = 4,
    Truncate = 8,
    Duplicate = 16,

    /// <summary>Hold this frame back until the next one is sent.</summary>
    HoldBack = 32,
}
