using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Ledger;

/// <summary>The clients' ledger reads' log lines (event ids 2630–2639).</summary>
internal static partial class LedgerReadLog
{
    [LoggerMessage(EventId = 2630, EventName = "LedgerReadFailed", Level = LogLevel.Warning,
        Message = "Ledger read {Route} for {Account} failed, answered 503: {Error}")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string route, string account, string error);
}
