using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>A leased-mode holder whose leases the test grants and revokes: a waiter completes on <see cref="Grant"/>, and <see cref="Revoke"/> cancels the held lease's <see cref="HeldLease.Lost"/>.</summary>
internal sealed class FakeLeaseHolder(string instanceId = "test-instance") : ILeaseHolder
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LeaseName, (long Token, CancellationTokenSource Lost)> _held = [];
    private readonly Dictionary<LeaseName, List<TaskCompletionSource<HeldLease>>> _waiters = [];
    private long _nextToken;

    public string InstanceId { get; } = instanceId;

    public ClusterMode Mode => ClusterMode.Leased;

    /// <summary>Leases given up with <see cref="Drop"/>, with the reason.</summary>
    public List<(LeaseName Name, string Reason)> Dropped { get; } = [];

    /// <summary>Leases given up for good with <see cref="ReleaseAsync"/>.</summary>
    public List<LeaseName> Released { get; } = [];

    public int Waiting(LeaseName name)
    {
        lock (_lock)
        {
            return _waiters.TryGetValue(name, out var waiters) ? waiters.Count : 0;
        }
    }

    public bool Holds(LeaseName name, out long token)
    {
        lock (_lock)
        {
            var held = _held.TryGetValue(name, out var lease);
            token = held ? lease.Token : 0;
            return held;
        }
    }

    public Task<HeldLease> WaitForAsync(LeaseName name, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(name, out var lease))
            {
                return Task.FromResult(new HeldLease(name, lease.Token, lease.Lost.Token));
            }

            var waiter = new TaskCompletionSource<HeldLease>(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiters.TryGetValue(name, out var list) ? list : _waiters[name] = []).Add(waiter);
            ct.Register(() => waiter.TrySetCanceled(ct));
            return waiter.Task;
        }
    }

    public void Drop(LeaseName name, string reason)
    {
        // Revoked before it is listed: a test that sees the drop sees the lease gone.
        Revoke(name);
        lock (_lock)
        {
            Dropped.Add((name, reason));
        }
    }

    public Task ReleaseAsync(LeaseName name, CancellationToken ct)
    {
        // Revoked before it is listed, as a drop.
        Revoke(name);
        lock (_lock)
        {
            Released.Add(name);
        }

        return Task.CompletedTask;
    }

    /// <summary>Gives this instance the lease with the next token and completes every waiter.</summary>
    public long Grant(LeaseName name)
    {
        List<TaskCompletionSource<HeldLease>> waiters;
        HeldLease lease;
        lock (_lock)
        {
            if (_held.ContainsKey(name))
            {
                throw new InvalidOperationException($"{name} is held already.");
            }

            var token = ++_nextToken;
            var lost = new CancellationTokenSource();
            _held[name] = (token, lost);
            lease = new HeldLease(name, token, lost.Token);
            waiters = _waiters.Remove(name, out var list) ? list : [];
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(lease);
        }

        return lease.Token;
    }

    /// <summary>Takes the lease away: its <see cref="HeldLease.Lost"/> is cancelled.</summary>
    public void Revoke(LeaseName name)
    {
        CancellationTokenSource? lost;
        lock (_lock)
        {
            lost = _held.Remove(name, out var lease) ? lease.Lost : null;
        }

        lost?.Cancel();
    }
}
