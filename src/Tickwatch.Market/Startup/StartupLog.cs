using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Startup;

/// <summary>The start-up log lines, source-generated with stable event ids.</summary>
/// <remarks>The 🚀, 🔍, ✅/❌ prerequisite, 📊 and "❌ Critical error" texts are the operators' guide's; operators grep for them, so they must not change.</remarks>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 2000, EventName = "MarketServiceStarting", Level = LogLevel.Information,
        Message = "🚀 Starting Tickwatch Market Service...")]
    public static partial void Starting(ILogger logger);

    [LoggerMessage(EventId = 2001, EventName = "ValidatingPrerequisites", Level = LogLevel.Information,
        Message = "🔍 Validating startup prerequisites...")]
    public static partial void Validating(ILogger logger);

    [LoggerMessage(EventId = 2002, EventName = "PrerequisitePassed", Level = LogLevel.Information,
        Message = "✅ {Check}: {Outcome} ({Detail})")]
    public static partial void Passed(ILogger logger, string check, string outcome, string detail);

    [LoggerMessage(EventId = 2003, EventName = "PrerequisiteFailed",
        Message = "❌ {Check}: {Outcome} ({Detail})")]
    public static partial void Failed(ILogger logger, LogLevel level, string check, string outcome, string detail);

    [LoggerMessage(EventId = 2004, EventName = "PrerequisitesSummary", Level = LogLevel.Information,
        Message = "📊 Prerequisites validation: {PassedPercent:F1}% passed")]
    public static partial void Summary(ILogger logger, double passedPercent);

    [LoggerMessage(EventId = 2005, EventName = "CriticalStartError", Level = LogLevel.Critical,
        Message = "❌ Critical error starting market listeners: {Reason}")]
    public static partial void CriticalStartError(ILogger logger, string reason);

    [LoggerMessage(EventId = 2006, EventName = "StartingDegraded", Level = LogLevel.Warning,
        Message = "⚠️ Starting degraded (Market:StartDegraded): {Checks} failed; rechecking every {IntervalSeconds:0.###} s")]
    public static partial void StartingDegraded(ILogger logger, string checks, double intervalSeconds);

    [LoggerMessage(EventId = 2007, EventName = "PrerequisiteRecovered", Level = LogLevel.Information,
        Message = "✅ {Check}: recovered after {DegradedSeconds:F1} s degraded ({Detail})")]
    public static partial void Recovered(ILogger logger, string check, double degradedSeconds, string detail);

    [LoggerMessage(EventId = 2008, EventName = "DegradedEnded", Level = LogLevel.Information,
        Message = "✅ Every critical prerequisite passes again: no longer degraded")]
    public static partial void DegradedEnded(ILogger logger);

    [LoggerMessage(EventId = 2009, EventName = "PrerequisiteStillFailing", Level = LogLevel.Debug,
        Message = "{Check} still failing: {Detail}")]
    public static partial void StillFailing(ILogger logger, string check, string detail);
}
