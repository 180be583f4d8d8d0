using System.Threading.Tasks.Sources;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// A stream client's wait for its next send slot: one timer for the client's lifetime, set again for each wait, so
/// waiting allocates nothing. (A <c>Task.Delay</c> per message was a timer, a promise and a cancellation registration,
/// 50,000 times a second with 1,000 clients, all of them young and still alive at every collection.)
/// </summary>
/// <remarks>
/// One wait at a time: only the client's send loop waits. <see cref="Close"/> ends the wait under way and makes every
/// later one return at once, so a disconnect's close goes out without waiting for the slot. When the slot comes, the
/// send loop goes on in the timer's callback, already on the thread pool (queuing it again would put every message
/// behind the pool's backlog twice); after a close it goes on in a work item of its own, never on the closing thread.
/// </remarks>
internal sealed class SendSlotTimer : IValueTaskSource, IDisposable
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Closed = 2;

    private readonly ITimer _timer;
    private ManualResetValueTaskSourceCore<bool> _completion;
    private int _state;

    public SendSlotTimer(TimeProvider time)
    {
        _timer = time.CreateTimer(static self => ((SendSlotTimer)self!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes after <paramref name="delay"/>, or as soon as the client is closed.</summary>
    public ValueTask WaitAsync(TimeSpan delay)
    {
        _completion.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            return ValueTask.CompletedTask;
        }

        _timer.Change(delay, Timeout.InfiniteTimeSpan);
        return new ValueTask(this, _completion.Version);
    }

    /// <summary>Ends the wait under way, if any, and every later one at once.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _state, Closed) == Waiting)
        {
            _completion.RunContinuationsAsynchronously = true;
            _completion.SetResult(true);
        }
    }

    public void Dispose()
    {
        Close();
        _timer.Dispose();
    }

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    // The timer's callback. Only what ends a wait completes it: a timer that fires after a close finds nothing waiting.
    private void OnDue()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
        {
            _completion.RunContinuationsAsynchronously = false;
            _completion.SetResult(true);
        }
    }
}
