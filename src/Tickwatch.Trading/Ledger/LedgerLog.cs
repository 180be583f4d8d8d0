using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger store's log lines (event ids 7600–7609).</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(EventId = 7600, EventName = "LedgerMigrated", Level = LogLevel.Information,
        Message = "Ledger schema ({Database}) migrated from version {Before} to {After}")]
    public static partial void Migrated(ILogger logger, string database, int before, int after);

    [LoggerMessage(EventId = 7601, EventName = "LedgerSchemaTooNew", Level = LogLevel.Critical,
        Message = "Ledger database ({Database}) is at schema version {DatabaseVersion}, newer than this code's {CodeVersion}; it is not used")]
    public static partial void SchemaTooNew(ILogger logger, string database, int databaseVersion, int codeVersion);

    [LoggerMessage(EventId = 7602, EventName = "LedgerBatchRefused", Level = LogLevel.Error,
        Message = "Ledger batch of {Count} events refused, nothing written: {Problem}")]
    public static partial void BatchRefused(ILogger logger, int count, string problem);

    [LoggerMessage(EventId = 7603, EventName = "LedgerBatchFailed", Level = LogLevel.Warning,
        Message = "Ledger batch of {Count} events failed in the database ({Database}), nothing written: {Error}")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string database, string error);

    [LoggerMessage(EventId = 7604, EventName = "LedgerDuplicatesSkipped", Level = LogLevel.Debug,
        Message = "Ledger skipped {Duplicates} events already applied ({Applied} applied)")]
    public static partial void DuplicatesSkipped(ILogger logger, int duplicates, int applied);
}
