using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>Keeps every log line with the properties of the scopes open when it was written, as Serilog puts them on the line.</summary>
internal sealed class ScopedLogCollector : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<ScopedLogLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<ScopedLogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public override string ToString() =>
        string.Join(Environment.NewLine, _lines.Select(l => $"{l.Level} {l.Category}: {l.Message} {{{string.Join(", ", l.Scope.Select(p => $"{p.Key}={p.Value}"))}}}"));

    private sealed class Collector(string category, ScopedLogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope(
                static (value, properties) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            properties[key] = item;
                        }
                    }
                },
                scope);
            owner._lines.Enqueue(new ScopedLogLine(category, logLevel, formatter(state, exception), scope));
        }
    }
}
