using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>An <see cref="ILogger{T}"/> that keeps every entry: its rendered message and its structured values.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public IReadOnlyList<string> Messages => [.. _entries.Select(e => e.Message)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
        _entries.Enqueue(new CapturedLog(logLevel, eventId, formatter(state, exception), values, exception));
    }
}

/// <summary>One captured log entry.</summary>
internal sealed record CapturedLog(
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> Values,
    Exception? Exception)
{
    public object? Value(string name) => Values.FirstOrDefault(v => v.Key == name).Value;
}
