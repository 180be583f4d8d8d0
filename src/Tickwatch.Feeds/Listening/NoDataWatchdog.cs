using System.Net.WebSockets;

namespace Tickwatch.Feeds.Listening;

/// <summary>Aborts a WebSocket that has delivered no usable message for a set time, so a silently dead or garbage-only connection is replaced.</summary>
/// <remarks>
/// Only a frame that decodes to prices or to the protocol's heartbeat is activity (<see cref="Touch"/>): garbage,
/// ignored and oversized frames are only counted (<see cref="Refused"/>), so a feed that sends nothing else is
/// replaced and its cause says so. The receive loop only stores the time of each message; the timer, from the
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
    private long _refused;
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

    /// <summary>Frames refused (undecodable, ignored, oversized) since the last activity.</summary>
    public long RefusedSinceActivity => Volatile.Read(ref _refused);

    /// <summary>Records activity (a frame with prices or a heartbeat) at <paramref name="timestamp"/> (from <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Touch(long timestamp)
    {
        Volatile.Write(ref _lastActivity, timestamp);
        Volatile.Write(ref _refused, 0);
    }

    /// <summary>Counts a frame that was received but is no sign of a working feed; written by the receive loop only.</summary>
    public void Refused() => Volatile.Write(ref _refused, _refused + 1);

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
