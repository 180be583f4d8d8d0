using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Tests.Support;

/// <summary>One captured log line.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
