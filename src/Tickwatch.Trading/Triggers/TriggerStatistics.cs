using Tickwatch.Storage.Writing;

namespace Tickwatch.Trading.Triggers;

/// <summary>The trigger service for <c>/api/debug/trading</c>: what is armed, what fired, what waits and why, and how fast.</summary>
public sealed record TriggerStatistics
{
    public required TriggerServiceState State { get; init; }

    public required int ArmedPending { get; init; }

    public required int ArmedStopLoss { get; init; }

    public required int ArmedTakeProfit { get; init; }

    public required long FiredPending { get; init; }

    public required long FiredStopLoss { get; init; }

    public required long FiredTakeProfit { get; init; }

    /// <summary>Firings the engine answered as already done (its idempotency key seen): the exactly-once guard at work.</summary>
    public required long AlreadyFired { get; init; }

    /// <summary>Armed triggers whose last firing was refused for a stale price or a closed market: they fire on the first fresh crossing price.</summary>
    public required int WaitingOnStale { get; init; }

    /// <summary>Firings refused STALE_PRICE or MARKET_CLOSED, in all.</summary>
    public required long StaleRefusals { get; init; }

    /// <summary>Firings refused REQUOTE: the engine's newer price no longer crossed.</summary>
    public required long Requotes { get; init; }

    /// <summary>Firings refused for another reason (BUSY, an unknown symbol in the group, ...).</summary>
    public required long OtherRefusals { get; init; }

    /// <summary>Triggers disarmed because the store said their order is no longer pending or open (at start or on a refusal).</summary>
    public required long Dropped { get; init; }

    /// <summary>Index writes done, failed (then retried), and waiting.</summary>
    public required long IndexWrites { get; init; }

    public required long IndexFailures { get; init; }

    public required int IndexBacklog { get; init; }

    /// <summary>Rounds of firing that failed (the store unreachable) and were retried.</summary>
    public required long FiringFailures { get; init; }

    public required long QuotesOffered { get; init; }

    /// <summary>Quotes skipped because a newer one of their symbol replaced them before the service took them.</summary>
    public required long QuotesCoalesced { get; init; }

    /// <summary>Crossing quote received to fill or close committed.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>The newest firings first, with the quotes they used.</summary>
    public required IReadOnlyList<TriggerFiring> LastFirings { get; init; }
}
