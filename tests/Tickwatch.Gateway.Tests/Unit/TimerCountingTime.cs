using Microsoft.Extensions.Time.Testing;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>A fake clock that counts the timers created on it and not yet disposed: a grace left running shows here.</summary>
internal sealed class TimerCountingTime(FakeTimeProvider clock) : TimeProvider
{
    private int _live;

    public int LiveTimers => Volatile.Read(ref _live);

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new Counted(clock.CreateTimer(callback, state, dueTime, period), this);
    }

    private sealed class Counted(ITimer inner, TimerCountingTime owner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
