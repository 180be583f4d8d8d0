using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Tests.Cluster;

/// <summary>One instance's way to a shared lease store, which a test can cut (a network partition, a paused process): every call then fails.</summary>
public sealed class CuttableLeaseStore(ILeaseStore inner) : ILeaseStore
{
    private volatile bool _cut;

    public void Cut() => _cut = true;

    public Task<LeaseGrant?> TryAcquireAsync(LeaseName name, string instance, TimeSpan ttl, long tokenFloor, CancellationToken ct) =>
        _cut ? Task.FromException<LeaseGrant?>(new TimeoutException("cut")) : inner.TryAcquireAsync(name, instance, ttl, tokenFloor, ct);

    public Task<bool> RenewAsync(LeaseGrant grant, TimeSpan ttl, CancellationToken ct) =>
        _cut ? Task.FromException<bool>(new TimeoutException("cut")) : inner.RenewAsync(grant, ttl, ct);

    public Task ReleaseAsync(LeaseGrant grant, CancellationToken ct) =>
        _cut ? Task.FromException(new TimeoutException("cut")) : inner.ReleaseAsync(grant, ct);

    public Task<LeaseState> ReadAsync(LeaseName name, CancellationToken ct) =>
        _cut ? Task.FromException<LeaseState>(new TimeoutException("cut")) : inner.ReadAsync(name, ct);
}
