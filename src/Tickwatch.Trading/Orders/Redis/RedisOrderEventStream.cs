using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.Trading.Orders.Redis;

/// <summary>
/// The order events the Redis trading store's commit appends to <c>order_events:{live:42}</c>, read with one script on
/// the account's slot (<see cref="TradingScripts.ReadOrderEvents"/>), so the bounds and the page are of one moment.
/// </summary>
public sealed class RedisOrderEventStream : IOrderEventStream
{
    private readonly RedisConnection _connection;
    private long _failures;

    /// <param name="connection">The process's one Redis connection (not owned).</param>
    public RedisOrderEventStream(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        connection.Register(TradingScripts.ReadOrderEvents);
    }

    /// <summary>Reads that failed with a <see cref="TradingStoreException"/>.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public async Task<OrderEventPage> ReadSinceAsync(AccountId account, long sinceSeq, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sinceSeq);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var key = RedisKeys.OrderEvents(account);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var database = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
            var (reply, _) = await TradingScripts.ReadOrderEvents.EvaluateAsync(database, [RedisKeys.UserConfig(account), key], [sinceSeq, max])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var parts = reply.Resp2Type == ResultType.Array ? (RedisResult[])reply! : [];
            if (parts.Length < 2 || parts.Length % 2 != 0)
            {
                throw new InvalidDataException($"The order events script answered {reply}.");
            }

            var last = Number(parts[0], key);
            var first = Number(parts[1], key);
            var events = new List<OrderAnnouncement>((parts.Length - 2) / 2);
            for (var i = 2; i + 1 < parts.Length; i += 2)
            {
                var seq = Number(parts[i], key);
                if (!OrderAnnouncementJson.TryRead((byte[]?)parts[i + 1], out var announcement) || announcement.Account != account)
                {
                    throw new InvalidDataException($"{key} entry {seq}-0 is not an order event of {account}.");
                }

                events.Add(announcement with { Seq = seq });
            }

            return OrderEventPage.Of(sinceSeq, first, last, events);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidDataException)
        {
            Interlocked.Increment(ref _failures);
            throw new TradingStoreException($"Redis order events, reading {key} after {sinceSeq}: {ex.Message}", ex);
        }
    }

    private static long Number(RedisResult value, string key) =>
        long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidDataException($"{key}: '{value}' is not an order event number.");
}
