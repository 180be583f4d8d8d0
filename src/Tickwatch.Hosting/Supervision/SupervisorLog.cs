using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Supervision;

/// <summary>The supervisor's log lines, source-generated with stable event ids.</summary>
/// <remarks>"✅ … started" and "🎯 Startup complete! …" are the operators' guide's start-up lines; they must not change.</remarks>
internal static partial class SupervisorLog
{
    [LoggerMessage(EventId = 5100, EventName = "ServiceStarted", Level = LogLevel.Information,
        Message = "✅ {Service} started")]
    public static partial void Started(ILogger logger, string service);

    [LoggerMessage(EventId = 5101, EventName = "StartupComplete", Level = LogLevel.Information,
        Message = "🎯 Startup complete! Running {Count} background services")]
    public static partial void StartupComplete(ILogger logger, int count);

    [LoggerMessage(EventId = 5102, EventName = "ServiceFaulted", Level = LogLevel.Error,
        Message = "❌ Background service {Name} faulted after {RanSeconds:F1} s; restarting in {DelaySeconds:F1} s (fault {Faults})")]
    public static partial void Faulted(ILogger logger, string name, double ranSeconds, double delaySeconds, int faults, Exception exception);

    [LoggerMessage(EventId = 5103, EventName = "ServiceRestarted", Level = LogLevel.Information,
        Message = "🔄 Background service {Name} restarted (restart {Restarts})")]
    public static partial void Restarted(ILogger logger, string name, int restarts);

    [LoggerMessage(EventId = 5104, EventName = "ServiceRestartRequested", Level = LogLevel.Warning,
        Message = "🔄 Restart of background service {Name} requested")]
    public static partial void RestartRequested(ILogger logger, string name);

    [LoggerMessage(EventId = 5105, EventName = "ServiceCompleted", Level = LogLevel.Information,
        Message = "Background service {Name} finished its work")]
    public static partial void Completed(ILogger logger, string name);

    [LoggerMessage(EventId = 5106, EventName = "ServiceDidNotStop", Level = LogLevel.Error,
        Message = "⏱️ Background service {Name} did not stop within {TimeoutSeconds:F1} s")]
    public static partial void DidNotStop(ILogger logger, string name, double timeoutSeconds);

    [LoggerMessage(EventId = 5107, EventName = "ServicesStopped", Level = LogLevel.Information,
        Message = "🛑 Stopped {Count} background services")]
    public static partial void AllStopped(ILogger logger, int count);

    [LoggerMessage(EventId = 5108, EventName = "ServicesNotStopped", Level = LogLevel.Error,
        Message = "🛑 Stopped {Stopped} of {Count} background services; still running after {TimeoutSeconds:F1} s: {NotStopped}")]
    public static partial void NotAllStopped(ILogger logger, int stopped, int count, double timeoutSeconds, string notStopped);

    [LoggerMessage(EventId = 5109, EventName = "ServiceCancellationFailed", Level = LogLevel.Error,
        Message = "A background service threw while being asked to stop")]
    public static partial void CancellationCallbackFailed(ILogger logger, Exception exception);
}
