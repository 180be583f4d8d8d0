using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Symbols;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Symbols;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage;

/// <summary>
/// The price store, its announcements, the cluster connection (when there is one) and the symbols of a process that
/// runs several roles (<c>tickwatch up</c>): created once by the process, which owns and disposes them, and handed
/// to every role, so that all of them read and write the same prices through one connection.
/// </summary>
public sealed class SharedPriceServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _cluster;

    private SharedPriceServices(ServiceProvider services, bool cluster)
    {
        _services = services;
        _cluster = cluster;
    }

    public IPriceStore Store => _services.GetRequiredService<IPriceStore>();

    public IPriceAnnouncer Announcer => _services.GetRequiredService<IPriceAnnouncer>();

    public IPriceAnnouncementSubscriber Subscriber => _services.GetRequiredService<IPriceAnnouncementSubscriber>();

    public SymbolRegistry Symbols => _services.GetRequiredService<SymbolRegistry>();

    /// <summary>
    /// Registers the <c>Prices</c>, <c>Redis</c> and <c>StoreWriter</c> settings of <paramref name="configuration"/>;
    /// their problems go to <paramref name="errors"/>, and nothing is created before the caller has checked them.
    /// </summary>
    public static SharedPriceServices Create(IConfiguration configuration, ILoggerFactory loggerFactory, OptionsErrors errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(errors);
        var services = new ServiceCollection();

        // The process's logging, which it keeps and disposes itself.
        services.AddSingleton(loggerFactory);
        services.AddLogging();
        errors.Take(services.AddSymbols(configuration));
        errors.Take(services.AddTickwatchStorage(configuration));
        return new SharedPriceServices(services.BuildServiceProvider(), StorageServiceCollectionExtensions.IsCluster(configuration));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Registers these instances as objects in a role's container, which then never disposes them.</summary>
    internal void RegisterIn(IServiceCollection services)
    {
        services.AddSingleton(_services.GetRequiredService<StoreErrorLog>());
        services.AddSingleton(Store);
        services.AddSingleton(Announcer);
        services.AddSingleton(Subscriber);
        if (_cluster)
        {
            services.AddSingleton(_services.GetRequiredService<RedisConnection>());
            services.AddSingleton(_services.GetRequiredService<RedisPriceStore>());
        }
        else
        {
            services.AddSingleton(_services.GetRequiredService<InMemoryPriceStore>());
            services.AddSingleton(_services.GetRequiredService<InMemoryPriceAnnouncements>());
        }
    }
}
