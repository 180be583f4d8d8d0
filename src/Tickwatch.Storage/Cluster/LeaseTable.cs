using Tickwatch.Core.Time;

namespace Tickwatch.Storage.Cluster;

/// <summary>The leases this instance holds and until when it may act on each, on the monotonic clock.</summary>
/// <remarks>
/// A lease may be acted on until its grant's (or last answered renewal's) send time plus the TTL, minus the safety
/// margin: the store cannot have expired it before then. The clock is <see cref="TimeProvider.GetTimestamp"/>, which
/// keeps running while a process is paused (SIGSTOP, a long GC), so a process that resumes sees its leases expired
/// before it does anything new, and each lease's <see cref="HeldLease.Lost"/> fires on a timer of the same clock.
/// </remarks>
public sealed class LeaseTable
{
    private readonly TimeProvider _time;
    private readonly long _margin;
    private readonly Lock _gate = new();
    private readonly Dictionary<LeaseName, Entry> _held = [];
    private readonly Dictionary<LeaseName, TaskCompletionSource<HeldLease>> _waiters = [];

    public LeaseTable(TimeProvider time, TimeSpan safetyMargin)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(safetyMargin.Ticks);
        _time = time;
        _margin = TimestampSpan.From(safetyMargin, time.TimestampFrequency);
    }

    /// <summary>The grants held and still valid locally now.</summary>
    public IReadOnlyList<LeaseGrant> Held
    {
        get
        {
            var now = _time.GetTimestamp();
            lock (_gate)
            {
                return [.. _held.Values.Where(e => e.IsValidAt(now, _margin)).Select(e => e.Grant)];
            }
        }
    }

    /// <summary>Whether the lease is held and may still be acted on now, with its token.</summary>
    public bool Holds(LeaseName name, out long token)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_held.TryGetValue(name, out var entry) && entry.IsValidAt(now, _margin))
            {
                token = entry.Grant.Token;
                return true;
            }
        }

        token = 0;
        return false;
    }

    /// <summary>The grant of a lease this table has (valid or not, until it is <see cref="Lose">lost</see>).</summary>
    public LeaseGrant? GrantOf(LeaseName name)
    {
        lock (_gate)
        {
            return _held.TryGetValue(name, out var entry) ? entry.Grant : null;
        }
    }

    /// <summary>Records a grant the store made; wakes whoever waits for the lease. A grant already past its validity is not taken.</summary>
    public HeldLease? Granted(LeaseGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var remaining = Remaining(grant.ValidUntilTimestamp);
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        Entry? replaced;
        HeldLease held;
        TaskCompletionSource<HeldLease>? waiter;
        lock (_gate)
        {
            _held.TryGetValue(grant.Name, out replaced);
            var lost = new CancellationTokenSource(remaining, _time);
            held = new HeldLease(grant.Name, grant.Token, lost.Token);
            _held[grant.Name] = new Entry(grant, lost, held);
            _waiters.Remove(grant.Name, out waiter);
        }

        replaced?.Lost.Cancel();
        replaced?.Lost.Dispose();
        waiter?.TrySetResult(held);
        return held;
    }

    /// <summary>
    /// Extends the lease after a renewal sent at <paramref name="sentAt"/> was answered; false when the table no
    /// longer holds that grant or its validity passed before the answer came (it was lost meanwhile).
    /// </summary>
    public bool Renewed(LeaseGrant grant, long sentAt, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var validUntil = sentAt + TimestampSpan.From(ttl, _time.TimestampFrequency);
        lock (_gate)
        {
            if (!_held.TryGetValue(grant.Name, out var entry) || entry.Grant.Token != grant.Token
                || !entry.IsValidAt(_time.GetTimestamp(), _margin))
            {
                return false;
            }

            var renewed = entry with { Grant = entry.Grant with { ValidUntilTimestamp = Math.Max(entry.Grant.ValidUntilTimestamp, validUntil) } };
            _held[grant.Name] = renewed;
            entry.Lost.CancelAfter(Remaining(renewed.Grant.ValidUntilTimestamp));
            return true;
        }
    }

    /// <summary>Forgets the lease and fires its <see cref="HeldLease.Lost"/>; returns the grant it had, if any.</summary>
    public LeaseGrant? Lose(LeaseName name)
    {
        Entry? entry;
        lock (_gate)
        {
            _held.Remove(name, out entry);
        }

        if (entry is null)
        {
            return null;
        }

        entry.Lost.Cancel();
        entry.Lost.Dispose();
        return entry.Grant;
    }

    /// <summary>Whether the table has a grant for the lease whose validity has passed (lost by the clock, not yet <see cref="Lose">forgotten</see>).</summary>
    public bool HasExpired(LeaseName name)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            return _held.TryGetValue(name, out var entry) && !entry.IsValidAt(now, _margin);
        }
    }

    /// <summary>Completes when the lease is held (at once when it is); cancelled with <paramref name="ct"/>.</summary>
    public Task<HeldLease> WaitAsync(LeaseName name, CancellationToken ct)
    {
        TaskCompletionSource<HeldLease> waiter;
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_held.TryGetValue(name, out var entry) && entry.IsValidAt(now, _margin))
            {
                return Task.FromResult(entry.Held);
            }

            if (!_waiters.TryGetValue(name, out waiter!))
            {
                waiter = new TaskCompletionSource<HeldLease>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[name] = waiter;
            }
        }

        return waiter.Task.WaitAsync(ct);
    }

    /// <summary>How long until <paramref name="validUntil"/>, less the safety margin.</summary>
    private TimeSpan Remaining(long validUntil)
    {
        var now = _time.GetTimestamp();
        var until = validUntil - _margin;
        return until <= now ? TimeSpan.Zero : _time.GetElapsedTime(now, until);
    }

    private sealed record Entry(LeaseGrant Grant, CancellationTokenSource Lost, HeldLease Held)
    {
        public bool IsValidAt(long now, long margin) => !Lost.IsCancellationRequested && now < Grant.ValidUntilTimestamp - margin;
    }
}
