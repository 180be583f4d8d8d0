using Microsoft.Extensions.Time.Testing;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Cluster;

public sealed class LeaseTableUnitTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(150);
    private readonly FakeTimeProvider _time = new();
    private readonly LeaseTable _table;
    private readonly LeaseName _feed = LeaseName.Feed("binary");

    public LeaseTableUnitTests()
    {
        _table = new LeaseTable(_time, Margin);
    }

    [Fact]
    public void A_lease_is_held_until_its_send_time_plus_ttl_less_the_margin()
    {
        var held = _table.Granted(Grant(7, _time.GetTimestamp()))!;

        _time.Advance(Ttl - Margin - TimeSpan.FromMilliseconds(1));
        Assert.True(_table.Holds(_feed, out var token));
        Assert.Equal(7, token);
        Assert.False(held.Lost.IsCancellationRequested);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_table.Holds(_feed, out _));
        Assert.True(held.Lost.IsCancellationRequested);
        Assert.True(_table.HasExpired(_feed));
    }

    [Fact]
    public void A_renewal_extends_from_when_it_was_sent_not_when_it_was_answered()
    {
        var grant = Grant(3, _time.GetTimestamp());
        var held = _table.Granted(grant)!;
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var sentAt = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(900));

        Assert.True(_table.Renewed(grant, sentAt, Ttl));

        _time.Advance(Ttl - Margin - TimeSpan.FromMilliseconds(901));
        Assert.True(_table.Holds(_feed, out _));
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(_table.Holds(_feed, out _));
        Assert.True(held.Lost.IsCancellationRequested);
    }

    [Fact]
    public void A_process_paused_past_its_lease_finds_it_lost_when_it_resumes_and_a_late_renewal_does_not_revive_it()
    {
        var grant = Grant(9, _time.GetTimestamp());
        var held = _table.Granted(grant)!;
        var sentAt = _time.GetTimestamp();

        // SIGSTOP for 5 s: the monotonic clock runs on.
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(_table.Holds(_feed, out _));
        Assert.True(held.Lost.IsCancellationRequested);
        Assert.False(_table.Renewed(grant, sentAt, Ttl));
        Assert.Equal(9, _table.Lose(_feed)!.Token);
        Assert.Null(_table.GrantOf(_feed));
    }

    [Fact]
    public async Task A_waiter_is_woken_by_the_grant_and_a_later_waiter_gets_it_at_once()
    {
        var waiting = _table.WaitAsync(_feed, default);
        Assert.False(waiting.IsCompleted);

        _table.Granted(Grant(4, _time.GetTimestamp()));

        var held = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, held.Token);
        Assert.Same(held, await _table.WaitAsync(_feed, default));
    }

    [Fact]
    public void A_grant_answered_after_its_validity_is_not_taken()
    {
        var sentAt = _time.GetTimestamp();
        _time.Advance(Ttl);

        Assert.Null(_table.Granted(Grant(5, sentAt)));
        Assert.False(_table.Holds(_feed, out _));
    }

    [Fact]
    public void Dropping_a_lease_fires_its_lost_token_at_once()
    {
        var held = _table.Granted(Grant(2, _time.GetTimestamp()))!;

        _table.Lose(_feed);

        Assert.True(held.Lost.IsCancellationRequested);
        Assert.False(_table.Holds(_feed, out _));
        Assert.Empty(_table.Held);
    }

    private LeaseGrant Grant(long token, long sentAt) =>
        new(_feed, token, "a", sentAt + (long)(Ttl.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond)));
}
