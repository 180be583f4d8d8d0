using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Cluster;

/// <summary>Heartbeats on the Redis Cluster: one hash <c>cluster:instance:{ID}</c> per instance with a TTL, and the set <c>cluster:instances</c> of ids.</summary>
/// <remarks>
/// One key per instance rather than one hash of all: a dead instance's entry expires by itself, with no janitor. The set
/// only finds the keys; an id whose key is gone is removed from it by whoever lists it.
/// </remarks>
public sealed class RedisInstanceDirectory(RedisConnection connection) : IInstanceDirectory
{
    private static readonly string Version = typeof(RedisInstanceDirectory).Assembly.GetName().Version?.ToString() ?? "0";

    public async Task BeatAsync(InstanceRecord self, TimeSpan ttl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(self);
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        var key = RedisKeys.ClusterInstance(self.Id);
        var batch = database.CreateBatch();
        var set = batch.HashSetAsync(key, Fields(self));
        var expire = batch.KeyExpireAsync(key, ttl);
        var member = batch.SetAddAsync(RedisKeys.ClusterInstances, self.Id);
        batch.Execute();
        await Task.WhenAll(set, expire, member).WaitAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken ct)
    {
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        var ids = await database.SetMembersAsync(RedisKeys.ClusterInstances).WaitAsync(ct).ConfigureAwait(false);
        var batch = database.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAllAsync(RedisKeys.ClusterInstance(id!))).ToArray();
        batch.Execute();
        await Task.WhenAll(reads).WaitAsync(ct).ConfigureAwait(false);
        var live = new List<InstanceRecord>(ids.Length);
        var gone = new List<RedisValue>();
        for (var i = 0; i < ids.Length; i++)
        {
            var fields = await reads[i].ConfigureAwait(false);
            if (fields.Length == 0)
            {
                gone.Add(ids[i]);
            }
            else if (Parse((string)ids[i]!, fields) is { } record)
            {
                live.Add(record);
            }
        }

        if (gone.Count > 0)
        {
            await database.SetRemoveAsync(RedisKeys.ClusterInstances, [.. gone]).WaitAsync(ct).ConfigureAwait(false);
        }

        return [.. live.OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    public async Task RemoveAsync(string instanceId, CancellationToken ct)
    {
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        await database.KeyDeleteAsync(RedisKeys.ClusterInstance(instanceId)).WaitAsync(ct).ConfigureAwait(false);
        await database.SetRemoveAsync(RedisKeys.ClusterInstances, instanceId).WaitAsync(ct).ConfigureAwait(false);
    }

    internal static HashEntry[] Fields(InstanceRecord self) =>
    [
        new("id", self.Id),
        new("role", self.Role),
        new("url", self.Url ?? ""),
        new("started_at", self.StartedAt.ToUnixTimeMilliseconds()),
        new("heartbeat_at", self.HeartbeatAt.ToUnixTimeMilliseconds()),
        new("mode", self.Mode == ClusterMode.Leased ? "leased" : "single"),
        new("leases", string.Join(',', self.Leases.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value.ToString(CultureInfo.InvariantCulture)))),
        new("partitions", string.Join(',', self.Partitions.Select(p => p.ToString(CultureInfo.InvariantCulture)))),
        new("feeds_connected", string.Join(',', self.FeedsConnected)),
        new("provider_connected", self.ProviderConnected ? "1" : "0"),
        new("version", Version),
    ];

    /// <summary>A heartbeat hash as a record; null when it is not one (a hand-written key).</summary>
    internal static InstanceRecord? Parse(string id, HashEntry[] entries)
    {
        var fields = entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        if (!Millis(fields, "started_at", out var started) || !Millis(fields, "heartbeat_at", out var heartbeat))
        {
            return null;
        }

        var leases = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in List(fields, "leases"))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && long.TryParse(pair.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var token))
            {
                leases[pair[..equals]] = token;
            }
        }

        return new InstanceRecord(
            id,
            fields.GetValueOrDefault("role") is { Length: > 0 } role ? role : InstanceRecord.MarketRole,
            fields.GetValueOrDefault("url") is { Length: > 0 } url ? url : null,
            started,
            heartbeat,
            fields.GetValueOrDefault("mode") == "leased" ? ClusterMode.Leased : ClusterMode.Single,
            leases,
            [.. List(fields, "partitions").Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).Where(n => n >= 0)],
            List(fields, "feeds_connected"),
            fields.GetValueOrDefault("provider_connected") == "1");
    }

    private static bool Millis(Dictionary<string, string> fields, string name, out DateTimeOffset at)
    {
        at = default;
        if (!long.TryParse(fields.GetValueOrDefault(name), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    private static string[] List(Dictionary<string, string> fields, string name) =>
        fields.GetValueOrDefault(name) is { Length: > 0 } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
}
