using System.Diagnostics.Metrics;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.MarketService;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Metrics;

/// <summary>
/// The gateway's instruments on the <c>Tickwatch.Gateway</c> meter: the live price stream's clients and what it sent
/// (prices, and portfolios and order changes on the portfolio channel),
/// read from the stream's own counters at scrape time (nothing is counted twice on the send path), and its probes of the
/// market service, recorded as they happen.
/// </summary>
/// <remarks>
/// Prometheus names: the exporter appends <c>_total</c> to counters (<c>tickwatch.gateway.stream.prices.sent</c> → <c>tickwatch_gateway_stream_prices_sent_total</c>)
/// and the unit to the rest (<c>tickwatch.gateway.market_service.probe.duration</c> → <c>tickwatch_gateway_market_service_probe_duration_seconds</c>).
/// </remarks>
public sealed class GatewayMeter
{
    public const string MeterName = "Tickwatch.Gateway";

    /// <summary>Buckets of the probe's round trip, in seconds: a healthy market service answers within milliseconds, a timeout takes seconds.</summary>
    private static readonly double[] ProbeDurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> _marketProbes;
    private readonly Histogram<double> _marketProbeDuration;

    // 1 when the last probe found the market service ready, 0 when not, -1 before the first probe (no sample at all).
    private int _marketServiceUp = -1;

    // The record of what was shown is summed over every user once per scrape, not once per instrument.
    private static readonly TimeSpan ShownReportAge = TimeSpan.FromSeconds(1);

    public GatewayMeter(IMeterFactory meterFactory, LivePriceStream hub, ShownPriceLog shown)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(shown);
        var meter = meterFactory.Create(MeterName);
        var statistics = hub.Statistics;
        meter.CreateObservableGauge("tickwatch.gateway.stream.clients", () => hub.Sessions.Count, "{client}", "Stream clients connected now.");
        meter.CreateObservableGauge("tickwatch.gateway.stream.symbols", () => hub.Streams.Count, "{symbol}", "Symbols with at least one subscriber (one store subscription each).");
        meter.CreateObservableCounter("tickwatch.gateway.stream.clients.connected", () => statistics.ClientsConnected, "{client}", "Stream clients connected since start.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.clients.dropped_slow", () => statistics.ClientsDroppedSlow, "{client}", "Clients disconnected for staying too far behind.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.clients.refused",
            IEnumerable<Measurement<long>> () => [Reason(statistics.ClientsRefused, "max_clients"), Reason(statistics.ClientsRefusedPerUser, "max_connections_per_user")],
            "{client}",
            "Connections refused, by reason: max_clients (Gateway:Stream:MaxClients), max_connections_per_user (Gateway:Stream:MaxConnectionsPerUser).");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.clients.disconnected",
            IEnumerable<Measurement<long>> () => [Reason(statistics.ClientsClosedTokenExpired, "token_expired"), Reason(statistics.ClientsClosedCommandRate, "command_rate"), Reason(statistics.ClientsFailed, "gateway_error")],
            "{client}",
            "Clients the gateway closed, by reason: token_expired, command_rate (over Gateway:Stream:MaxCommandsPerSecond too often), gateway_error (a fault of its own); slow ones are clients.dropped_slow.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.commands.refused", () => statistics.CommandsRefused, "{command}", "Client commands refused for coming faster than Gateway:Stream:MaxCommandsPerSecond.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.updates.received", () => statistics.UpdatesReceived, "{price}", "Prices received from the store's announcements.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.prices.sent", () => statistics.ClosedSessionsSent + hub.Sessions.Sum(s => s.Sent), "{price}", "Prices sent to clients.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.messages.sent", () => statistics.ClosedSessionsMessages + hub.Sessions.Sum(s => s.MessagesSent), "{message}", "Messages of prices sent to clients (each the latest of every symbol that changed).");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.prices.conflated", () => statistics.ClosedSessionsConflated + hub.Sessions.Sum(s => s.Conflated), "{price}", "Prices replaced by a newer one before a slow client was sent them.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.messages.sent_at_once",
            () => statistics.ClosedSessionsMessagesAtOnce + hub.Sessions.Sum(s => s.MessagesSentAtOnce),
            "{message}",
            "Messages of prices sent without waiting (an idle client whose last message went out at least Gateway:Stream:MinSendGap ago).");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.messages.coalesced",
            () => statistics.ClosedSessionsMessagesCoalesced + hub.Sessions.Sum(s => s.MessagesCoalesced),
            "{message}",
            "Messages of prices that waited for their gap (adaptive pacing) or slot (fixed), gathering the prices that arrived meanwhile.");
        meter.CreateObservableGauge(
            "tickwatch.gateway.stream.load_factor",
            () => hub.Load.Factor,
            "1",
            "The load adaptive pacing sees, 0 (prices go at once) to 1 (messages Gateway:Stream:MaxBatchDelay apart).");
        meter.CreateObservableCounter("tickwatch.gateway.stream.stale_announcements", () => statistics.StaleAnnouncements, "{announcement}", "Symbols announced stale to their subscribers.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.closed_announcements", () => statistics.ClosedAnnouncements, "{announcement}", "Symbols announced closed (outside their trading hours) to their subscribers.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.bad_client_messages", () => statistics.BadClientMessages, "{message}", "Client messages that were not a valid command.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.subscribe_failures", () => statistics.SubscribeFailures, "{failure}", "Store subscriptions that failed.");
        meter.CreateObservableGauge(
            "tickwatch.gateway.stream.portfolio_subscribers", () => hub.PortfolioSubscribers, "{client}", "Clients following their account's portfolio channel (portfolio and order changes) now.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.portfolios.sent", () => statistics.ClosedSessionsPortfolios + hub.Sessions.Sum(s => s.PortfoliosSent), "{message}", "Portfolios sent to clients on the portfolio channel.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.orders.sent", () => statistics.ClosedSessionsOrders + hub.Sessions.Sum(s => s.OrdersSent), "{message}", "Order changes sent to clients on the portfolio channel.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.resumes",
            IEnumerable<Measurement<long>> () => [Outcome(statistics.ResumesReplayed, "replayed"), Outcome(statistics.ResumesReset, "reset")],
            "{client}",
            "Clients that subscribed to the portfolio channel with since_seq, by outcome: replayed (sent the order events they missed), reset (told orders_reset: reload).");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.order_gaps_filled",
            () => statistics.OrderGapsFilled,
            "{gap}",
            "Gaps in the order event numbers heard on order_updates (a publisher gone between commit and publish, a lost message), filled from the account's order events.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.order_reorders_absorbed",
            () => statistics.OrderReordersAbsorbed,
            "{event}",
            "Order events heard out of order on order_updates (two market services publishing for one account) whose missing numbers came within Gateway:Stream:OrderGapGrace: sent in order without reading the store.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.portfolio_read_failures", () => statistics.PortfolioReadFailures, "{failure}", "Portfolio reads for the portfolio channel that failed (the account's next change reads again).");
        meter.CreateObservableGauge(
            "tickwatch.gateway.forensics.shown.users", () => shown.Report(ShownReportAge).Users, "{user}", "Users whose shown prices the gateway remembers (Gateway:Forensics).");
        meter.CreateObservableGauge(
            "tickwatch.gateway.forensics.shown.entries", () => shown.Report(ShownReportAge).EntriesHeld, "{entry}", "Prices the gateway remembers having shown users, over every user and symbol.");
        meter.CreateObservableGauge(
            "tickwatch.gateway.forensics.shown.held", () => shown.Report(ShownReportAge).BytesHeld, "By", "Bytes the record of shown prices holds, by its own accounting (Gateway:Forensics:MaxBytes bounds it).");
        meter.CreateObservableCounter(
            "tickwatch.gateway.forensics.shown.recorded", () => shown.Report(ShownReportAge).EntriesRecorded, "{entry}", "Prices recorded as shown: price elements written to a client's socket, and prices served by /api/quotes.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.forensics.shown.evicted",
            () => Evicted(shown.Report(ShownReportAge).EntriesEvicted),
            "{entry}",
            "Shown prices let go of, by reason: window (Gateway:Forensics:ShownWindow), cap (ShownPerSymbol), user_cap (MaxUsers), byte_cap (MaxBytes).");
        _marketProbes = meter.CreateCounter<long>(
            "tickwatch.gateway.market_service.probes", "{probe}", "Calls to the market service's /health/ready, by outcome (python-health's status).");
        _marketProbeDuration = meter.CreateHistogram(
            "tickwatch.gateway.market_service.probe.duration", "s", "Round trip of each call to the market service's /health/ready (time until giving up when it did not answer).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ProbeDurationBuckets });
        meter.CreateObservableGauge(
            "tickwatch.gateway.market_service.up", ObserveMarketServiceUp, null, "1 when the gateway's last probe found the market service ready, 0 when not; absent before the first probe.");
    }

    /// <summary>Counts and times one probe of the market service, and remembers whether it found it ready.</summary>
    public void RecordMarketProbe(MarketServiceProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        _marketProbes.Add(1, new KeyValuePair<string, object?>("outcome", probe.Status));
        _marketProbeDuration.Record(probe.Latency.TotalSeconds, new KeyValuePair<string, object?>("outcome", probe.Status));
        Volatile.Write(ref _marketServiceUp, probe.Ready ? 1 : 0);
    }

    private static Measurement<long> Reason(long value, string reason) => new(value, new KeyValuePair<string, object?>("reason", reason));

    private static Measurement<long> Outcome(long value, string outcome) => new(value, new KeyValuePair<string, object?>("outcome", outcome));

    private static Measurement<long>[] Evicted(ShownEvictions evicted) =>
        [Reason(evicted.Window, "window"), Reason(evicted.Cap, "cap"), Reason(evicted.UserCap, "user_cap"), Reason(evicted.ByteCap, "byte_cap")];

    private Measurement<int>[] ObserveMarketServiceUp() => Volatile.Read(ref _marketServiceUp) is >= 0 and var up ? [new Measurement<int>(up)] : [];
}
