using System.Net.WebSockets;

namespace Tickwatch.Feeds.Listening;

/// <summary>Aborts a WebSocket that has delivered no message for a set time, so a silently dead connection is replaced.</summary>
/// <remarks>
/// The receive loop only stores the time of each message (<see cref="Touch"/>); the timer, from the
/// injected <see cref="TimeProvider"/>, re-arms itself for the remaining time when it finds the
/// connection active, so the hot path never touches the timer.
/// </remarks>
internal sealed class NoDataWatchdog : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly WebSocket _socket;
    private readonly ITimer? _timer;
    private long _lastActivity;
    private int _expired;
    private int _disposed;

    public NoDataWatchdog(TimeProvider timeProvider, TimeSpan timeout, WebSocket socket)
    {
        _timeProvider = timeProvider;
        _timeout = timeout;
        _socket = socket;
        _lastActivity = timeProvider.GetTimestamp();
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            // Armed after assignment, so the callback always sees the timer.
            _timer = timeProvider.CreateTimer(static state => ((NoDataWatchdog)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>True once the watchdog has aborted the socket.</summary>
    public bool Expired => Volatile.Read(ref _expired) != 0;

    /// <summary>Records activity at <paramref name="timestamp"/> (from <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Touch(long timestamp) => Volatile.Write(ref _lastActivity, timestamp);

    public void Dispose()
    {
        Volatile.Write(ref _disposed, 1);
        _timer?.Dispose();
    }

    private void Check()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var idle = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (idle < _timeout)
        {
            try
            {
                _timer?.Change(_timeout - idle, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The connection ended meanwhile.
            }

            return;
        }

        Volatile.Write(ref _expired, 1);
        try
        {
            _socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
