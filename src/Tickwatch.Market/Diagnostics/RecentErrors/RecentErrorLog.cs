using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Diagnostics.RecentErrors;

/// <summary>The service's most recent warnings and errors, in a bounded ring that drops the oldest; thread-safe.</summary>
/// <remarks>Fed by <see cref="RecentErrorLoggerProvider"/>; read by the comprehensive report, the diagnosis and the dashboard.</remarks>
public sealed class RecentErrorLog
{
    /// <summary>How many entries the ring keeps unless told otherwise.</summary>
    public const int DefaultCapacity = 200;

    /// <summary>Longer messages are cut, so one huge message cannot hold on to memory.</summary>
    public const int MaxMessageLength = 2000;

    private readonly Queue<RecentError> _entries;
    private readonly Lock _gate = new();
    private long _total;
    private long _errors;

    public RecentErrorLog(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new Queue<RecentError>(capacity);
    }

    public int Capacity { get; }

    /// <summary>Entries recorded since the start, including those that fell out of the ring.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Entries at <see cref="LogLevel.Error"/> or above recorded since the start.</summary>
    public long ErrorsTotal => Interlocked.Read(ref _errors);

    public void Add(RecentError entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Message.Length > MaxMessageLength)
        {
            entry = entry with { Message = string.Concat(entry.Message.AsSpan(0, MaxMessageLength), "…") };
        }

        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
            _total++;
            if (entry.Level >= LogLevel.Error)
            {
                _errors++;
            }
        }
    }

    /// <summary>Up to <paramref name="limit"/> entries still in the ring, newest first.</summary>
    public IReadOnlyList<RecentError> Recent(int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            return [.. _entries.Reverse().Take(limit)];
        }
    }
}
