using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage;

/// <summary>Registers the price store, its health probe, publisher, subscriber, writer, warm-up and diagnostics.</summary>
/// <remarks>
/// The writer tells the <see cref="IPriceWriteObserver"/> registered by the host, if any, of every write and announcement,
/// and carries the fence tokens of the <see cref="IPriceWriteFence"/> registered by the cluster (none in single mode).
/// </remarks>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The Redis Cluster store when <c>Redis:Configuration</c> is set, the in-memory store otherwise. Nothing connects
    /// here: the multiplexer opens on first use (or when the host calls <see cref="RedisConnection.GetAsync"/>), and a
    /// cluster that is down then is survived and reconnected. With <paramref name="shared"/>, the store, its announcements
    /// and the connection are the process's (<c>tickwatch up</c>): registered as given, never created or disposed here.
    /// </summary>
    /// <returns>Every problem of the storage sections (<c>Redis</c>, <c>StoreWriter</c>), for the host's <see cref="OptionsErrors"/>.</returns>
    public static IReadOnlyList<string> AddTickwatchStorage(this IServiceCollection services, IConfiguration configuration, SharedPriceServices? shared = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        shared?.RegisterIn(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoreErrorLog>();

        var errors = new OptionsErrors();
        errors.Take(services.AddBoundOptions(configuration, RedisStoreOptions.SectionName, new RedisStoreOptionsValidator(configuration)));
        errors.Take(services.AddBoundOptions(
            configuration,
            PriceStoreWriterOptions.SectionName,
            new DataAnnotationsValidator<PriceStoreWriterOptions>(PriceStoreWriterOptions.SectionName),
            new PriceStoreWriterOptionsValidator()));

        if (IsCluster(configuration))
        {
            if (shared is null)
            {
                services.AddSingleton<RedisConnection>();
                services.AddSingleton<RedisPriceStore>();
                services.AddSingleton<IPriceStore>(sp => sp.GetRequiredService<RedisPriceStore>());
                services.AddSingleton<IPriceAnnouncer, RedisPriceAnnouncer>();
                services.AddSingleton<IPriceAnnouncementSubscriber, RedisPriceAnnouncementSubscriber>();
            }

            services.TryAddSingleton<IOldPriceKeys>(sp => new RedisOldPriceKeys(sp.GetRequiredService<RedisConnection>()));
            services.TryAddSingleton<IPriceFenceStore>(sp => sp.GetRequiredService<RedisPriceStore>());
            services.TryAddSingleton<IStoreHealth, RedisStoreHealth>();
            services.AddSingleton(sp => new RedisClusterDiagnostics(
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<StoreErrorLog>(),
                sp.GetRequiredService<PriceStoreWriter>(),
                sp.GetRequiredService<RedisConnection>(),
                sp.GetRequiredService<RedisPriceStore>()));
        }
        else
        {
            if (shared is null)
            {
                services.AddSingleton<InMemoryPriceStore>();
                services.AddSingleton<IPriceStore>(sp => sp.GetRequiredService<InMemoryPriceStore>());
                services.AddSingleton<InMemoryPriceAnnouncements>();
                services.AddSingleton<IPriceAnnouncer>(sp => sp.GetRequiredService<InMemoryPriceAnnouncements>());
                services.AddSingleton<IPriceAnnouncementSubscriber>(sp => sp.GetRequiredService<InMemoryPriceAnnouncements>());
            }

            services.TryAddSingleton<IPriceFenceStore>(sp => sp.GetRequiredService<InMemoryPriceStore>());
            services.TryAddSingleton<IStoreHealth, InMemoryStoreHealth>();
            services.AddSingleton(sp => new RedisClusterDiagnostics(
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<StoreErrorLog>(),
                sp.GetRequiredService<PriceStoreWriter>()));
        }

        services.AddSingleton(sp => new PriceStoreWriter(
            sp.GetRequiredService<IPriceStore>(),
            sp.GetRequiredService<IPriceAnnouncer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PriceStoreWriterOptions>>(),
            sp.GetRequiredService<StoreErrorLog>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<PriceStoreWriter>>(),
            sp.GetService<IPriceWriteObserver>(),
            sp.GetService<IPriceWriteFence>()));
        services.AddSingleton(sp => new PriceWarmup(
            sp.GetRequiredService<IPriceStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IOldPriceKeys>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<PriceWarmup>>()));
        return errors.All;
    }

    /// <summary>Whether the settings name a Redis Cluster (<c>Redis:Configuration</c>); the in-memory store otherwise.</summary>
    public static bool IsCluster(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[RedisStoreOptions.SectionName + ":" + nameof(RedisStoreOptions.Configuration)]);
    }
}
