using Microsoft.Extensions.Logging;

namespace Tickwatch.Testing;

/// <summary>One captured log line.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
