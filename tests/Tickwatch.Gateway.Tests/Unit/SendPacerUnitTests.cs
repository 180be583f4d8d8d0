using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>When a client's next message of prices may go, on a fake clock: adaptive pacing at every load, and the fixed slots of before.</summary>
public sealed class SendPacerUnitTests
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan Ceiling = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Instant = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void An_idle_client_is_sent_at_once_the_first_time_and_whenever_its_last_message_is_a_gap_old()
    {
        var load = IdleLoad();
        var pacer = Adaptive(load);

        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
        pacer.Sent(Instant);
        _time.Advance(Gap);
        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
        pacer.Sent(Instant);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
    }

    [Fact]
    public void A_price_within_the_gap_of_the_last_message_waits_for_the_rest_of_the_gap()
    {
        var pacer = Adaptive(IdleLoad());
        pacer.NextWait(behind: false);
        pacer.Sent(Instant);

        _time.Advance(TimeSpan.FromMilliseconds(0.5));

        Assert.Equal(TimeSpan.FromMilliseconds(1.5), pacer.NextWait(behind: false));
    }

    [Fact]
    public void As_the_load_rises_messages_are_spaced_further_up_to_the_ceiling_and_never_beyond()
    {
        var load = IdleLoad();
        var previous = Gap;
        for (var sample = 0; sample < 40; sample++)
        {
            _time.Advance(StreamLoad.SampleInterval);
            load.Observe(TimeSpan.Zero, backlog: 1_000);

            // A message goes now; the next one waits for the gap the load sets.
            var pacer = Adaptive(load);
            Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
            pacer.Sent(Instant);
            var wait = pacer.NextWait(behind: false);

            Assert.InRange(wait, previous, Ceiling);
            previous = wait;
        }

        Assert.InRange(previous, Ceiling - TimeSpan.FromMilliseconds(0.01), Ceiling);
        Assert.InRange(load.Factor, 0.999, 1);
    }

    [Fact]
    public void A_look_that_found_nothing_to_send_does_not_hold_back_the_next_price()
    {
        var pacer = Adaptive(IdleLoad());
        pacer.NextWait(behind: false);
        pacer.Sent(Instant);
        _time.Advance(TimeSpan.FromMilliseconds(5));

        // The send loop looked for newer prices and found none (no message, so no Sent); a price half a millisecond later goes at once.
        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
        _time.Advance(TimeSpan.FromMilliseconds(0.5));
        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
    }

    [Fact]
    public void Under_load_late_messages_keep_their_cadence_instead_of_drifting_a_whole_gap_later()
    {
        var load = IdleLoad();
        for (var i = 0; i < 40; i++)
        {
            _time.Advance(StreamLoad.SampleInterval);
            load.Observe(TimeSpan.Zero, backlog: 1_000);
        }

        var pacer = Adaptive(load);
        pacer.NextWait(behind: false);
        pacer.Sent(Instant);

        // The message due 20 ms later goes 5 ms late (a busy pool); the one after is due 20 ms after the first's slot, not after the late send.
        _time.Advance(Ceiling + TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
        pacer.Sent(Instant);
        Assert.InRange(pacer.NextWait(behind: false), TimeSpan.FromMilliseconds(14.99), TimeSpan.FromMilliseconds(15));
    }

    [Fact]
    public void A_client_behind_waits_the_ceiling_however_idle_the_gateway()
    {
        var pacer = Adaptive(IdleLoad());
        pacer.NextWait(behind: false);

        var slowSend = pacer.Sent(TimeSpan.FromMilliseconds(5), atOnce: false);

        Assert.True(slowSend);
        Assert.False(pacer.Sent(TimeSpan.FromMilliseconds(1), atOnce: false));
        Assert.Equal(Ceiling, pacer.NextWait(behind: true));
    }

    [Fact]
    public void A_send_the_socket_took_at_once_is_no_client_behind_however_long_its_continuation_waited()
    {
        var pacer = Adaptive(IdleLoad());
        pacer.NextWait(behind: false);

        // The socket had room; the 5 ms were a busy pool's, which the load factor spaces, not this client's socket.
        Assert.False(pacer.Sent(TimeSpan.FromMilliseconds(5), atOnce: true));
    }

    [Fact]
    public void No_wait_is_ever_longer_than_the_ceiling_whatever_the_load_and_timing()
    {
        var random = new Random(20);
        var load = IdleLoad();
        var pacer = Adaptive(load);
        for (var i = 0; i < 2_000; i++)
        {
            _time.Advance(TimeSpan.FromMicroseconds(random.Next(0, 30_000)));
            load.Observe(TimeSpan.Zero, backlog: random.Next(0, 100));
            var wait = pacer.NextWait(behind: random.Next(10) == 0);

            Assert.InRange(wait, TimeSpan.Zero, Ceiling);
            _time.Advance(wait);
            pacer.Sent(TimeSpan.FromMicroseconds(random.Next(0, 3_000)));
        }
    }

    [Fact]
    public void Fixed_pacing_keeps_its_slots_one_interval_apart_whatever_the_load()
    {
        var load = IdleLoad();
        var pacer = new SendPacer(new StreamOptions { Pacing = StreamPacing.Fixed, MaxBatchDelay = Ceiling }, _time, load);

        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
        _time.Advance(Gap);

        // Quiet or not, the next price waits for the slot one interval after the last.
        Assert.Equal(Ceiling - Gap, pacer.NextWait(behind: false));
        _time.Advance(Ceiling - Gap + TimeSpan.FromMilliseconds(5));

        // Late by less than an interval: the slot keeps its phase. Idle for longer: a new phase, at once.
        Assert.Equal(TimeSpan.FromMilliseconds(15), pacer.NextWait(behind: true));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, pacer.NextWait(behind: false));
    }

    [Fact]
    public void A_send_interval_alone_selects_fixed_pacing_and_is_its_interval()
    {
        var options = new StreamOptions { SendInterval = TimeSpan.FromMilliseconds(50) };
        var pacer = new SendPacer(options, _time, IdleLoad());

        Assert.Equal(StreamPacing.Fixed, options.EffectivePacing());
        Assert.Equal(StreamPacing.Adaptive, new StreamOptions().EffectivePacing());
        pacer.NextWait(behind: false);
        Assert.Equal(TimeSpan.FromMilliseconds(50), pacer.NextWait(behind: false));
        Assert.False(new SendPacer(new StreamOptions { SendInterval = TimeSpan.Zero }, _time, IdleLoad()).KeepsReading);
    }

    private SendPacer Adaptive(StreamLoad load) => new(new StreamOptions { Pacing = StreamPacing.Adaptive, MinSendGap = Gap, MaxBatchDelay = Ceiling }, _time, load);

    private StreamLoad IdleLoad()
    {
        var load = new StreamLoad(_time, cores: 2);
        load.Observe(TimeSpan.Zero, backlog: 0);
        return load;
    }
}
