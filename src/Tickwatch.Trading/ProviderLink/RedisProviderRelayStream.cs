using StackExchange.Redis;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The relay on the Redis Cluster: stream <c>provider_relay</c>, trimmed to about <see cref="RedisKeys.ProviderRelayMaxLength"/> entries.</summary>
/// <remarks>
/// Read with XREAD without BLOCK, again every <see cref="PollInterval"/> while the stream has nothing new: a blocking
/// read would hold the process's one shared connection to that node for every other command. Only the link holder reads.
/// </remarks>
public sealed class RedisProviderRelayStream(RedisConnection connection, TimeProvider time) : IProviderRelayStream
{
    /// <summary>How long a reader waits before asking again when nothing new was there.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private const string Field = "msg";

    public async Task<string> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        var id = await database.StreamAddAsync(RedisKeys.ProviderRelay, Field, payload, maxLength: RedisKeys.ProviderRelayMaxLength, useApproximateMaxLength: true)
            .WaitAsync(ct).ConfigureAwait(false);
        return id.ToString();
    }

    public async Task<string> LastIdAsync(CancellationToken ct)
    {
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        var newest = await database.StreamRangeAsync(RedisKeys.ProviderRelay, "-", "+", count: 1, messageOrder: Order.Descending).WaitAsync(ct).ConfigureAwait(false);
        return newest.Length == 0 ? ProviderRelayEntry.Start : newest[0].Id.ToString();
    }

    public async Task<IReadOnlyList<ProviderRelayEntry>> ReadAsync(string afterId, int max, TimeSpan wait, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(afterId);
        var database = (await connection.GetAsync(ct).ConfigureAwait(false)).GetDatabase();
        var started = time.GetTimestamp();
        while (true)
        {
            var entries = await database.StreamReadAsync(RedisKeys.ProviderRelay, afterId, max).WaitAsync(ct).ConfigureAwait(false);
            if (entries.Length > 0)
            {
                return [.. entries.Select(e => new ProviderRelayEntry(e.Id.ToString(), (byte[]?)e[Field] ?? []))];
            }

            var left = wait - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return [];
            }

            await Task.Delay(left < PollInterval ? left : PollInterval, time, ct).ConfigureAwait(false);
        }
    }
}
