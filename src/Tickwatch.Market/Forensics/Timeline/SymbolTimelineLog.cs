using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>The symbol timeline's log lines, source-generated with stable event ids.</summary>
internal static partial class SymbolTimelineLog
{
    [LoggerMessage(EventId = 2710, EventName = "TimelineSymbolCapReached", Level = LogLevel.Warning,
        Message = "🧾 Symbol timeline keeps at most {MaxSymbols} symbols (Forensics:TimelineSymbols): {Symbol} and any further symbol have no history; counted in /api/debug/forensics/symbols")]
    public static partial void SymbolCapReached(ILogger logger, int maxSymbols, string symbol);
}
