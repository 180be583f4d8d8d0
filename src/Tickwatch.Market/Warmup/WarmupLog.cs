using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Warmup;

/// <summary>The warm-up's log lines, source-generated with stable event ids.</summary>
/// <remarks>"✅ Market data warmup successful" is the operators' guide's text; operators grep for it, so it must not change.</remarks>
internal static partial class WarmupLog
{
    [LoggerMessage(EventId = 2400, EventName = "WarmupSucceeded", Level = LogLevel.Information,
        Message = "✅ Market data warmup successful ({Trigger}): {Warmed} of {Requested} symbols shown from the store as warmed-up, not fresh; {Loaded} stored, {Missing} missing, {NotTaken} kept live, oldest {OldestAgeSeconds} s, in {ElapsedMs} ms")]
    public static partial void Succeeded(
        ILogger logger, string trigger, int warmed, int requested, int loaded, int missing, int notTaken, double? oldestAgeSeconds, double elapsedMs);

    [LoggerMessage(EventId = 2401, EventName = "WarmupFailed", Level = LogLevel.Warning,
        Message = "❌ Market data warmup failed ({Trigger}): {Error}; retrying in {RetrySeconds} s")]
    public static partial void Failed(ILogger logger, string trigger, string error, double retrySeconds);
}
