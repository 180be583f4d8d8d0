using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Diagnostics.RecentErrors;

/// <summary>A logger provider that copies every warning and error of the service into the <see cref="RecentErrorLog"/>.</summary>
public sealed class RecentErrorLoggerProvider(RecentErrorLog log, TimeProvider time) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RecentErrorLogger(categoryName, log, time);

    public void Dispose()
    {
    }

    private sealed class RecentErrorLogger(string category, RecentErrorLog log, TimeProvider time) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            log.Add(new RecentError(
                time.GetUtcNow(),
                logLevel,
                category,
                eventId.Id,
                eventId.Name,
                formatter(state, exception),
                exception?.GetType().FullName));
        }
    }
}
