using Microsoft.Extensions.Options;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Portfolio.Redis;

namespace Tickwatch.TradingHarness;

/// <summary>
/// A reader of the cluster in the harness's process, as the gateway would be: counts the accounts announced on
/// <c>portfolio_updates</c> through its own connection, so the portfolios written per second are also seen from outside
/// the market process.
/// </summary>
internal sealed class AnnouncementCounter : IAsyncDisposable
{
    private readonly RedisConnection _connection;
    private IAsyncDisposable? _subscription;
    private long _heard;

    private AnnouncementCounter(RedisConnection connection)
    {
        _connection = connection;
    }

    public long Heard => Interlocked.Read(ref _heard);

    public static async Task<AnnouncementCounter> StartAsync(string seeds)
    {
        var options = Options.Create(new RedisStoreOptions { Configuration = seeds, ClientName = "tickwatch-trading-harness" });
        var counter = new AnnouncementCounter(new RedisConnection(options, TimeProvider.System, new StoreErrorLog()));
        counter._subscription = await new RedisPortfolioStore(counter._connection).SubscribeUpdatesAsync(_ => Interlocked.Increment(ref counter._heard), default).ConfigureAwait(false);
        return counter;
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
