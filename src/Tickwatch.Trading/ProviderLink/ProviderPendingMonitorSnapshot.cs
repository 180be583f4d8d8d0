namespace Tickwatch.Trading.ProviderLink;

/// <summary>The pending monitor's figures and its recent decisions, inside <c>/api/debug/provider</c>.</summary>
public sealed record ProviderPendingMonitorSnapshot
{
    /// <summary>Provider orders resting PENDING that the monitor re-checks.</summary>
    public int Watched { get; init; }

    public long Passes { get; init; }

    /// <summary>Orders checked, one per order per pass.</summary>
    public long Checks { get; init; }

    /// <summary>Cancels committed and sent because free margin no longer sufficed.</summary>
    public long CancelsSent { get; init; }

    /// <summary>Cancels the engine refused (the order moved on, or the link could not take it).</summary>
    public long CancelsRefused { get; init; }

    /// <summary>Checks held on a stale or missing price, a degraded portfolio or a link that is down: never a cancel.</summary>
    public long Held { get; init; }

    /// <summary>Passes over an account that failed (the store); the next pass tries again.</summary>
    public long Failures { get; init; }

    public DateTimeOffset? LastPassAt { get; init; }

    /// <summary>The latest cancels and holds, newest first (bounded).</summary>
    public IReadOnlyList<ProviderPendingDecision> Recent { get; init; } = [];
}
