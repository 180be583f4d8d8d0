using System.Diagnostics.Metrics;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Metrics;

/// <summary>
/// The gateway's instruments on the <c>Tickwatch.Gateway</c> meter: the live price stream's clients and what it sent,
/// read from the stream's own counters at scrape time (nothing is counted twice on the send path).
/// </summary>
/// <remarks>Prometheus names: the exporter appends <c>_total</c> to counters (<c>tickwatch.gateway.stream.prices.sent</c> → <c>tickwatch_gateway_stream_prices_sent_total</c>).</remarks>
public sealed class GatewayMeter
{
    public const string MeterName = "Tickwatch.Gateway";

    public GatewayMeter(IMeterFactory meterFactory, PriceStreamHub hub)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(hub);
        var meter = meterFactory.Create(MeterName);
        var statistics = hub.Statistics;
        meter.CreateObservableGauge("tickwatch.gateway.stream.clients", () => hub.Sessions.Count, "{client}", "Stream clients connected now.");
        meter.CreateObservableGauge("tickwatch.gateway.stream.symbols", () => hub.Streams.Count, "{symbol}", "Symbols with at least one subscriber (one store subscription each).");
        meter.CreateObservableCounter("tickwatch.gateway.stream.clients.connected", () => statistics.ClientsConnected, "{client}", "Stream clients connected since start.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.clients.dropped_slow", () => statistics.ClientsDroppedSlow, "{client}", "Clients disconnected for staying too far behind.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.clients.refused", () => statistics.ClientsRefused, "{client}", "Connections refused at Gateway:Stream:MaxClients.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.updates.received", () => statistics.UpdatesReceived, "{price}", "Prices received from the store's announcements.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.prices.sent", () => statistics.ClosedSessionsSent + hub.Sessions.Sum(s => s.Sent), "{price}", "Prices sent to clients.");
        meter.CreateObservableCounter(
            "tickwatch.gateway.stream.prices.conflated", () => statistics.ClosedSessionsConflated + hub.Sessions.Sum(s => s.Conflated), "{price}", "Prices replaced by a newer one before a slow client was sent them.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.stale_announcements", () => statistics.StaleAnnouncements, "{announcement}", "Symbols announced stale to their subscribers.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.bad_client_messages", () => statistics.BadClientMessages, "{message}", "Client messages that were not a valid command.");
        meter.CreateObservableCounter("tickwatch.gateway.stream.subscribe_failures", () => statistics.SubscribeFailures, "{failure}", "Store subscriptions that failed.");
    }
}
