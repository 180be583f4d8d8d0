using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger writer's log lines (event ids 7610–7619).</summary>
internal static partial class LedgerWriterLog
{
    [LoggerMessage(EventId = 7610, EventName = "LedgerWriterStarted", Level = LogLevel.Information,
        Message = "Ledger writer started on {Database}, schema version {Version}")]
    public static partial void Started(ILogger logger, string database, int version);

    [LoggerMessage(EventId = 7611, EventName = "LedgerWriterPassFailed", Level = LogLevel.Warning,
        Message = "Ledger writer failed {What}; the outbox keeps its entries, next try in {Delay}: {Error}")]
    public static partial void PassFailed(ILogger logger, Exception exception, string what, TimeSpan delay, string error);

    [LoggerMessage(EventId = 7612, EventName = "LedgerOutboxEntryHeld", Level = LogLevel.Error,
        Message = "Ledger outbox entry of {Account} held, its later entries wait behind it: {Problem}. Entry: {Entry}")]
    public static partial void EntryHeld(ILogger logger, AccountId account, string problem, string entry);

    [LoggerMessage(EventId = 7613, EventName = "LedgerOutboxAccountReleased", Level = LogLevel.Information,
        Message = "Ledger outbox of {Account} moves again: the entry it was held at is gone")]
    public static partial void AccountReleased(ILogger logger, AccountId account);

    [LoggerMessage(EventId = 7614, EventName = "LedgerWriterRefused", Level = LogLevel.Critical,
        Message = "Ledger writer does not run: {Error}")]
    public static partial void Refused(ILogger logger, string error);

    [LoggerMessage(EventId = 7615, EventName = "LedgerWriterWrote", Level = LogLevel.Debug,
        Message = "Ledger writer wrote {Written} events of {Accounts} accounts ({Duplicates} already there)")]
    public static partial void Wrote(ILogger logger, int written, int accounts, int duplicates);
}
