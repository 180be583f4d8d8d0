using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Diagnostics.RecentErrors;

/// <summary>One warning or error the service logged, as <c>recent_errors</c> shows it.</summary>
/// <param name="At">When it was logged.</param>
/// <param name="Level">The log level (<c>warning</c>, <c>error</c>, <c>critical</c>).</param>
/// <param name="Category">The logger's category, usually the type that logged it.</param>
/// <param name="EventId">The stable event id of the log line; 0 when it has none.</param>
/// <param name="EventName">The event's name, when it has one.</param>
/// <param name="Message">The formatted message, cut to <see cref="RecentErrorLog.MaxMessageLength"/> characters.</param>
/// <param name="ExceptionType">The full type name of the exception logged with it, if any.</param>
public sealed record RecentError(
    DateTimeOffset At,
    LogLevel Level,
    string Category,
    int EventId,
    string? EventName,
    string Message,
    string? ExceptionType);
