using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Ledger;

/// <summary>The restore's log lines (event ids 7620–7629).</summary>
internal static partial class LedgerRestoreLog
{
    [LoggerMessage(EventId = 7620, EventName = "LedgerRestoreStarted", Level = LogLevel.Warning,
        Message = "Restoring {Accounts} accounts from the ledger into the trading store ({Why})")]
    public static partial void Started(ILogger logger, int accounts, string why);

    [LoggerMessage(EventId = 7621, EventName = "LedgerRestored", Level = LogLevel.Information,
        Message = "Ledger restore: {Restored} accounts restored with {Positions} open positions and {Pending} pending orders, {Skipped} left alone (the store is at or above the ledger), {Unrestorable} not restorable, in {ElapsedMs} ms")]
    public static partial void Restored(ILogger logger, int restored, int positions, int pending, int skipped, int unrestorable, double elapsedMs);

    [LoggerMessage(EventId = 7622, EventName = "LedgerRestoreAccountsNotRestored", Level = LogLevel.Warning,
        Message = "Ledger restore left {Count} accounts as they are; first: {Accounts}")]
    public static partial void NotRestored(ILogger logger, int count, string accounts);

    [LoggerMessage(EventId = 7623, EventName = "LedgerRestoreNotNeeded", Level = LogLevel.Information,
        Message = "No restore from the ledger at start: {Why}")]
    public static partial void NotNeeded(ILogger logger, string why);

    [LoggerMessage(EventId = 7624, EventName = "LedgerRestoreFailed", Level = LogLevel.Error,
        Message = "Ledger restore failed after {Restored} accounts (restoring again is safe: restored ones are left alone): {Error}")]
    public static partial void Failed(ILogger logger, Exception exception, int restored, string error);
}
