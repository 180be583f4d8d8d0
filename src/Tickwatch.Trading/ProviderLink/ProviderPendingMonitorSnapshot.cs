namespace Tickwatch.Trading.ProviderLink;

/// <summary>The pending monitor's figures and its recent decisions, inside <c>/api/debug/provider</c> and the comprehensive report's <c>provider</c> section.</summary>
public sealed record ProviderPendingMonitorSnapshot
{
    /// <summary>Provider orders resting PENDING that the monitor re-checks.</summary>
    public int Watched { get; init; }

    /// <summary>The watched orders (the first <see cref="ProviderPendingMonitor.ListedOrders"/>, by account).</summary>
    public IReadOnlyList<ProviderPendingWatch> WatchedOrders { get; init; } = [];

    public long Passes { get; init; }

    public DateTimeOffset? LastPassAt { get; init; }

    /// <summary>Full scans of the store's provider orders (at start, then every <c>ProviderLink:PendingRescanInterval</c>).</summary>
    public long Scans { get; init; }

    public DateTimeOffset? LastScanAt { get; init; }

    /// <summary>Orders the scans found that the monitor did not watch yet (placed through another instance, or an announcement missed).</summary>
    public long ScanAdded { get; init; }

    /// <summary>Watched orders the scans found finished or moved on.</summary>
    public long ScanDropped { get; init; }

    /// <summary>Orders checked, one per order per pass.</summary>
    public long Checks { get; init; }

    /// <summary>Cancels committed because free margin no longer sufficed (one at a time per account); sent, or kept for the next connect.</summary>
    public long CancelsSent { get; init; }

    /// <summary>Of those, the ones the link could not take at once: outstanding on the order, sent by the re-send at the next connect.</summary>
    public long CancelsQueued { get; init; }

    /// <summary>Cancels the engine refused (the order moved on, or the store was busy).</summary>
    public long CancelsRefused { get; init; }

    /// <summary>Accounts whose last pass found a cancel outstanding: the next decision waits for its report and a re-valuation.</summary>
    public int AwaitingCancel { get; init; }

    /// <summary>Checks held: stale or missing price, degraded portfolio, link down, or no cancel left; never a cancel.</summary>
    public long Held { get; init; }

    /// <summary><see cref="Held"/> by reason (<see cref="ProviderPendingHold"/> codes).</summary>
    public IReadOnlyDictionary<string, long> HoldsByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>The orders held now, oldest hold first.</summary>
    public IReadOnlyList<ProviderPendingHold> Holding { get; init; } = [];

    /// <summary>How long the oldest current hold has lasted, market-closed holds aside; 0 when none (the diagnosis and <c>ProviderPendingMonitorHeld</c>).</summary>
    public double OldestHoldSeconds { get; init; }

    /// <summary>Passes over an account that failed (the store); the next pass tries again.</summary>
    public long Failures { get; init; }

    /// <summary>The latest cancels and holds, newest first (bounded).</summary>
    public IReadOnlyList<ProviderPendingDecision> Recent { get; init; } = [];
}
