using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Publishing;

/// <summary>Announces written prices on the Redis Cluster: the symbol on <c>market_price_updates</c>, the JSON price on the sharded <c>prices:{market:SYMBOL}</c>.</summary>
/// <remarks>
/// One pipelined batch per call; each channel only when <see cref="RedisStoreOptions"/> turns it on. The store writer
/// does not use it with <see cref="RedisPriceStore"/>, whose write script announces what it writes itself. <c>market_price_updates</c> is a classic channel (the reference's; Redis Cluster
/// relays it to every node); <c>prices:{market:SYMBOL}</c> is SPUBLISHed to the node that owns the price key's slot, so it
/// costs the cluster nothing on other nodes.
/// </remarks>
public sealed class RedisPriceAnnouncer : IPriceAnnouncer
{
    private static readonly RedisChannel UpdatesChannel = RedisChannel.Literal(RedisKeys.MarketPriceUpdatesChannel);
    private readonly RedisConnection _connection;
    private readonly bool _priceChannels;
    private readonly bool _symbolUpdates;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RedisChannel> _channels = new(StringComparer.Ordinal);
    private readonly Func<string, RedisChannel> _newChannel = static symbol => RedisChannel.Sharded(RedisKeys.PriceChannel(symbol));

    public RedisPriceAnnouncer(RedisConnection connection, IOptions<RedisStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _priceChannels = options.Value.PublishPriceChannels;
        _symbolUpdates = options.Value.PublishSymbolUpdates;
    }

    public async Task<PublishSummary> PublishAsync(IReadOnlyList<PriceWriteResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var written = 0;
        foreach (var result in results)
        {
            written += result.IsWritten ? 1 : 0;
        }

        if (written == 0 || !(_symbolUpdates || _priceChannels))
        {
            return PublishSummary.None;
        }

        IDatabase database;
        try
        {
            database = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return new PublishSummary(0, written, ex);
        }

        var symbols = _symbolUpdates ? new Task<long>[written] : null;
        var prices = _priceChannels ? new Task<long>[written] : null;
        var batch = database.CreateBatch();
        var n = 0;
        foreach (var result in results)
        {
            // Only what the store says it wrote is announced (defect 6 of the reference).
            if (!result.IsWritten)
            {
                continue;
            }

            if (symbols is not null)
            {
                symbols[n] = batch.PublishAsync(UpdatesChannel, result.Price.Symbol);
            }

            if (prices is not null)
            {
                prices[n] = batch.PublishAsync(_channels.GetOrAdd(result.Price.Symbol, _newChannel), PriceAnnouncementJson.Serialize(result.Price));
            }

            n++;
        }

        batch.Execute();
        var published = 0;
        var failed = 0;
        Exception? firstError = null;
        for (var i = 0; i < written; i++)
        {
            try
            {
                if (symbols is not null)
                {
                    await symbols[i].ConfigureAwait(false);
                }

                if (prices is not null)
                {
                    await prices[i].ConfigureAwait(false);
                }

                published++;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                failed++;
                firstError ??= ex;
                if (ex is RedisTimeoutException)
                {
                    _connection.CountTimeouts(1);
                }
            }
        }

        return new PublishSummary(published, failed, firstError);
    }
}
