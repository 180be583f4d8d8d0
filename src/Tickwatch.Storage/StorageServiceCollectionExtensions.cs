using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage;

/// <summary>Registers the price store, its health probe, publisher, subscriber, writer, warm-up and diagnostics.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The Redis Cluster store when <c>Redis:Configuration</c> is set, the in-memory store otherwise. Nothing connects
    /// here: the multiplexer opens on first use (or when the host calls <see cref="RedisConnection.GetAsync"/>), and a
    /// cluster that is down then is survived and reconnected. Options (<c>Redis</c>, <c>StoreWriter</c>) are validated
    /// on start with every error at once.
    /// </summary>
    public static IServiceCollection AddTickwatchStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoreErrorLog>();

        services.AddOptions<RedisStoreOptions>().Bind(configuration.GetSection(RedisStoreOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisStoreOptions>>(new RedisStoreOptionsValidator(configuration));
        services.AddOptions<PriceStoreWriterOptions>().Bind(configuration.GetSection(PriceStoreWriterOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PriceStoreWriterOptions>, PriceStoreWriterOptionsValidator>();

        if (!string.IsNullOrWhiteSpace(configuration[RedisStoreOptions.SectionName + ":" + nameof(RedisStoreOptions.Configuration)]))
        {
            services.AddSingleton<RedisConnection>();
            services.AddSingleton<RedisPriceStore>();
            services.AddSingleton<IPriceStore>(sp => sp.GetRequiredService<RedisPriceStore>());
            services.TryAddSingleton<IStoreHealth, RedisStoreHealth>();
            services.AddSingleton<IPriceAnnouncer, RedisPriceAnnouncer>();
            services.AddSingleton<IPriceAnnouncementSubscriber, RedisPriceAnnouncementSubscriber>();
            services.AddSingleton(sp => new RedisClusterDiagnostics(
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<StoreErrorLog>(),
                sp.GetRequiredService<PriceStoreWriter>(),
                sp.GetRequiredService<RedisConnection>(),
                sp.GetRequiredService<RedisPriceStore>()));
        }
        else
        {
            services.AddSingleton<InMemoryPriceStore>();
            services.AddSingleton<IPriceStore>(sp => sp.GetRequiredService<InMemoryPriceStore>());
            services.TryAddSingleton<IStoreHealth, InMemoryStoreHealth>();
            services.AddSingleton<InMemoryPriceAnnouncements>();
            services.AddSingleton<IPriceAnnouncer>(sp => sp.GetRequiredService<InMemoryPriceAnnouncements>());
            services.AddSingleton<IPriceAnnouncementSubscriber>(sp => sp.GetRequiredService<InMemoryPriceAnnouncements>());
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
            sp.GetService<Microsoft.Extensions.Logging.ILogger<PriceStoreWriter>>()));
        services.AddSingleton<PriceWarmup>();
        return services;
    }
}
