using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Tests.Unit;

public sealed class SendSlotTimerUnitTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_wait_ends_when_its_slot_comes_and_the_timer_serves_wait_after_wait()
    {
        using var timer = new SendSlotTimer(_time);

        for (var round = 0; round < 3; round++)
        {
            var wait = timer.WaitAsync(TimeSpan.FromMilliseconds(20));
            _time.Advance(TimeSpan.FromMilliseconds(19));
            Assert.False(wait.IsCompleted);

            _time.Advance(TimeSpan.FromMilliseconds(1));
            await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task A_close_ends_the_wait_under_way_and_every_later_one_at_once()
    {
        using var timer = new SendSlotTimer(_time);
        var wait = timer.WaitAsync(TimeSpan.FromSeconds(1));

        timer.Close();

        await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(timer.WaitAsync(TimeSpan.FromSeconds(1)).IsCompleted);
    }

    [Fact]
    public void A_slot_that_comes_after_a_close_completes_nothing()
    {
        var timer = new SendSlotTimer(_time);
        var wait = timer.WaitAsync(TimeSpan.FromMilliseconds(20));
        timer.Close();

        // The timer is still set: firing now must not complete the (already completed, maybe reused) source again.
        _time.Advance(TimeSpan.FromMilliseconds(20));

        Assert.True(wait.IsCompletedSuccessfully);
        timer.Dispose();
    }
}
