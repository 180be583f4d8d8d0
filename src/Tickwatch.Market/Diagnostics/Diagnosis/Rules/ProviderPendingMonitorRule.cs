using Tickwatch.Trading.ProviderLink;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>
/// The provider pending monitor has held resting provider orders for long: it cannot decide on them (stale price,
/// degraded portfolio) or knows free margin is short and cannot cancel (link down, every order's one cancel used).
/// </summary>
public sealed class ProviderPendingMonitorRule : IDiagnosisRule
{
    /// <summary>A hold lasting longer than this is a finding (the monitor passes every 0.5 s; a price gap of a few seconds is normal).</summary>
    public static readonly TimeSpan HeldAfter = TimeSpan.FromSeconds(60);

    public string Id => "provider_pending_monitor";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Provider?.PendingMonitor is not { } monitor)
        {
            return RuleOutcome.NotApplicable;
        }

        var held = monitor.Holding.Where(h => h.Reason != ProviderPendingHold.MarketClosed && (snapshot.At - h.Since) >= HeldAfter).ToList();
        var evidence = new Dictionary<string, object?>
        {
            ["watched_orders"] = monitor.Watched,
            ["holding_orders"] = monitor.Holding.Count,
            ["held_long"] = held.Select(h => h.OrderId).ToList(),
            ["oldest_hold_seconds"] = Math.Round(monitor.OldestHoldSeconds, 1),
            ["holds_by_reason"] = monitor.HoldsByReason,
            ["cancels_sent"] = monitor.CancelsSent,
            ["awaiting_cancel"] = monitor.AwaitingCancel,
            ["last_pass_at"] = monitor.LastPassAt,
        };
        if (held.Count == 0)
        {
            return RuleOutcome.Ok(Id, Invariant($"Pending monitor decides on all {monitor.Watched} resting provider order(s)"), evidence);
        }

        var reasons = held.Select(h => h.Reason).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Link down and no cancel left mean free margin is known to be short with nothing the monitor can do: critical.
        var shortAndStuck = reasons.Any(r => r is ProviderPendingHold.LinkDown or ProviderPendingHold.CancelsUsed);
        var oldest = held.MinBy(h => h.Since)!;
        return RuleOutcome.Problem(new Finding(
            Id,
            shortAndStuck ? Severity.Critical : Severity.Warning,
            "Provider pending monitor holding orders",
            Invariant($"{held.Count} resting provider order(s) held for more than {HeldAfter.TotalSeconds:0} s ({string.Join(", ", reasons)}), the oldest {oldest.OrderId} of {oldest.Account} for {(snapshot.At - oldest.Since).TotalSeconds:0} s"),
            shortAndStuck
                ? "Free margin is short but no cancel can go: the provider link is down, or the provider refused every order's one cancel. First: " + oldest.Detail
                : "The monitor cannot value the account on fresh prices, so it neither cancels nor clears these orders. First: " + oldest.Detail,
            evidence,
            "GET /api/debug/provider → .pending_monitor.holding says why each is held; check the symbols' feeds (GET /api/debug/market-data) or the link (.state); a held account's orders can be cancelled by hand."));
    }
}
