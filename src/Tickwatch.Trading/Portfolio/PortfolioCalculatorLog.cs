using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Portfolio;

/// <summary>The portfolio calculator's log lines (event ids 6200–6299).</summary>
/// <remarks>The guide's start-up line "✅ Portfolio calculator listener started" is the supervisor's, when <see cref="PortfolioCalculatorService"/> starts.</remarks>
internal static partial class PortfolioCalculatorLog
{
    [LoggerMessage(EventId = 6200, EventName = "PortfolioCalculatorListening", Level = LogLevel.Information, Message = "Portfolio calculator listening: every quote and committed order revalues its holders")]
    public static partial void Listening(ILogger logger);

    [LoggerMessage(EventId = 6201, EventName = "PortfolioCalculatorLoaded", Level = LogLevel.Information,
        Message = "Portfolio calculator tracks {Accounts} accounts holding {Symbols} symbols ({Corrected} symbol holder entries corrected) in {ElapsedMs} ms")]
    public static partial void Loaded(ILogger logger, int accounts, int symbols, int corrected, long elapsedMs);

    [LoggerMessage(EventId = 6202, EventName = "PortfolioStartFailed", Level = LogLevel.Warning,
        Message = "Portfolio calculator could not load the accounts; retrying in {DelaySeconds} s: {Error}")]
    public static partial void StartFailed(ILogger logger, double delaySeconds, string error);

    [LoggerMessage(EventId = 6203, EventName = "PortfolioWriteFailed", Level = LogLevel.Warning,
        Message = "{Failed} of {Count} portfolios not written; they are recomputed on the next pass: {Error}")]
    public static partial void WriteFailed(ILogger logger, int failed, int count, string error);

    [LoggerMessage(EventId = 6204, EventName = "PortfolioAccountReadFailed", Level = LogLevel.Warning,
        Message = "{Failed} accounts could not be read from the trading store; their portfolios wait for the next read: {Error}")]
    public static partial void ReadFailed(ILogger logger, int failed, string error);

    [LoggerMessage(EventId = 6205, EventName = "PortfolioSymbolRefused", Level = LogLevel.Warning,
        Message = "{Symbol} refused for valuation ({Reason}): the {Accounts} portfolios that need it are degraded until a fresh price")]
    public static partial void SymbolRefused(ILogger logger, string symbol, string reason, int accounts);

    [LoggerMessage(EventId = 6206, EventName = "PortfolioSymbolRecovered", Level = LogLevel.Information,
        Message = "{Symbol} fresh again: the {Accounts} portfolios that need it are revalued")]
    public static partial void SymbolRecovered(ILogger logger, string symbol, int accounts);

    [LoggerMessage(EventId = 6207, EventName = "PortfolioHoldersFailed", Level = LogLevel.Warning,
        Message = "The symbol holders of {Account} could not be written; retried on the next pass: {Error}")]
    public static partial void HoldersFailed(ILogger logger, string account, string error);

    [LoggerMessage(EventId = 6208, EventName = "PortfolioRecalcRequested", Level = LogLevel.Information,
        Message = "Portfolio recompute requested for {Count} accounts")]
    public static partial void RecalcRequested(ILogger logger, int count);

    [LoggerMessage(EventId = 6209, EventName = "PortfolioCalculatorStopped", Level = LogLevel.Information,
        Message = "Portfolio calculator stopped after {Recomputes} recomputes")]
    public static partial void Stopped(ILogger logger, long recomputes);
}
