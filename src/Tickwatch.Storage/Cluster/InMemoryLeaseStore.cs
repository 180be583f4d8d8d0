using Tickwatch.Core.Time;

namespace Tickwatch.Storage.Cluster;

/// <summary>Leases in process memory, with the same rules as <see cref="RedisLeaseStore"/>: for instances of one process (tests) and single mode's tools.</summary>
/// <remarks>Expiry is read on <see cref="TimeProvider.GetTimestamp"/>, so a fake clock drives it.</remarks>
public sealed class InMemoryLeaseStore(TimeProvider time) : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<LeaseName, (long Token, string Holder, long ExpiresAt)> _leases = [];
    private readonly Dictionary<LeaseName, long> _tokens = [];

    public Task<LeaseGrant?> TryAcquireAsync(LeaseName name, string instance, TimeSpan ttl, long tokenFloor, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(instance);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenFloor);
        ct.ThrowIfCancellationRequested();
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (Live(name, now) is { } held && held.Holder != instance)
            {
                return Task.FromResult<LeaseGrant?>(null);
            }

            var token = Math.Max(_tokens.GetValueOrDefault(name), tokenFloor) + 1;
            _tokens[name] = token;
            var expiresAt = now + TimestampSpan.From(ttl, time.TimestampFrequency);
            _leases[name] = (token, instance, expiresAt);
            return Task.FromResult<LeaseGrant?>(new LeaseGrant(name, token, instance, expiresAt));
        }
    }

    public Task<bool> RenewAsync(LeaseGrant grant, TimeSpan ttl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ct.ThrowIfCancellationRequested();
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (Live(grant.Name, now) is not { } held || held.Token != grant.Token || held.Holder != grant.Holder)
            {
                return Task.FromResult(false);
            }

            _leases[grant.Name] = held with { ExpiresAt = now + TimestampSpan.From(ttl, time.TimestampFrequency) };
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(LeaseGrant grant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Live(grant.Name, time.GetTimestamp()) is { } held && held.Token == grant.Token && held.Holder == grant.Holder)
            {
                _leases.Remove(grant.Name);
            }
        }

        return Task.CompletedTask;
    }

    public Task<LeaseState> ReadAsync(LeaseName name, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = time.GetTimestamp();
        lock (_gate)
        {
            return Task.FromResult(Live(name, now) is { } held
                ? new LeaseState(name, held.Holder, held.Token, time.GetElapsedTime(now, held.ExpiresAt))
                : new LeaseState(name, null, null, null));
        }
    }

    /// <summary>Forgets every token counter, as a Redis failover that lost the counter would (for tests of the token floor).</summary>
    public void LoseTokenCounters()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    private (long Token, string Holder, long ExpiresAt)? Live(LeaseName name, long now)
    {
        if (_leases.TryGetValue(name, out var held))
        {
            if (held.ExpiresAt > now)
            {
                return held;
            }

            _leases.Remove(name);
        }

        return null;
    }
}
