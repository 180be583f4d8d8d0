using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>The log lines of the comprehensive report and the diagnosis, source-generated with stable event ids.</summary>
internal static partial class DiagnosticsLog
{
    [LoggerMessage(EventId = 2300, EventName = "DiagnosticSectionTimedOut", Level = LogLevel.Warning,
        Message = "⏱️ Diagnostics section {Section} did not answer within {LimitMs:0.###} ms; reported as timed_out")]
    public static partial void SectionTimedOut(ILogger logger, string section, double limitMs);

    [LoggerMessage(EventId = 2301, EventName = "DiagnosticSectionFailed", Level = LogLevel.Warning,
        Message = "❌ Diagnostics section {Section} failed; reported as failed")]
    public static partial void SectionFailed(ILogger logger, string section, Exception exception);
}
