using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Testing;

/// <summary>Keeps every log line of every level, in order, so tests can check the operators' lines verbatim.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<string> Messages => [.. _entries.Select(e => e.Message)];

    public bool Contains(string text) => _entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal));

    public int Count(string text) => _entries.Count(e => e.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _entries);

    /// <summary>A logger factory that writes here only, for classes built by hand in unit tests.</summary>
    public ILoggerFactory CreateFactory() => LoggerFactory.Create(b => b.AddProvider(this).SetMinimumLevel(LogLevel.Trace));

    public void Dispose()
    {
    }

    /// <summary>Everything captured, one line each: the message a failing assertion shows.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _entries.Select(e => $"{e.Level} {e.Category}[{e.EventId.Id}]: {e.Message}"));

    private sealed class Capturing(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
