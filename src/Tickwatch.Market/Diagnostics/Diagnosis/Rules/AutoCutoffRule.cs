using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>
/// AutoCutoff cannot protect accounts: it holds some (stale or missing figures), a stop-out runs far longer than its
/// closes should take, or margin-call e-mails fail. The worst of these is the finding; every figure is evidence.
/// </summary>
public sealed class AutoCutoffRule : IDiagnosisRule
{
    /// <summary>A stop-out running longer than this is stuck (a close takes milliseconds; the lock is renewed, not expired).</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(60);

    public string Id => "autocutoff";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.AutoCutoff is not { } report || report.State == "disabled")
        {
            return RuleOutcome.NotApplicable;
        }

        var stuck = report.StopOuts.Where(s => s.Seconds >= StuckAfter.TotalSeconds).ToList();
        var mailFailed = (report.Mail?.Failed ?? 0) + (report.Mail?.Dropped ?? 0);
        var evidence = new Dictionary<string, object?>
        {
            ["state"] = report.State,
            ["accounts_watched"] = report.AccountsWatched,
            ["accounts_held"] = report.AccountsHeld,
            ["holds"] = report.Holds,
            ["stop_outs_running"] = report.StopOuts.Count,
            ["stop_outs_stuck"] = stuck.Select(s => s.Account).ToList(),
            ["mail_failed"] = report.Mail?.Failed ?? 0,
            ["mail_dropped"] = report.Mail?.Dropped ?? 0,
            ["mail_last_error"] = report.Mail?.LastError,
            ["locks_lost"] = report.LocksLost,
        };
        const string Where = "GET /api/debug/autocutoff";
        if (report.State is "faulted" or "stopped")
        {
            return Problem(Severity.Critical, "AutoCutoff watcher not running", $"The AutoCutoff watcher is {report.State}", "No margin call or stop-out is made while it does not run.", evidence,
                "Check GET /api/debug/services and the log (event ids 7000–7012); the supervisor restarts it.");
        }

        if (stuck.Count > 0)
        {
            return Problem(
                Severity.Critical,
                "Stop-out stuck",
                Invariant($"{stuck.Count} stop-out(s) running for {stuck.Max(s => s.Seconds):0} s: {string.Join(", ", stuck.Select(s => s.Account))}"),
                "A stop-out keeps its lock renewed but does not finish: its closes are refused or slow (a provider route, a store that does not answer).",
                evidence,
                $"{Where} → .stop_outs and .recent (the refusals of its closes); the log's 7008 lines name each refused close.");
        }

        if (report.AccountsHeld > 0)
        {
            var reasons = string.Join(", ", report.Held.Select(h => h.Reason).Distinct(StringComparer.Ordinal));
            return Problem(
                Severity.Warning,
                "AutoCutoff holds accounts",
                Invariant($"{report.AccountsHeld} account(s) held by AutoCutoff ({reasons})"),
                "Their prices, margin level or portfolio are stale or missing, or a stop-out's close waits on the liquidity provider, so no margin call or "
                + "stop-out is made on them (never on a margin level read as 0). "
                + (report.Held.Count > 0 ? "First: " + report.Held[0].Detail : string.Empty),
                evidence,
                $"Check the symbols' feeds (GET /api/debug/market-data → .data_freshness.stale_symbols) and, for a provider_* reason, the link (GET /api/debug/provider → .state); {Where} → .held says why each is held. AutoCutoff acts again with the next fresh portfolio.");
        }

        if (mailFailed > 0)
        {
            return Problem(
                Severity.Warning,
                "Margin-call e-mail failing",
                Invariant($"{report.Mail!.Failed} margin-call e-mail(s) failed and {report.Mail.Dropped} dropped"),
                "The SMTP server did not take them after retries, or the queue was full: " + (report.Mail.LastError ?? "no error recorded"),
                evidence,
                $"Check AutoCutoff:Smtp:Host/Port and the server; {Where} → .mail.");
        }

        return RuleOutcome.Ok(Id, "AutoCutoff acts on every watched account", evidence);

        RuleOutcome Problem(Severity severity, string title, string symptom, string cause, Dictionary<string, object?> figures, string action) =>
            RuleOutcome.Problem(new Finding(Id, severity, title, symptom, cause, figures, action));
    }
}
