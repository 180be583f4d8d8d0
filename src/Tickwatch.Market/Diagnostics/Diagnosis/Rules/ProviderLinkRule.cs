using Tickwatch.Trading.ProviderLink;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>The provider link is down while accounts route to it, or requests at the provider wait too long for an answer.</summary>
public sealed class ProviderLinkRule : IDiagnosisRule
{
    public string Id => "provider_link";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Provider is not { } link)
        {
            return RuleOutcome.NotApplicable;
        }

        var evidence = new Dictionary<string, object?>
        {
            ["state"] = link.State.ToString().ToLowerInvariant(),
            ["endpoint"] = link.Endpoint,
            ["provider_routed_accounts"] = link.ProviderRoutedAccounts,
            ["in_flight_orders"] = link.InFlight.Count,
            ["stuck_orders"] = link.Stuck,
            ["oldest_awaiting_seconds"] = Math.Round(link.OldestAwaitingSeconds, 1),
            ["reconnects"] = link.Reconnects,
            ["last_error"] = link.LastError,
        };
        var down = link.State != ProviderLinkState.Connected && (link.ProviderRoutedAccounts > 0 || link.InFlight.Count > 0);
        if (down)
        {
            return RuleOutcome.Problem(new Finding(
                Id,
                Severity.Critical,
                "Provider link down",
                Invariant($"The link to the execution gateway ({link.Endpoint}) is {evidence["state"]} while {link.ProviderRoutedAccounts} account(s) route to the provider and {link.InFlight.Count} order(s) are in flight"),
                link.Enabled
                    ? "The gateway cannot be reached or dropped the connection; provider-routed orders are refused PROVIDER_UNAVAILABLE until it is back. Last error: " + (link.LastError ?? "none")
                    : "ProviderLink:Enabled is false, yet accounts route to the provider: their orders are refused PROVIDER_UNAVAILABLE.",
                evidence,
                "Check the execution gateway (its /control/status) and ProviderLink:Host/Port; GET /api/debug/provider shows the state and the orders in flight, which are sent again on reconnect."));
        }

        if (link.Stuck > 0)
        {
            return RuleOutcome.Problem(new Finding(
                Id,
                Severity.Warning,
                "Provider orders waiting for an answer",
                Invariant($"{link.Stuck} order(s) at the provider owed an answer, the oldest for {link.OldestAwaitingSeconds:0} s"),
                "The gateway accepted the requests but has not reported on them (delayed, paused, or reports lost); their margin stays reserved until it answers.",
                evidence,
                "GET /api/debug/provider → .in_flight lists them; a reconnect (or the gateway's resume) makes the gateway answer again with the same cl_ord_id."));
        }

        return RuleOutcome.Ok(Id, link.State == ProviderLinkState.Connected ? "Provider link connected, no order waiting long" : "Provider link not in use", evidence);
    }
}
