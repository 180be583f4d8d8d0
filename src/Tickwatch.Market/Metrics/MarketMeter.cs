using System.Diagnostics.Metrics;
using Tickwatch.Core.Prices;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Health;
using Tickwatch.Market.Ledger;
using Tickwatch.Market.Pricing;
using Tickwatch.Market.Startup;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Market.Metrics;

/// <summary>
/// The market service's instruments on the <see cref="MarketMetricNames.Meter"/> meter. Every one is observable: it
/// reads the counters the components already keep when Prometheus scrapes, so nothing is counted twice on the hot path.
/// </summary>
/// <remarks>The meter belongs to the host's <see cref="IMeterFactory"/>, which disposes it with the host.</remarks>
public sealed class MarketMeter
{
    public MarketMeter(
        IMeterFactory meterFactory,
        FeedListenerSet feeds,
        PriceBook book,
        PriceStoreWriter writer,
        StoreErrorLog storeErrors,
        HealthMonitor health,
        ServiceSupervisor supervisor,
        TradingEngine trading,
        TriggerService triggers,
        PortfolioCalculator portfolios,
        RedisConnection? redis = null,
        LedgerWriter? ledger = null,
        LedgerReadCounters? ledgerReads = null,
        LedgerReconciliation? reconciliation = null,
        TimeProvider? time = null,
        AutoCutoffWatcher? autoCutoff = null,
        ProviderConnectionManager? provider = null,
        ProviderPendingMonitor? pendingMonitor = null,
        ClusterWatch? cluster = null,
        PriceReplicator? replicator = null,
        ClusterProviderLink? relay = null,
        ProviderRelayConsumer? relayConsumer = null,
        RedisPriceStore? redisPrices = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MarketMetricNames.Meter);
        FeedInstruments.Register(meter, feeds, cluster);
        MarketDataInstruments.Register(meter, book);
        StoreInstruments.Register(meter, writer, storeErrors, health, redis, redisPrices);
        ServiceInstruments.Register(meter, supervisor);
        if (cluster is not null)
        {
            ClusterInstruments.Register(meter, cluster, writer, feeds, replicator, relay, relayConsumer);
        }

        ArgumentNullException.ThrowIfNull(trading);
        var tradingMeter = meterFactory.Create(MarketMetricNames.TradingMeter);
        TradingInstruments.Register(tradingMeter, trading, triggers, portfolios);
        if (ledger is not null)
        {
            LedgerInstruments.Register(tradingMeter, ledger, reconciliation, time);
        }

        if (ledgerReads is not null)
        {
            LedgerReadInstruments.Register(tradingMeter, ledgerReads);
        }

        if (autoCutoff is not null)
        {
            AutoCutoffInstruments.Register(tradingMeter, autoCutoff);
        }

        if (provider is not null)
        {
            ProviderInstruments.Register(tradingMeter, provider);
        }

        if (pendingMonitor is not null)
        {
            ProviderInstruments.Register(tradingMeter, pendingMonitor);
        }

        meter.CreateObservableGauge(
            MarketMetricNames.SystemMemoryUsage,
            () => MemoryReading.Read() is { TotalBytes: > 0 } m ? [new Measurement<double>((double)m.UsedBytes / m.TotalBytes)] : Array.Empty<Measurement<double>>(),
            "1",
            "Memory in use where the service runs (container limit or machine), 0-1.");
    }
}
