using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Ledger;

/// <summary>The reconciliation's log lines (event ids 7630–7639).</summary>
internal static partial class LedgerReconciliationLog
{
    [LoggerMessage(EventId = 7630, EventName = "LedgerReconciled", Level = LogLevel.Information,
        Message = "Ledger reconciliation: {Checked} accounts, {Agreeing} agree with the ledger, {Behind} behind it (outbox not written yet), in {ElapsedMs} ms")]
    public static partial void Agreed(ILogger logger, int @checked, int agreeing, int behind, double elapsedMs);

    [LoggerMessage(EventId = 7631, EventName = "LedgerDrift", Level = LogLevel.Error,
        Message = "Ledger reconciliation: {Drifting} of {Checked} accounts differ from the ledger ({Behind} behind); first: {Drifts}")]
    public static partial void Drift(ILogger logger, int drifting, int @checked, int behind, string drifts);

    [LoggerMessage(EventId = 7632, EventName = "LedgerReconciliationFailed", Level = LogLevel.Warning,
        Message = "Ledger reconciliation failed: {Error}")]
    public static partial void Failed(ILogger logger, Exception exception, string error);
}
