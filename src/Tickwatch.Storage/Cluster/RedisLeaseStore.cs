using StackExchange.Redis;
using Tickwatch.Core.Time;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Cluster;

/// <summary>Leases on the Redis Cluster, by <see cref="LeaseScripts"/>: one script call per operation on the lease's node.</summary>
/// <remarks>Store failures (a node down, a timeout) come back as the client's exceptions; the coordinator retries, and its local validity keeps it from acting on a lease it cannot renew.</remarks>
public sealed class RedisLeaseStore : ILeaseStore
{
    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;

    public RedisLeaseStore(RedisConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        _connection = connection;
        _time = time;
        connection.Register(LeaseScripts.Acquire);
        connection.Register(LeaseScripts.Renew);
        connection.Register(LeaseScripts.Release);
    }

    public async Task<LeaseGrant?> TryAcquireAsync(LeaseName name, string instance, TimeSpan ttl, long tokenFloor, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(instance);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenFloor);
        var sentAt = _time.GetTimestamp();
        var database = await DatabaseAsync(ct).ConfigureAwait(false);
        var key = RedisKeys.Lease(name.ToString());
        var (reply, _) = await LeaseScripts.Acquire.EvaluateAsync(
            database,
            [key, RedisKeys.LeaseToken(name.ToString())],
            [instance, Milliseconds(ttl), tokenFloor]).ConfigureAwait(false);
        var parts = (RedisResult[])reply!;
        if ((long)parts[0] != 1)
        {
            return null;
        }

        return new LeaseGrant(name, (long)parts[1], instance, sentAt + TimestampSpan.From(ttl, _time.TimestampFrequency));
    }

    public async Task<bool> RenewAsync(LeaseGrant grant, TimeSpan ttl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var database = await DatabaseAsync(ct).ConfigureAwait(false);
        var (reply, _) = await LeaseScripts.Renew.EvaluateAsync(
            database,
            [RedisKeys.Lease(grant.Name.ToString())],
            [LeaseScripts.ValueOf(grant.Token, grant.Holder), Milliseconds(ttl)]).ConfigureAwait(false);
        return (long)reply == 1;
    }

    public async Task ReleaseAsync(LeaseGrant grant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var database = await DatabaseAsync(ct).ConfigureAwait(false);
        await LeaseScripts.Release.EvaluateAsync(
            database,
            [RedisKeys.Lease(grant.Name.ToString())],
            [LeaseScripts.ValueOf(grant.Token, grant.Holder)]).ConfigureAwait(false);
    }

    public async Task<LeaseState> ReadAsync(LeaseName name, CancellationToken ct)
    {
        var database = await DatabaseAsync(ct).ConfigureAwait(false);
        var key = RedisKeys.Lease(name.ToString());
        var batch = database.CreateBatch();
        var value = batch.StringGetAsync(key);
        var ttl = batch.KeyTimeToLiveAsync(key);
        batch.Execute();
        await Task.WhenAll(value, ttl).WaitAsync(ct).ConfigureAwait(false);
        return LeaseScripts.TryParseValue(await value.ConfigureAwait(false), out var token, out var holder)
            ? new LeaseState(name, holder, token, await ttl.ConfigureAwait(false))
            : new LeaseState(name, null, null, null);
    }

    private async Task<IDatabase> DatabaseAsync(CancellationToken ct) =>
        (await _connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();

    private static long Milliseconds(TimeSpan ttl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        return (long)Math.Ceiling(ttl.TotalMilliseconds);
    }
}
